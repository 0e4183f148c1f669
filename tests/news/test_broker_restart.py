"""A Redis restart mid-ingest loses no work: a real worker and beat on a Redis server of the test's own,
without persistence, killed with SIGKILL and started again empty. With no one acting afterwards, every
item the feed offered is stored and every article tagged, within a minute of the broker's return."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from apps.news import polling
from apps.news.inputs import add_feed
from apps.news.models import Article, Feed
from tests.workers import RedisServer, start_beat, start_worker, use_broker, wait_for

from .conftest import long_text, rss

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# Sweeps every 2 s; with the test workers' 8 s time limit, work handed on 10 s ago and not done is lost.
SWEEPS = {"INGEST_SWEEP_SECONDS": "2"}


def test_a_redis_restart_mid_ingest_loses_no_feed_item_and_no_tagging(http_server, tmp_path):
    total = 400  # eight chunks of 50 for the worker to store, then eight batches to tag
    items = [{"title": f"Restart {n}", "link": http_server.url(f"/r/{n}"), "content": long_text(5000 + n)}
             for n in range(total)]  # fmt: skip
    http_server.add("/feed.xml", rss(items), headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'})
    feed, _ = add_feed(http_server.url("/feed.xml"))
    redis_server = RedisServer(tmp_path).start()
    with use_broker(redis_server.url):
        worker = start_worker("restart", concurrency=1, redis_url=redis_server.url, extra_env=SWEEPS)
        beat = start_beat(tmp_path / "beat-schedule", redis_url=redis_server.url, extra_env=SWEEPS)
        try:
            call_command("poll_feeds", verbosity=0)  # the last thing anyone does
            stored_at_kill = wait_for(lambda: (n := Article.objects.count()) >= 50 and n, interval=0.01)
            redis_server.kill()  # the queued chunks and tagging batches are gone
            feed.refresh_from_db()
            # The poll ended before the first chunk was stored (one worker process): it handed on every
            # item and counts them as pending, not seen.
            assert feed.state == Feed.State.IDLE and len(feed.pending_items) == total
            assert stored_at_kill < total, "the worker stored everything before the kill: make it larger"
            redis_server.start()  # the same port, empty

            wait_for(lambda: Article.objects.count() == total, timeout=120, message=f"all {total} stored")
            wait_for(
                lambda: not Article.objects.filter(status=Article.Status.PENDING).exists(),
                timeout=180,
                message="every article tagged",
            )
            wait_for(lambda: Feed.objects.get(pk=feed.pk).pending_items == {}, timeout=30, message="seen")
        finally:
            worker.kill()
            beat.kill()
            redis_server.kill()
    urls = list(Article.objects.values_list("url", flat=True))
    assert len(urls) == len(set(urls)) == total
    assert set(urls) == {http_server.url(f"/r/{n}") for n in range(total)}
    assert not Article.objects.filter(status=Article.Status.FAILED).exists()
    assert Article.objects.exclude(tagged_at=None).count() == total
    # Now that every item is stored, the feed's validators are trusted again: a conditional GET, and
    # the same body is "unchanged".
    assert polling.claim_feed(feed.pk)
    assert polling.poll_feed(feed.pk, sync=True).status == "unchanged"
    assert http_server.requests[-1].headers.get("if-none-match") == '"v1"'
