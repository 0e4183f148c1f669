"""Polling feeds from a real server: conditional GETs, health, retirement, backoff, claims and reaping."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.news import polling
from apps.news.models import Article, Feed, Source
from tests.concurrency import at_once

from .conftest import long_text, rss

pytestmark = pytest.mark.django_db


def make_feed(url: str, **fields) -> Feed:
    source, _ = Source.objects.get_or_create(domain="127.0.0.1", defaults={"name": "Local"})
    return Feed.objects.create(url=url, source=source, **fields)


def poll(feed: Feed) -> polling.PollResult:
    assert polling.claim_feed(feed.pk)
    result = polling.poll_feed(feed.pk, sync=True)
    feed.refresh_from_db()
    assert feed.state == Feed.State.IDLE and feed.claimed_at is None
    return result


def full_items(server, count: int, start: int = 0) -> list[dict]:
    return [
        {"title": f"Story {n}", "link": server.url(f"/story/{n}"), "content": long_text(n),
         "pubDate": "Tue, 04 Nov 2025 08:00:00 GMT"}
        for n in range(start, start + count)
    ]  # fmt: skip


def test_new_items_are_stored_and_a_304_adds_nothing(http_server):
    body = rss(full_items(http_server, 5))

    def route(request):
        if request.headers.get("if-none-match") == '"abc"':
            return 304, {}, b""
        return 200, {"ETag": '"abc"', "Content-Type": "application/rss+xml"}, body

    http_server.routes["/feed"] = route
    feed = make_feed(http_server.url("/feed"))
    first = poll(feed)
    assert (first.status, first.new_items) == ("new", 5)
    assert Article.objects.filter(feed=feed).count() == 5
    assert feed.etag == '"abc"' and feed.last_success_at and feed.items_total == 5
    assert feed.next_poll_at > timezone.now() + timedelta(minutes=25)
    second = poll(feed)
    assert second.status == "not_modified"
    assert http_server.requests[-1].headers["if-none-match"] == '"abc"'
    assert Article.objects.count() == 5


def test_an_unchanged_body_is_detected_by_its_hash(http_server):
    http_server.add("/feed", rss(full_items(http_server, 2)))
    feed = make_feed(http_server.url("/feed"))
    assert poll(feed).status == "new"
    assert poll(feed).status == "unchanged"
    assert Article.objects.count() == 2


def test_a_changed_feed_adds_only_its_new_items(http_server):
    http_server.add("/feed", rss(full_items(http_server, 3)))
    feed = make_feed(http_server.url("/feed"))
    poll(feed)
    http_server.add("/feed", rss(full_items(http_server, 3, start=2)))
    result = poll(feed)
    assert result.new_items == 2
    assert Article.objects.count() == 5


def test_teaser_items_get_their_page_fetched(http_server):
    page = f"""<html lang="en"><head><title>Full story</title>
    <link rel="canonical" href="{http_server.url("/story/1")}"></head><body><nav>Home | News</nav>
    <article><h1>Full story</h1><p>{long_text(1)}</p><p>{long_text(2)}</p></article></body></html>"""
    http_server.add("/story/1", page, headers={"Content-Type": "text/html; charset=utf-8"})
    http_server.add("/feed", rss([{"title": "Full story", "link": http_server.url("/story/1?utm_source=rss"),
                                   "description": "A short teaser."}]))  # fmt: skip
    feed = make_feed(http_server.url("/feed"))
    assert poll(feed).new_items == 1
    article = Article.objects.get()
    assert article.url == http_server.url("/story/1")
    assert "(article 2)" in article.text and "Home | News" not in article.text


def test_a_teaser_whose_page_fails_is_stored_from_its_summary(http_server):
    http_server.add(
        "/feed", rss([{"title": "Gone", "link": http_server.url("/missing"), "description": "Teaser."}])
    )
    feed = make_feed(http_server.url("/feed"))
    poll(feed)
    assert Article.objects.get().text == "Teaser."


def test_gone_feed_is_retired_with_a_reason(http_server):
    http_server.add("/feed", status=410)
    feed = make_feed(http_server.url("/feed"))
    assert poll(feed).status == "retired"
    assert not feed.enabled and "410" in feed.retired_reason
    assert not Feed.objects.due().exists()


def test_repeated_404_retires_the_feed(http_server, settings):
    settings.INGEST_FEED_NOT_FOUND_LIMIT = 3
    feed = make_feed(http_server.url("/nothing"))
    assert poll(feed).status == "failed"
    assert poll(feed).status == "failed"
    assert feed.consecutive_not_found == 2 and feed.enabled
    assert poll(feed).status == "retired"
    assert "404" in feed.retired_reason


def test_429_honours_retry_after(http_server):
    http_server.add("/feed", status=429, headers={"Retry-After": "3600"})
    feed = make_feed(http_server.url("/feed"))
    poll(feed)
    wait = feed.next_poll_at - timezone.now()
    assert timedelta(minutes=59) < wait < timedelta(minutes=62)
    assert feed.last_error == "HTTP 429" and feed.consecutive_failures == 1


def test_failures_back_off_and_one_success_resets_them(http_server):
    http_server.add("/feed", status=500)
    feed = make_feed(http_server.url("/feed"), poll_interval_minutes=10)
    poll(feed)
    first_wait = feed.next_poll_at - timezone.now()
    poll(feed)
    second_wait = feed.next_poll_at - timezone.now()
    assert feed.consecutive_failures == 2 and second_wait > first_wait
    assert second_wait <= timedelta(days=1, minutes=1)
    http_server.add("/feed", rss(full_items(http_server, 1)))
    poll(feed)
    assert feed.consecutive_failures == 0 and feed.last_error == "" and feed.last_success_at


def test_permanent_redirect_moves_the_feed_only_when_seen_consistently(http_server, settings):
    settings.INGEST_FEED_REDIRECT_CONFIRMATIONS = 3
    http_server.add("/old", status=301, headers={"Location": "/new"})
    http_server.add("/new", rss(full_items(http_server, 1)))
    feed = make_feed(http_server.url("/old"))
    poll(feed)
    poll(feed)
    assert feed.url == http_server.url("/old") and feed.redirect_seen == 2
    poll(feed)
    assert feed.url == http_server.url("/new") and feed.redirect_seen == 0


def test_refused_feed_records_the_reason(http_server, settings):
    settings.INGEST_ALLOW_HOSTS = []
    feed = make_feed(http_server.url("/feed"))
    assert poll(feed).status == "failed"
    assert "non-public address" in feed.last_error
    assert http_server.requests == []


def test_a_claimed_feed_cannot_be_claimed_again(http_server):
    feed = make_feed(http_server.url("/feed"))
    assert polling.claim_feed(feed.pk)
    assert not polling.claim_feed(feed.pk)
    assert polling.claim_due_feeds() == []


def test_due_means_enabled_idle_not_retired_and_time_has_come(http_server):
    now = timezone.now()
    due = make_feed(http_server.url("/a"), next_poll_at=now - timedelta(minutes=1))
    never = make_feed(http_server.url("/b"))
    later = make_feed(http_server.url("/c"), next_poll_at=now + timedelta(hours=1))
    make_feed(http_server.url("/d"), enabled=False)
    make_feed(http_server.url("/e"), retired_reason="gone")
    assert sorted(polling.claim_due_feeds()) == sorted([due.pk, never.pk])
    assert polling.claim_due_feeds(include_not_due=True) == [later.pk]


def test_reaper_frees_feeds_stuck_in_progress(http_server, settings):
    settings.INGEST_STUCK_MINUTES = 15
    stuck = make_feed(
        http_server.url("/a"), state=Feed.State.IN_PROGRESS, claimed_at=timezone.now() - timedelta(hours=1)
    )
    busy = make_feed(http_server.url("/b"), state=Feed.State.IN_PROGRESS, claimed_at=timezone.now())
    assert polling.reap_stuck_feeds() == 1
    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert stuck.state == Feed.State.IDLE and "reaper" in stuck.last_error
    assert busy.state == Feed.State.IN_PROGRESS


@pytest.mark.django_db(transaction=True)
def test_overlapping_ticks_never_claim_one_feed_twice(http_server):
    feeds = [make_feed(http_server.url(f"/f{n}")).pk for n in range(40)]
    claimed = at_once(lambda _: polling.claim_due_feeds(limit=15), list(range(4)))
    everything = [pk for batch in claimed for pk in batch]
    assert len(everything) == len(set(everything))
    assert set(everything) <= set(feeds)
    assert Feed.objects.filter(state=Feed.State.IN_PROGRESS).count() == len(everything)


def test_an_unclaimed_feed_is_not_polled(http_server):
    http_server.add("/feed", rss(full_items(http_server, 1)))
    feed = make_feed(http_server.url("/feed"))
    assert polling.poll_feed(feed.pk, sync=True).status == "skipped"  # e.g. a redelivered message
    assert http_server.requests == [] and not Article.objects.exists()


def test_refetch_replaces_the_text_and_queues_tagging_again(http_server, django_capture_on_commit_callbacks):
    def page(n: int) -> str:
        return f"<html><body><article><h1>Story</h1><p>{long_text(n)}</p></article></body></html>"

    http_server.add("/story", page(1))
    outcome = polling.fetch_and_store_page(http_server.url("/story"), enqueue=False)
    Article.objects.filter(pk=outcome.article_id).update(
        status=Article.Status.FAILED, status_reason="x", attempts=5
    )
    http_server.add("/story", page(2))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = polling.refetch_article(outcome.article_id)
    article = Article.objects.get(pk=outcome.article_id)
    assert result.reason == "re-fetched" and len(callbacks) == 1
    assert "(article 2)" in article.text and "(article 1)" not in article.text
    assert article.status == Article.Status.PENDING and article.attempts == 0 and article.status_reason == ""


# --- an item counts as seen only once it is stored -------------------------------------------------


def queued() -> int:
    """Messages waiting in this run's broker queue (no worker consumes them in these tests)."""
    import redis
    from django.conf import settings

    return redis.Redis.from_url(settings.CELERY_BROKER_URL).llen(settings.CELERY_TASK_DEFAULT_QUEUE)


