"""Fixtures of the tagging tests: gazetteers from the fixture files, the seed texts, a real worker."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from apps.tagging import gazetteer
from apps.tagging.pipeline import extract

ROOT = Path(__file__).resolve().parents[2]
SEEDS = Path(os.environ.get("SEEDS_DIR", Path(__file__).resolve().parents[1] / "data" / "seeds"))
DEVSET = ROOT / "tests" / "data" / "devset.jsonl"
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="session")
def gaz() -> gazetteer.Gazetteers:
    """Gazetteers built from fixtures/*.json, as the database would hold them after `seed`."""
    return gazetteer.from_fixtures()


@pytest.fixture(scope="session")
def run(gaz) -> Callable:
    def run(text: str, title: str = "", published: date | None = None):
        return extract(title, text, gaz, published=published, today=TODAY)

    return run


def seed_records() -> list[dict]:
    """The five seed articles with their labels: from the devset (which carries them) or the seeds folder."""
    if DEVSET.exists():
        rows = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines() if line.strip()]
        seeds = [r for r in rows if r["id"].startswith("seed-")]
        if seeds:
            return seeds
    labels = json.loads((SEEDS / "labels.json").read_text(encoding="utf-8"))["articles"]
    records = []
    for label in labels:
        title, _, body = (SEEDS / label["file"]).read_text(encoding="utf-8").partition("\n")
        records.append(
            {
                "id": label["file"],
                "title": title,
                "text": body,
                "published": label["published_date"],
                "labels": label,
            }
        )
    return records


def wait_for(condition: Callable[[], object], *, timeout: float = 60, message: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout} s: {message}")


needs_services = pytest.mark.skipif(
    not (os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")),
    reason="a real Celery worker needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)",
)


@pytest.fixture
def worker(transactional_db) -> Iterator[subprocess.Popen]:
    """A real Celery worker on the test database, killed (with its pool) at the end of the test."""
    import redis
    from django.db import connection

    from config.celery import app

    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "SECRET_KEY": "test-secret-key-not-for-production",
    }
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / "tagging-worker.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-c", "1", "-n", "tagging@%h",
         "-l", "info",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        wait_for(
            lambda: (
                process.poll() is not None
                or any("tagging@" in next(iter(r)) for r in app.control.ping(timeout=0.5))
            ),
            message="the worker answers a ping",
        )
        assert process.poll() is None, f"worker exited; see {log.name}"
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.close()
        redis.Redis.from_url(settings.REDIS_URL).flushdb()
