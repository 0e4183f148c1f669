"""The state of the services the tracker needs, for /healthz and monitoring."""

from __future__ import annotations

from django.conf import settings
from django.db import connection


def database_state() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - health reports any failure rather than raising
        return {"ok": False, "error": str(exc)[:200]}


def broker_state() -> dict:
    if not settings.CELERY_BROKER_URL:
        return {"ok": True, "mode": "in-process"}
    try:
        import redis

        client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2, socket_connect_timeout=2)
        client.ping()
        return {"ok": True, "mode": "redis"}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "mode": "redis", "error": str(exc)[:200]}


def worker_state() -> dict:
    if not settings.CELERY_BROKER_URL:
        return {"ok": True, "mode": "in-process", "workers": 0}
    try:
        from config.celery import app

        replies = app.control.ping(timeout=1.0) or []
        return {"ok": bool(replies), "workers": len(replies)}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "workers": 0, "error": str(exc)[:200]}