def poll_async(feed: Feed) -> polling.PollResult:
    """A poll as a worker runs it: the items are handed on as messages (which these tests then lose)."""
    assert polling.claim_feed(feed.pk)
    result = polling.poll_feed(feed.pk)
    feed.refresh_from_db()
    return result


def test_items_handed_on_and_lost_are_offered_again_until_given_up(http_server):
    from tests.workers import purge_broker

    def route(request):
        if request.headers.get("if-none-match") == '"v1"':
            return 304, {}, b""
        return 200, {"ETag": '"v1"'}, rss(full_items(http_server, 3))

    http_server.routes["/feed"] = route
    feed = make_feed(http_server.url("/feed"))
    purge_broker()
    try:
        assert poll_async(feed).new_items == 3
        assert queued() == 1 and sorted(feed.pending_items.values()) == [1, 1, 1]
        purge_broker()  # the broker restarted without persistence: the chunk is gone
        for offer in range(2, polling.MAX_OFFERS + 1):
            # The validators are not trusted while items are pending: the whole feed is read again.
            assert poll_async(feed).status == "new"
            assert "if-none-match" not in http_server.requests[-1].headers
            assert queued() == 1 and sorted(feed.pending_items.values()) == [offer] * 3
            purge_broker()
        # Handed on MAX_OFFERS times and never stored: given up, said so, and not offered again.
        assert poll_async(feed).status == "new"
        assert queued() == 0 and feed.pending_items == {} and len(feed.given_up_items) == 3
        assert "never stored" in feed.last_error
        assert poll_async(feed).status == "not_modified"  # nothing pending: the validators count again
        assert http_server.requests[-1].headers["if-none-match"] == '"v1"'
    finally:
        purge_broker()
    assert not Article.objects.exists()


