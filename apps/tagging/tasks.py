"""Celery tasks of the tagging app: thin wrappers around `apps.tagging.retagging`."""

from __future__ import annotations

from celery import shared_task

from apps.tagging import retagging


@shared_task(
    name="tagging.retag_mentioning",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=3,
)
def retag_mentioning(terms: list[str], tagged_before: str | None = None) -> int:
    """Re-tag the processed articles, tagged before the change, whose title or text names a term."""
    return retagging.retag_mentioning(terms, tagged_before)


@shared_task(name="tagging.retag_article", acks_late=True, reject_on_worker_lost=True, max_retries=3)
def retag_article(article_id: int) -> bool:
    return retagging.retag_one(article_id)
