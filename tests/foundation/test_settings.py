"""Settings come from the environment with strict parsing: bad values fail at start, clearly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import database_from_url, env_bool, env_int, env_list, redis_url_next_db

ROOT = Path(__file__).resolve().parents[2]


def test_database_url_for_postgres_is_split_into_parts():
    config = database_from_url("postgres://user:p%40ss@db.example:6543/tracker?sslmode=require")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"]) == (
        "user",
        "p@ss",
        "db.example",
        "6543",
    )
    assert config["NAME"] == "tracker"
    assert config["OPTIONS"] == {"sslmode": "require"}


def test_unsupported_database_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured, match="mysql"):
        database_from_url("mysql://localhost/x")
    with pytest.raises(ImproperlyConfigured, match="sqlite"):
        database_from_url("sqlite:///var/db.sqlite3")


def test_env_helpers_refuse_bad_values(monkeypatch):
    monkeypatch.setenv("X_BOOL", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL"):
        env_bool("X_BOOL")
    monkeypatch.setenv("X_INT", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_LIST", " a, ,b ")
    assert env_list("X_LIST") == ["a", "b"]


def _check(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_secret_key_without_debug_fails_at_start():
    result = _check({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_bad_debug_value_names_the_variable():
    result = _check({"DEBUG": "sometimes", "SECRET_KEY": "x"})
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_cache_gets_its_own_redis_database():
    assert redis_url_next_db("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/1"
    assert redis_url_next_db("redis://:pw@cache:6380") == "redis://:pw@cache:6380/1"
    assert redis_url_next_db("redis://h/15") == "redis://h/0"
    with pytest.raises(ImproperlyConfigured):
        redis_url_next_db("redis://h/zero")
