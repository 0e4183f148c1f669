"""Celery tasks: thin wrappers that take primary keys (or plain data) and call the service functions.

At-least-once delivery (settings: acks_late, reject_on_worker_lost, prefetch 1, time limits) means any
task may run twice; every one of them is idempotent by construction (upserts, conditional claims).
"""

from __future__ import annotations

from celery import Task, shared_task

from apps.news import ingest, polling

RETRY = {"retry_backoff": 5, "retry_backoff_max": 600, "retry_jitter": True}


class ParkOnFailure(Task):
    """When retries are exhausted the article is parked as failed with the reason, not lost or looping."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:  # noqa: ANN001 - Celery's signature
        article_id = args[0] if args else kwargs.get("article_id")
        if article_id is not None:
            ingest.park_article(article_id, f"{type(exc).__name__}: {exc}")


@shared_task(
    name="news.process_article",
    base=ParkOnFailure,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    max_retries=3,
    **RETRY,
)
def process_article(article_id: int) -> str:
    """Tag one stored article and build its events."""
    return ingest.process_article_now(article_id)


@shared_task(name="news.process_articles", bind=True, acks_late=True, reject_on_worker_lost=True)
def process_articles(self: Task, article_ids: list[int]) -> list[str]:
    """Tag a batch of stored articles and build their events; a batch that fails, or that the broker
    delivers again (kombu marks restored messages `redelivered`), is split into `process_article` tasks
    (which count deliveries, retry, then park)."""
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    return ingest.process_articles_now(article_ids, redelivered=redelivered)


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
    a failure part-way stores only what is missing). Should every retry fail, the items are offered
    again by the next poll that finds the feed changed, or by "Poll now"."""
    return [o.status for o in ingest.store_articles([ingest.ArticleInput.from_json(item) for item in items])]


@shared_task(name="news.ingest_url", acks_late=True, reject_on_worker_lost=True)
def ingest_url(url: str, fallback: dict | None = None) -> str:
    """Fetch one article page and store it (a feed item's summary is the fallback). A page that cannot
    be read is reported, not retried: the feed's next poll offers the item again if it was not stored."""
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


@shared_task(name="news.reap_stuck_feeds")
def reap_stuck_feeds() -> int:
    """Beat: free the feeds left "in progress" by a worker that died."""
    return polling.reap_stuck_feeds()


@shared_task(name="news.ingest_remote", acks_late=True, reject_on_worker_lost=True)
def ingest_remote(url: str) -> list[str]:
    """`ingest URL` without --sync: fetch a feed or page and store what it holds."""
    from apps.news.sources import ingest_remote as run

    return [outcome.line() for outcome in run(url, enqueue=True)]


@shared_task(name="news.refetch_article", acks_late=True, reject_on_worker_lost=True)
def refetch_article(article_id: int) -> str:
    """Admin "re-fetch": read the article's page again and re-tag it."""
    return polling.refetch_article(article_id).line()


@shared_task(name="news.requeue_lost_articles")
def requeue_lost_articles() -> int:
    """Beat: articles stored an hour ago whose tagging never started are queued again."""
    return ingest.requeue_lost_articles()
