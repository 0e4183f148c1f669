"""Strict readers for settings taken from the environment.

A bad value fails at start-up with a message naming the variable, never at the first request.
"""

from __future__ import annotations

import os
import re
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


_RATE = re.compile(r"(\d+)\s*/\s*(\d*)\s*([smh])")
_SECONDS = {"s": 1, "m": 60, "h": 3600}


def env_rate(name: str, default: str) -> tuple[int, int] | None:
    """A rate limit `N/m` (also `N/s`, `N/h`, `N/10m`) as (requests, seconds); empty or `0` is none."""
    raw = os.environ.get(name, default).strip().lower()
    if raw in {"", "0", "off", "none"}:
        return None
    match = _RATE.fullmatch(raw)
    if not match or int(match[1]) < 1:
        raise ImproperlyConfigured(f"{name} must be a rate like 30/m (5/s, 100/h; 0 for none), got {raw!r}")
    return int(match[1]), int(match[2] or 1) * _SECONDS[match[3]]


_HEADER_NAME = re.compile(r"[A-Za-z0-9-]+")


def proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """SECURE_PROXY_SSL_HEADER from a header name (`X-Forwarded-Proto`): the request is https when the
    proxy sets that header to "https". An empty name means no proxy is trusted."""
    if not name:
        return None
    if not _HEADER_NAME.fullmatch(name):
        raise ImproperlyConfigured(
            f"SECURE_PROXY_SSL_HEADER must be a header name like X-Forwarded-Proto, got {name!r}"
        )
    return "HTTP_" + name.upper().replace("-", "_"), "https"


_ENGINES = {
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
    "pgsql": "django.db.backends.postgresql",
}


def database_from_url(url: str) -> dict:
    """Turn `postgres://user:pass@host:port/name?opt=v` into a DATABASES entry (PostgreSQL only)."""
    parts = urlsplit(url)
    engine = _ENGINES.get(parts.scheme)
    if engine is None:
        raise ImproperlyConfigured(f"DATABASE_URL scheme {parts.scheme!r} is not supported (use postgres://)")
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL names no database")
    config: dict = {
        "ENGINE": engine,
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": dict(parse_qsl(parts.query)),
    }
    return config


def redis_url_next_db(url: str) -> str:
    """The same Redis server, the next database number (db 0 -> 1, 15 -> 0)."""
    parts = urlsplit(url)
    path = parts.path.strip("/")
    try:
        db = int(path or 0)
    except ValueError:
        raise ImproperlyConfigured(f"REDIS_URL has a database path that is not a number: {url!r}") from None
    return parts._replace(path=f"/{(db + 1) % 16}").geturl()
