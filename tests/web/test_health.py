"""/healthz as a monitor sees it: 503 without a live worker, with polling stalled or a service down,
within a second in every outage, causes named but no addresses; the detail for staff only."""

from __future__ import annotations

import itertools
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from celery import current_app
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import resolve
from django.utils import timezone

from apps.news.models import Article, Feed, Source
from config.celery import ALIVE_KEY
from tests.workers import RedisServer, Worker, free_port, purge_broker, start_worker, use_broker, wait_for

ROOT = Path(__file__).resolve().parents[2]
_feeds = itertools.count()


@pytest.fixture(autouse=True)
def views_imported() -> None:
    """Time the answer, not the first import of the views."""
    resolve("/healthz")


def get_health(client, path: str = "/healthz") -> tuple[int, dict, str, float]:
    started = time.monotonic()
    response = client.get(path)
    elapsed = time.monotonic() - started
    return response.status_code, response.json(), response.content.decode(), elapsed


@pytest.fixture
def worker(transactional_db) -> Iterator[Worker]:
    purge_broker()
    started = start_worker("health")
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    wait_for(lambda: client.exists(f"{ALIVE_KEY}health@{socket.gethostname()}"), message="worker heartbeat")
    yield started
    started.kill()
    purge_broker()


@pytest.fixture
def dead_redis(tmp_path) -> Iterator[RedisServer]:
    """A Redis server of this test's own, started and then killed: the broker is down."""
    server = RedisServer(tmp_path).start()
    server.kill()
    with use_broker(server.url):
        yield server


