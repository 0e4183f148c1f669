"""End to end with real Celery workers (subprocesses), real Redis, PostgreSQL and HTTP on loopback."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.core.management import call_command

from apps.events.models import EventSource
from apps.news import polling
from apps.news.inputs import add_feed
from apps.news.models import Article, Feed
from apps.news.polling import STORE_CHUNK
from apps.news.tasks import poll_feed
from apps.pipeline.processing import requeue_lost_articles
from apps.tagging.models import ArticleCountry
from tests.workers import wait_for

from .conftest import SEEDS_DIR, long_text, rss

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def queue_length() -> int:
    import redis

    return redis.Redis.from_url(settings.REDIS_URL).llen(settings.CELERY_TASK_DEFAULT_QUEUE)


def idle(app) -> bool:
    """Nothing queued and nothing running or reserved on any worker."""
    if queue_length():
        return False
    inspect = app.control.inspect(timeout=1)
    for state in (inspect.active() or {}, inspect.reserved() or {}, inspect.scheduled() or {}):
        if any(state.values()):
            return False
    return True


def seed_items(server) -> list[dict]:
    items = []
    for n, path in enumerate(sorted(SEEDS_DIR.glob("*.txt"))):
        title, _, body = path.read_text().partition("\n")
        items.append({"title": title, "link": server.url(f"/seed/{n}"), "content": body.replace("\n", "<br>"),
                      "pubDate": "Tue, 04 Nov 2025 08:00:00 GMT"})  # fmt: skip
    return items


def test_polled_feed_becomes_tagged_articles_with_events_and_polling_again_adds_nothing(workers, http_server):
    call_command("seed", "--reference-only", verbosity=0)
    body = rss(seed_items(http_server))

    def route(request):
        if request.headers.get("if-none-match") == '"seeds-v1"':
            return 304, {}, b""
        return 200, {"ETag": '"seeds-v1"', "Content-Type": "application/rss+xml"}, body

    http_server.routes["/feed.xml"] = route
    feed, _ = add_feed(http_server.url("/feed.xml"), name="Seeds")
    workers("w1")
    call_command("poll_feeds", verbosity=0)  # claims the due feed and queues it for the worker
    wait_for(lambda: Article.objects.filter(feed=feed).count() == 5, message="5 articles stored")
    wait_for(
        lambda: not Article.objects.filter(status=Article.Status.PENDING).exists(),
        message="every article tagged",
    )
    failed = list(
        Article.objects.filter(status=Article.Status.FAILED).values_list("status_reason", flat=True)
    )
    assert failed == []
    assert ArticleCountry.objects.filter(article__feed=feed).exists()
    assert EventSource.objects.filter(article__feed=feed).values("article").distinct().count() >= 3

    call_command("poll_feeds", "--all", verbosity=0)
    wait_for(
        lambda: (
            Feed.objects.get(pk=feed.pk).state == Feed.State.IDLE
            and http_server.paths().count("/feed.xml") == 2
        )
    )
    feed.refresh_from_db()
    assert http_server.requests[-1].headers.get("if-none-match") == '"seeds-v1"'  # answered 304
    assert feed.last_error == "" and feed.consecutive_failures == 0
    assert Article.objects.count() == 5


def test_sigkill_mid_batch_then_restart_stores_every_article_exactly_once(workers, http_server):
    total = 600
    items = [{"title": f"Batch {n}", "link": http_server.url(f"/b/{n}"), "content": long_text(n, words=250)}
             for n in range(total)]  # fmt: skip
    http_server.add("/feed.xml", rss(items), headers={"Content-Type": "application/rss+xml"})
    feed, _ = add_feed(http_server.url("/feed.xml"))
    first = workers("w1")
    call_command("poll_feeds", verbosity=0)
    stored_at_kill = wait_for(lambda: (n := Article.objects.count()) >= 60 and n, interval=0.01)
    first.kill()
    assert stored_at_kill < total, "the batch finished before the kill: make it larger"
    assert Article.objects.count() < total

    workers("w2")
    # The messages the killed worker held come back (unacked, past the 10 s visibility timeout).
    deadline = time.monotonic() + 25
    while Article.objects.count() < total and time.monotonic() < deadline:
        time.sleep(0.2)
    # One it had just taken from Redis, before kombu recorded it as unacked (two steps there), is gone:
    # at most one chunk. The feed still counts its items as pending, so the lost-work sweep (beat, here
    # called at once) has it offer them again.
    missing = total - Article.objects.count()
    assert missing <= STORE_CHUNK, f"{missing} articles missing: more than the one message kombu can lose"
    if missing:
        assert polling.claim_feeds_with_lost_items(older_than=0) == [feed.pk]
        poll_feed.delay(feed.pk)
    wait_for(lambda: Article.objects.count() == total, timeout=120, message=f"all {total} articles stored")
    urls = list(Article.objects.values_list("url", flat=True))
    assert len(urls) == len(set(urls)) == total
    assert set(urls) == {http_server.url(f"/b/{n}") for n in range(total)}
    # ... and every one of them is tagged exactly once, including those in flight at the kill. A tagging
    # batch lost the same way is queued again by the sweep of articles whose tagging never started.
    requeue_lost_articles(older_than=0)
    wait_for(
        lambda: not Article.objects.filter(status=Article.Status.PENDING).exists(),
        timeout=180,
        message="every article tagged after the restart",
    )
    assert not Article.objects.filter(status=Article.Status.FAILED).exists()


def test_two_workers_ingesting_the_same_200_urls_at_once_leave_200_rows(workers, http_server):
    from apps.news.tasks import ingest_url
    from config.celery import app

    for n in range(200):
        http_server.add(
            f"/p/{n}",
            f"<html><head><title>Page {n}</title></head><body><article><h1>Page {n}</h1>"
            f"<p>{long_text(1000 + n)}</p></article></body></html>",
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
    # Both copies of every URL are queued before either worker starts, so they race for real.
    for _round in range(2):
        for n in range(200):
            ingest_url.delay(http_server.url(f"/p/{n}"))
    workers("w1")
    workers("w2")
    wait_for(lambda: Article.objects.count() >= 200, timeout=120, message="200 articles stored")
    wait_for(lambda: idle(app), timeout=120, message="workers idle")
    assert Article.objects.count() == 200
    assert Article.objects.values("url").distinct().count() == 200
    assert all(http_server.paths().count(f"/p/{n}") <= 2 for n in range(200))


def test_poison_message_is_parked_after_the_redelivery_cap(workers):
    from apps.pipeline.tasks import process_article

    article = Article.objects.create(
        url="https://poison.example/a", title="Poison", attempts=settings.INGEST_MAX_ATTEMPTS
    )
    workers("w1")
    process_article.delay(article.pk)
    wait_for(lambda: Article.objects.get(pk=article.pk).status == Article.Status.FAILED, message="parked")
    article.refresh_from_db()
    assert "gave up after" in article.status_reason
    assert article.tagged_at is None
