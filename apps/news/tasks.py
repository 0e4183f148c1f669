"""Celery tasks of ingestion (fetching, polling, storing): thin wrappers that take primary keys (or
plain data) and call the service functions.

At-least-once delivery (settings: acks_late, reject_on_worker_lost, prefetch 1, time limits) means any
task may run twice; every one of them is idempotent by construction (upserts, conditional claims).
"""

from __future__ import annotations

from celery import shared_task

from apps.news import ingest, inputs, polling

RETRY = {"retry_backoff": 5, "retry_backoff_max": 600, "retry_jitter": True}


@shared_task(
    name="news.store_items",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    max_retries=3,
    **RETRY,
)
def store_items(items: list[dict]) -> list[str]:
    """Store a chunk of feed items that carry their full text (idempotent: upserts, so a retry after
    a failure part-way stores only what is missing). Should every retry fail, or the message be lost,
    the feed still counts the items as pending and the lost-work sweep has it offer them again."""
    return [o.status for o in ingest.store_articles([ingest.ArticleInput.from_json(item) for item in items])]


@shared_task(name="news.ingest_url", acks_late=True, reject_on_worker_lost=True)
def ingest_url(url: str, fallback: dict | None = None) -> str:
    """Fetch one article page and store it (a feed item's summary is the fallback). A page that cannot
    be read is reported, not retried: the feed offers the item again (up to polling.MAX_OFFERS times)
    while it is not stored."""
    data = ingest.ArticleInput.from_json(fallback) if fallback else None
    return polling.fetch_and_store_page(url, fallback=data).line()


@shared_task(name="news.poll_feed", acks_late=True, reject_on_worker_lost=True)
def poll_feed(feed_id: int, force: bool = False) -> str:
    """Poll one feed that the caller has claimed."""
    result = polling.poll_feed(feed_id, force=force)
    return f"{result.status} {result.new_items}"


@shared_task(name="news.poll_due_feeds")
def poll_due_feeds(include_not_due: bool = False) -> int:
    """Beat: claim the due feeds (atomically, so overlapping ticks never double-poll) and queue them."""
    ids = polling.claim_due_feeds(include_not_due=include_not_due)
    for feed_id in ids:
        poll_feed.delay(feed_id)
    return len(ids)


@shared_task(name="news.reoffer_lost_items")
def reoffer_lost_items() -> int:
    """Beat (the message expires after INGEST_SWEEP_SECONDS): poll again the feeds whose handed-on items
    were lost (never stored), so that they offer them again."""
    ids = polling.claim_feeds_with_lost_items()
    for feed_id in ids:
        poll_feed.delay(feed_id)
    return len(ids)


@shared_task(name="news.reap_stuck_feeds")
def reap_stuck_feeds() -> int:
    """Beat: free the feeds left "in progress" by a worker that died."""
    return polling.reap_stuck_feeds()


@shared_task(name="news.ingest_remote", acks_late=True, reject_on_worker_lost=True)
def ingest_remote(url: str) -> list[str]:
    """`ingest URL` without --sync: fetch a feed or page and store what it holds."""
    return [outcome.line() for outcome in inputs.ingest_remote(url, enqueue=True)]


@shared_task(name="news.refetch_article", acks_late=True, reject_on_worker_lost=True)
def refetch_article(article_id: int) -> str:
    """Admin "re-fetch": read the article's page again and re-tag it."""
    return polling.refetch_article(article_id).line()
