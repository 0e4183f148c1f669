"""Celery tasks of the pipeline: thin wrappers around `apps.pipeline.processing`.

The processing tasks keep the names ingestion sends them by (`news.process_articles`,
`news.process_article`), so messages queued before an upgrade are still handled.
"""

from __future__ import annotations

from celery import Task, shared_task

from apps.news.ingest import PROCESS_ARTICLE, PROCESS_ARTICLES
from apps.pipeline import processing

RETRY = {"retry_backoff": 5, "retry_backoff_max": 600, "retry_jitter": True}


class ParkOnFailure(Task):
    """When retries are exhausted the article is parked as failed with the reason, not lost or looping."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:  # noqa: ANN001 - Celery's signature
        article_id = args[0] if args else kwargs.get("article_id")
        if article_id is not None:
            processing.park_article(article_id, f"{type(exc).__name__}: {exc}")


@shared_task(
    name=PROCESS_ARTICLE,
    base=ParkOnFailure,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    max_retries=3,
    **RETRY,
)
def process_article(article_id: int) -> str:
    """Tag one stored article and build its events."""
    return processing.process_article_now(article_id)


@shared_task(name=PROCESS_ARTICLES, bind=True, acks_late=True, reject_on_worker_lost=True)
def process_articles(self: Task, article_ids: list[int]) -> list[str]:
    """Tag a batch of stored articles and build their events; a batch that fails, or that the broker
    delivers again (kombu marks restored messages `redelivered`), is split into `process_article` tasks
    (which count deliveries, retry, then park)."""
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    return processing.process_articles_now(article_ids, redelivered=redelivered)


@shared_task(name="news.requeue_lost_articles")
def requeue_lost_articles() -> int:
    """Beat (the message expires after INGEST_SWEEP_SECONDS): articles whose processing never started,
    stored longer ago than INGEST_LOST_AFTER_SECONDS, are queued again, a bounded batch per run."""
    return processing.requeue_lost_articles()


@shared_task(
    name="pipeline.retag_articles",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=3,
)
def retag_articles(article_ids: list[int]) -> int:
    """Re-process stored articles (the admin's re-tag action, re-tagging after a name changed)."""
    return processing.retag_ids(article_ids)


@shared_task(
    name="pipeline.retag_mentioning",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=3,
)
def retag_mentioning(terms: list[str], tagged_before: str | None = None) -> int:
    """Re-process the processed articles, tagged before a name changed, whose title or text names it."""
    return processing.retag_mentioning(terms, tagged_before)