@pytest.fixture
def silent_redis() -> Iterator[int]:
    """A port that accepts connections and never answers (a hung Redis)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        port = listener.getsockname()[1]
        with use_broker(f"redis://127.0.0.1:{port}/0"):
            yield port


def make_feed(**fields) -> Feed:
    source, _ = Source.objects.get_or_create(domain="health.example", defaults={"name": "Health"})
    return Feed.objects.create(url=f"https://health.example/{next(_feeds)}.xml", source=source, **fields)


def test_without_a_live_worker_healthz_answers_503_and_reports_the_queue(client, db):
    purge_broker()
    for _ in range(3):  # nothing consumes them: the queue is 3 messages deep
        current_app.send_task("news.process_articles", args=[[]])
    try:
        status, body, _, elapsed = get_health(client)
    finally:
        purge_broker()
    assert status == 503
    assert body["status"] == "degraded" and body["causes"] == ["no live worker"]
    assert body["worker"] == {"ok": False, "workers": 0, "error": "no live worker"}
    assert body["database"]["ok"] and body["broker"]["ok"]
    assert body["queue"] == {"ok": True, "depth": 3}
    assert elapsed < 1.0


def test_with_a_worker_running_healthz_answers_200_with_queue_and_pending_age(client, worker):
    article = Article.objects.create(url="https://health.example/a", title="Waiting")
    Article.objects.filter(pk=article.pk).update(fetched_at=timezone.now() - timedelta(minutes=10))
    status, body, _, elapsed = get_health(client)
    assert status == 200, body
    assert body["status"] == "ok" and body["causes"] == []
    assert body["worker"]["ok"] and body["worker"]["workers"] == 1
    assert "names" not in body["worker"]  # worker names are staff detail
    assert body["polling"]["ok"] and body["polling"]["overdue_feeds"] == 0
    assert body["pending"]["count"] == 1 and 590 <= body["pending"]["oldest_age_seconds"] <= 700
    assert body["queue"]["depth"] == 0
    assert elapsed < 1.0


def test_polling_stalled_answers_503_until_a_poll_succeeds(client, worker, settings):
    settings.HEALTH_POLL_STALL_MINUTES = 15
    now = timezone.now()
    make_feed(next_poll_at=now + timedelta(minutes=5))  # not due: fine
    overdue = make_feed(next_poll_at=now - timedelta(minutes=20), last_success_at=now - timedelta(hours=1))
    status, body, _, _ = get_health(client)
    assert status == 503 and body["causes"] == ["polling stalled"]
    assert body["polling"]["ok"] is False and body["polling"]["overdue_feeds"] == 1
    assert 3590 <= body["polling"]["last_success_age_seconds"] <= 3700
    # Another feed polled successfully a minute ago: polling runs, that feed is only late.
    make_feed(next_poll_at=now + timedelta(minutes=29), last_success_at=now - timedelta(minutes=1))
    assert get_health(client)[0] == 200
    Feed.objects.exclude(pk=overdue.pk).delete()
    # A disabled feed is never overdue, nor one registered just now and never polled...
    Feed.objects.filter(pk=overdue.pk).update(enabled=False)
    make_feed()
    assert get_health(client)[0] == 200
    # ... but one registered long ago and never polled is.
    old = make_feed()
    Feed.objects.filter(pk=old.pk).update(created_at=now - timedelta(hours=1))
    assert get_health(client)[1]["causes"] == ["polling stalled"]


def test_with_redis_down_healthz_answers_503_within_a_second_without_addresses(client, db, dead_redis):
    status, body, text, elapsed = get_health(client)
    assert status == 503 and elapsed < 1.0
    assert body["causes"] == ["broker unreachable"]
    assert body["broker"] == {"ok": False, "mode": "redis", "error": "unreachable"}
    assert body["worker"] == {"ok": False, "error": "not checked: broker down"}
    assert body["queue"] == {"ok": False, "error": "not checked: broker down"}
    assert body["database"]["ok"] is True
    assert "127.0.0.1" not in text and str(dead_redis.port) not in text and "Error" not in text


def test_a_redis_that_never_answers_is_reported_within_a_second(client, db, silent_redis):
    status, body, text, elapsed = get_health(client)
    assert status == 503 and elapsed < 1.0
    assert body["causes"] == ["broker timed out"]
    assert str(silent_redis) not in text


def test_staff_see_the_detail_and_anyone_else_only_the_cause(client, editor, dead_redis):
    plain = User.objects.create_user("reader", password="pw-reader")  # logged in, not staff
    client.force_login(plain)
    _, body, text, _ = get_health(client)
    assert "detail" not in body["broker"] and str(dead_redis.port) not in text
    client.force_login(editor)
    status, body, _, _ = get_health(client)
    assert status == 503
    assert body["broker"]["error"] == "unreachable"
    assert str(dead_redis.port) in body["broker"]["detail"] and "ConnectionError" in body["broker"]["detail"]


def test_workers_0_leaves_out_workers_and_polling(client, db):
    purge_broker()
    status, body, _, _ = get_health(client, "/healthz?workers=0")
    assert status == 200 and "worker" not in body and "polling" not in body


# The database cannot be taken away from this test process (its test database is in use), so an
# outage runs /healthz in a child process whose DATABASE_URL points at a port that refuses or a port
# that never answers.
CHILD = """
import json, time
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import resolve
setup_test_environment()
resolve("/healthz")
started = time.monotonic()
response = Client().get("/healthz")
print(json.dumps({"status": response.status_code, "elapsed": time.monotonic() - started,
                  "text": response.content.decode()}))
"""


def healthz_with_database_at(port: int) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://tracker:secret@127.0.0.1:{port}/tracker",
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("CELERY_BROKER_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_with_the_database_refusing_healthz_answers_503_without_its_address():
    port = free_port()
    answer = healthz_with_database_at(port)
    body = json.loads(answer["text"])
    assert answer["status"] == 503 and answer["elapsed"] < 1.0
    assert body["database"] == {"ok": False, "error": "unreachable"}
    assert body["causes"][0] == "database unreachable"
    assert body["pending"] == {"ok": False, "error": "not checked: database down"}
    for secret in ("127.0.0.1", str(port), "tracker", "secret", "connection"):
        assert secret not in answer["text"], secret


def test_with_the_database_hanging_healthz_still_answers_within_a_second():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        answer = healthz_with_database_at(listener.getsockname()[1])
    body = json.loads(answer["text"])
    assert answer["status"] == 503 and answer["elapsed"] < 1.0
    assert body["database"] == {"ok": False, "error": "timed out"}
    assert "database timed out" in body["causes"]


def test_the_health_summaries_are_one_query_each(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        Article.objects.pending_summary()
    with django_assert_num_queries(1):
        Feed.objects.polling_summary(timezone.now())
