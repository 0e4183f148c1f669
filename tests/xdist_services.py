"""Loaded first (`-p tests.xdist_services` in pytest's addopts), before Django reads its settings.

Parallel test processes (pytest-xdist) each get a Redis database pair of their own — the broker and,
next to it, the cache — because worker tests empty their broker database; pytest-django already gives
each process a test database of its own. The single-process run keeps the configured database.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

from config import embedded


def _with_db(url: str, db: int) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, parts.fragment))


_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw"):
    base = os.environ.get("REDIS_URL") or embedded.REDIS_URL
    os.environ["REDIS_URL"] = _with_db(base, 2 + 2 * int(_worker[2:]))
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.pop("REDIS_CACHE_URL", None)