def test_the_sweep_polls_again_feeds_whose_items_were_lost_and_clears_the_others(http_server):
    from tests.workers import purge_broker

    http_server.add("/lost", rss(full_items(http_server, 2)))
    http_server.add("/done", rss(full_items(http_server, 2, start=10)))
    lost, done = make_feed(http_server.url("/lost")), make_feed(http_server.url("/done"))
    recent = make_feed(http_server.url("/recent"))
    purge_broker()
    try:
        poll_async(lost)
        purge_broker()  # its chunk is lost
        poll(done)
        # As if a worker's poll had handed these on and its chunk had been stored since.
        stored = {key: 1 for key in Article.objects.filter(feed=done).values_list("url_hash", flat=True)}
        Feed.objects.filter(pk=done.pk).update(pending_items=stored)
        Feed.objects.filter(pk=recent.pk).update(pending_items={"0" * 64: 1}, last_polled_at=timezone.now())
        ten_minutes_ago = timezone.now() - timedelta(minutes=10)
        Feed.objects.filter(pk__in=[lost.pk, done.pk]).update(last_polled_at=ten_minutes_ago)

        assert polling.claim_feeds_with_lost_items(older_than=300) == [lost.pk]
        assert Feed.objects.get(pk=lost.pk).state == Feed.State.IN_PROGRESS  # claimed for its poll
        assert Feed.objects.get(pk=done.pk).pending_items == {}  # all stored: only cleared
        assert Feed.objects.get(pk=recent.pk).pending_items  # handed on just now: maybe still queued
        polling.poll_feed(lost.pk, sync=True)
        lost.refresh_from_db()
        assert lost.pending_items == {} and Article.objects.filter(feed=lost).count() == 2
    finally:
        purge_broker()
