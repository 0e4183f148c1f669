"""A slow query in a web request is cancelled at WEB_STATEMENT_TIMEOUT_MS and answers a friendly 503.

The slow query is real: another connection holds a lock on the events table, so the page's own query
waits in PostgreSQL until the statement timeout cancels it.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import psycopg
import pytest
from django.db import OperationalError, connection

from tests.web.builders import make_event
from tests.workers import wait_for

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)


@contextlib.contextmanager
def events_locked():
    """The events table locked by another session, as a long migration or a runaway query would."""
    with psycopg.connect(**connection.get_connection_params()) as other:
        other.execute("LOCK TABLE events_event IN ACCESS EXCLUSIVE MODE")
        yield
        other.rollback()


def test_a_slow_query_answers_503_and_frees_the_worker(world, live_server, settings):
    settings.WEB_STATEMENT_TIMEOUT_MS = 300
    make_event("Forum on AI")
    with events_locked():
        started = time.monotonic()
        response = httpx.get(live_server.url + "/?q=forum", timeout=30)
        waited = time.monotonic() - started
        indonesian = httpx.get(live_server.url + "/", headers={"Accept-Language": "id"}, timeout=30)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "This page took too long" in response.text
    assert waited < 3, waited  # cancelled at 0.3 s, not held until the lock goes
    assert indonesian.status_code == 503
    assert "Halaman ini terlalu lama dimuat" in indonesian.text
    # The same server answers at once when the lock is gone: nothing was left waiting.
    assert "Forum on AI" in httpx.get(live_server.url + "/?q=forum", timeout=30).text


def test_a_streamed_export_is_bounded_too(world, client, settings):
    settings.WEB_STATEMENT_TIMEOUT_MS = 300
    make_event("Forum on AI")
    try:
        with events_locked():
            response = client.get("/events.csv")  # no filter: every query runs while streaming
            started = time.monotonic()
            with pytest.raises(OperationalError, match="statement timeout"):
                b"".join(response.streaming_content)
            assert time.monotonic() - started < 3
    finally:
        # The test client shares the test's connection, which the request left with a 300 ms timeout:
        # the database's flush after this test must not run under it.
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")


def test_the_timeout_is_off_when_set_to_zero(world, live_server, settings):
    settings.WEB_STATEMENT_TIMEOUT_MS = 0
    answers: list[httpx.Response] = []
    # Autocommit: each look at pg_stat_activity is a fresh snapshot.
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other, events_locked():
        request = threading.Thread(target=lambda: answers.append(httpx.get(live_server.url, timeout=30)))
        request.start()
        # The page's query waits on the lock for longer than any timeout these tests set ...
        wait_for(
            lambda: other.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND query LIKE '%events_event%' AND now() - query_start > interval '700 milliseconds'"
            ).fetchone()[0],
            timeout=20,
        )
        assert request.is_alive()
    # ... and is answered once the lock goes.
    request.join(timeout=30)
    assert [a.status_code for a in answers] == [200]


def test_commands_and_workers_do_not_get_the_timeout(db):
    """Only the web process sets it: a management command's session keeps PostgreSQL's default (0)."""
    params = connection.settings_dict
    url = (
        f"postgres://{quote(params['USER'])}:{quote(params['PASSWORD'] or '')}@{params['HOST']}:"
        f"{params['PORT'] or 5432}/{quote(params['NAME'])}"
    )
    code = (
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('SHOW statement_timeout'); print(c.fetchone()[0])\n"
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "WEB_STATEMENT_TIMEOUT_MS": "100"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "0"
