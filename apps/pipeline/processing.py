"""Processing stored articles: tag them, build or corroborate their events, park what keeps failing.

This module is the one owner of that work. It imports news (the articles), tagging (reading them) and
events (building events); none of them imports it. Every way of (re-)processing an article — the
batches queued by ingestion, single-article retries, the lost-work sweep, `retag`, the admin's
re-tag action and re-tagging after an editor changes a name — goes through `process_batch`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.events.building import build_events
from apps.news.ingest import PROCESS_ARTICLE, PROCESS_BATCH, enqueue_processing
from apps.news.models import Article
from apps.tagging.models import RelevanceLabel
from apps.tagging.results import Extraction
from apps.tagging.service import tag_articles

log = logging.getLogger(__name__)
BATCH = PROCESS_BATCH  # articles tagged per task and per transaction
LOST_BATCH = 1000  # articles queued again per run of the lost-work sweep


class Redelivered(Exception):
    """A batch that was, or some of whose articles were, delivered before without finishing."""


def process_batch(articles: list[Article]) -> list[Extraction]:
    """Tag a batch of articles (replacing earlier tags) and build or corroborate their events, in one
    transaction. Articles tagged before are re-read: their earlier machine readings are withdrawn.
    Where an editor has said whether an article is in scope, their word decides, not the threshold."""
    retagged = {article.pk for article in articles if article.tagged_at is not None}
    with transaction.atomic():
        extractions = tag_articles(articles, in_scope=editors_scope([a.pk for a in articles]))
        build_events(articles, extractions, retagged=retagged)
    return extractions


def editors_scope(article_ids: list[int]) -> dict[int, bool]:
    """Each article's latest relevance label, as in scope or not (one query): an editor's decision
    overrides the relevance threshold whenever the article is read again, so the machine never hides
    an article an editor promoted or confirmed an event of, and never makes an event again of one an
    editor rejected as out of scope. Articles no editor decided on are absent."""
    if not article_ids:
        return {}
    latest = (
        RelevanceLabel.objects.filter(article_id__in=article_ids)
        .order_by("article_id", "-created_at", "-id")
        .distinct("article_id")  # PostgreSQL's DISTINCT ON: the first row of each article
        .values_list("article_id", "in_scope")
    )
    return dict(latest)


def queue_single(article_id: int) -> None:
    """Hand one article to its own task (`news.process_article`: retries, then parked with the reason)."""
    current_app.send_task(PROCESS_ARTICLE, args=[article_id])


def park_article(article_id: int, reason: str) -> None:
    """Mark an article failed with the reason editors will see (the task gave up on it)."""
    Article.objects.filter(pk=article_id).exclude(status=Article.Status.PROCESSED).update(
        status=Article.Status.FAILED, status_reason=reason[:2000], updated_at=timezone.now()
    )


def process_article_now(article_id: int) -> str:
    """Process one stored article.

    Deliveries are counted before any work, in their own statement, so that a message that keeps
    killing its worker is parked instead of looping. The article's row is locked while it is tagged:
    a duplicate delivery waits, then finds it processed and leaves it alone.
    """
    Article.objects.filter(pk=article_id).exclude(status=Article.Status.PROCESSED).update(
        attempts=F("attempts") + 1
    )
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None:
            return "missing"
        if article.status == Article.Status.PROCESSED:
            return "already processed"
        if article.attempts > settings.INGEST_MAX_ATTEMPTS:
            park_article(article_id, f"gave up after {article.attempts - 1} deliveries that did not finish")
            return "parked"
        process_batch([article])
    return "processed"


def process_articles_now(article_ids: list[int], *, redelivered: bool = False) -> list[str]:
    """Process a batch of stored articles in one transaction (the batch shares the queries that one
    article at a time would repeat).

    A batch that the broker delivers again (its worker died), that fails, or that holds an article a
    single-article task already tried, is split: every article goes on as its own task, whose
    deliveries are counted in `Article.attempts`, so one poison article is parked by the redelivery
    cap instead of taking its neighbours with it. A first delivery counts nothing in the database.
    """
    ids = sorted(set(article_ids))
    try:
        if redelivered:
            raise Redelivered("the broker delivered this batch before")
        with transaction.atomic():
            pending = Article.objects.filter(pk__in=ids).exclude(status=Article.Status.PROCESSED)
            articles = list(pending.select_for_update().order_by("pk"))
            if any(article.attempts > 0 for article in articles):
                raise Redelivered("a single-article delivery of one of them did not finish")
            if articles:
                process_batch(articles)
    except Exception as exc:  # noqa: BLE001 - each article is retried on its own, then parked
        log.warning("batch of %d articles split (%s: %s)", len(ids), type(exc).__name__, exc)
        for article_id in ids:
            queue_single(article_id)
        return ["split"]
    return ["processed"] * len(articles)


def process_here(article_ids: list[int]) -> dict[int, str]:
    """Process committed articles in this process (`ingest --sync`, `poll_feeds --sync`); an article
    that fails alone is parked with the reason, which is returned per article."""
    failures: dict[int, str] = {}
    articles = Article.objects.filter(pk__in=article_ids).order_by("pk")
    for article, error in retag(articles.iterator(chunk_size=BATCH)):
        if error is not None:
            failures[article.pk] = f"tagging failed: {type(error).__name__}: {error}"
            park_article(article.pk, failures[article.pk])
    return failures


def requeue_lost_articles(*, older_than: float | None = None, limit: int = LOST_BATCH) -> int:
    """The lost-work sweep (beat): queue processing again, `limit` at a time, for pending articles
    whose processing never started and that were stored (or last queued by this sweep) more than
    `older_than` seconds ago (default INGEST_LOST_AFTER_SECONDS): their message was lost, with a
    broker that restarted without persistence or a worker killed between taking it and recording it.

    Why that age is enough: the sweep's own message expires after INGEST_SWEEP_SECONDS and the queue
    is first in, first out, so when the sweep runs every message queued before it has been taken by a
    worker, and a task's time limit covers work taken but still running. Rows locked by a batch in
    progress are skipped, and the rows queued again are touched so that the next sweeps leave them
    alone for as long again: a duplicate (harmless: a processed article is left alone) stays rare.
    """
    seconds = settings.INGEST_LOST_AFTER_SECONDS if older_than is None else older_than
    now = timezone.now()
    with transaction.atomic():
        lost = Article.objects.lost(cutoff=now - timedelta(seconds=seconds))
        ids = list(lost.select_for_update(skip_locked=True).values_list("id", flat=True)[:limit])
        if ids:
            Article.objects.filter(pk__in=ids).update(updated_at=now)
            transaction.on_commit(lambda: enqueue_processing(ids))
    return len(ids)


def retag(articles: Iterable[Article]) -> Iterator[tuple[Article, Exception | None]]:
    """Process stored articles (again), in batches, yielding each with the error it raised (a failing
    batch is retried one article at a time; one failure never stops the run, and the article keeps
    its old tags and events)."""
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) == BATCH:
            yield from _retag_batch(batch)
            batch = []
    if batch:
        yield from _retag_batch(batch)


def _retag_batch(batch: list[Article]) -> Iterator[tuple[Article, Exception | None]]:
    try:
        process_batch(batch)
    except Exception:  # noqa: BLE001 - retried one by one, to find the article at fault
        for article in batch:
            try:
                # Read afresh: the failed batch's rollback did not undo what it changed in memory.
                process_batch(list(Article.objects.filter(pk=article.pk)))
            except Exception as exc:  # noqa: BLE001 - reported by the caller; the article is unchanged
                log.exception("re-tagging article %s failed", article.pk)
                yield article, exc
            else:
                yield article, None
        return
    for article in batch:
        yield article, None


def retag_ids(article_ids: list[int]) -> int:
    """Re-process the stored articles with these ids; the number that succeeded."""
    return _succeeded(Article.objects.filter(pk__in=article_ids).order_by("pk"))


def retag_mentioning(terms: list[str], tagged_before: str | None = None) -> int:
    """Re-process the articles, tagged before `tagged_before` (ISO time), that name one of the terms."""
    before = datetime.fromisoformat(tagged_before) if tagged_before else None
    return _succeeded(Article.objects.mentioning(terms, tagged_before=before))


def _succeeded(articles) -> int:
    return sum(1 for _, error in retag(articles.iterator(chunk_size=BATCH)) if error is None)
