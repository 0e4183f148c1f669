"""What a monitor needs to know, for /healthz: the database, the broker, a live worker, polling, the
queue and the oldest article waiting for tagging.

Every probe is bounded so that the report is ready within a second whatever is down: the database and
the broker are probed in threads of their own, each with its own short-lived connection and short
timeouts, and a probe still hanging at the deadline is abandoned (its connection closes when its own
timeout ends), never waited for. A failure is named by its cause ("unreachable", "timed out"); the
exception text, which can hold host names and ports, goes to the log and to staff only.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils import timezone
from redis.backoff import NoBackoff
from redis.retry import Retry

from apps.news.models import Article, Feed
from config.celery import ALIVE_KEY

log = logging.getLogger(__name__)

DEADLINE = 0.75  # seconds for the whole report: /healthz answers within a second in every outage
REDIS_TIMEOUT = 0.3  # connect and each command; no retries
# libpq's smallest connect timeout; a probe still connecting at the deadline is abandoned anyway.
DB_CONNECT_TIMEOUT = 2
DB_STATEMENT_TIMEOUT_MS = 500
# The sections that make /healthz answer 503 when they are not ok; queue and pending only inform.
REQUIRED = ("database", "broker", "worker", "polling")
CAUSES = {
    "database": "database {error}",
    "broker": "broker {error}",
    "worker": "no live worker",
    "polling": "polling stalled",
}


def report(*, include_workers: bool = True) -> dict:
    """The full report: a section per check (`ok`, figures, and for a failure its `error` cause and its
    `detail`, the exception text), `causes` naming what fails and `status` ("ok" or "degraded").
    Without `include_workers` the worker and polling checks are left out (a web container's own check).
    """
    deadline = time.monotonic() + DEADLINE
    found = _run_until(
        {
            "database": lambda: _database_probe(include_polling=include_workers),
            "broker": lambda: _broker_probe(include_workers=include_workers),
        },
        deadline,
    )
    sections: dict[str, dict] = {}
    for name, result in found.items():
        sections.update(result or {name: {"ok": False, "error": "timed out"}})
    not_checked = {
        "pending": "database",
        "queue": "broker",
        **({"polling": "database", "worker": "broker"} if include_workers else {}),
    }
    for name, needs in not_checked.items():
        sections.setdefault(name, {"ok": False, "error": f"not checked: {needs} down"})
    causes = [
        CAUSES[name].format(error=sections[name].get("error", ""))
        for name in REQUIRED
        if name in sections
        and not sections[name]["ok"]
        and not sections[name]["error"].startswith("not checked")
    ]
    for name, section in sections.items():
        if section.get("detail"):
            log.warning("healthz: %s %s: %s", name, section["error"], section["detail"])
    return {"status": "degraded" if causes else "ok", "causes": causes, **sections}


def public(full: dict) -> dict:
    """The report without exception text or worker names: what anyone may see."""
    hidden = {"detail", "names"}
    return {
        key: {k: v for k, v in value.items() if k not in hidden} if isinstance(value, dict) else value
        for key, value in full.items()
    }


def _run_until(probes: dict[str, Callable[[], dict]], deadline: float) -> dict[str, dict | None]:
    """Run the probes in threads of their own; None for a probe that has not finished by the deadline."""
    results: dict[str, dict] = {}

    def run(name: str, probe: Callable[[], dict]) -> None:
        try:
            results[name] = probe()
        except Exception as exc:  # noqa: BLE001 - a failing probe is reported, never raised
            results[name] = {name: _failed("error", exc)}

    threads = [threading.Thread(target=run, args=item, daemon=True) for item in probes.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return {name: results.get(name) for name in probes}


def _failed(error: str, exc: BaseException) -> dict:
    return {"ok": False, "error": error, "detail": f"{type(exc).__name__}: {exc}"[:500]}


def _age(now: datetime, then: datetime | None) -> int | None:
    return None if then is None else max(0, int((now - then).total_seconds()))


def _database_probe(*, include_polling: bool) -> dict:
    """Runs in its own thread, so on a connection of its own (Django's are per thread), opened with a
    short connect timeout and closed at the end."""
    connection = connections[DEFAULT_DB_ALIAS]
    options = {**connection.settings_dict.get("OPTIONS", {}), "connect_timeout": DB_CONNECT_TIMEOUT}
    connection.settings_dict = {**connection.settings_dict, "OPTIONS": options}
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {DB_STATEMENT_TIMEOUT_MS}")
    except DatabaseError as exc:
        connection.close()
        return {"database": _failed("unreachable", exc)}
    now = timezone.now()
    sections: dict[str, dict] = {"database": {"ok": True}}
    try:
        pending = Article.objects.pending_summary()
        sections["pending"] = {
            "ok": True,
            "count": pending["count"],
            "oldest_age_seconds": _age(now, pending["oldest"]),
        }
        if include_polling:
            sections["polling"] = _polling_state(now)
    except DatabaseError as exc:
        sections["database"] = _failed("error", exc)
    finally:
        connection.close()
    return sections


def _polling_state(now: datetime) -> dict:
    """Stalled: an enabled feed has been due for HEALTH_POLL_STALL_MINUTES and no poll succeeded since."""
    window = timedelta(minutes=settings.HEALTH_POLL_STALL_MINUTES)
    summary = Feed.objects.polling_summary(now - window)
    last_success = summary["last_success"]
    stalled = bool(summary["overdue"]) and (last_success is None or last_success < now - window)
    state = {
        "ok": not stalled,
        "overdue_feeds": summary["overdue"],
        "last_success_age_seconds": _age(now, last_success),
    }
    if stalled:
        state["error"] = "stalled"
    return state


def _broker_probe(*, include_workers: bool) -> dict:
    """Ping Redis, read the length of the Celery queue and, if asked, the records of the live workers
    (each worker renews its own every few seconds: config/celery.py)."""
    client = redis.Redis.from_url(
        settings.CELERY_BROKER_URL,
        socket_timeout=REDIS_TIMEOUT,
        socket_connect_timeout=REDIS_TIMEOUT,
        retry=Retry(NoBackoff(), 0),
    )
    try:
        client.ping()
        depth = client.llen(settings.CELERY_TASK_DEFAULT_QUEUE)
        alive = [key.decode() for key in client.scan_iter(match=f"{ALIVE_KEY}*", count=1000)]
    except redis.TimeoutError as exc:
        return {"broker": {"mode": "redis", **_failed("timed out", exc)}}
    except redis.ConnectionError as exc:
        return {"broker": {"mode": "redis", **_failed("unreachable", exc)}}
    except redis.RedisError as exc:
        return {"broker": {"mode": "redis", **_failed("error", exc)}}
    finally:
        client.close()
    sections: dict[str, dict] = {
        "broker": {"ok": True, "mode": "redis"},
        "queue": {"ok": True, "depth": depth},
    }
    if include_workers:
        names = sorted(key.removeprefix(ALIVE_KEY) for key in alive)
        sections["worker"] = {"ok": bool(names), "workers": len(names), "names": names}
        if not names:
            sections["worker"]["error"] = "no live worker"
    return sections
