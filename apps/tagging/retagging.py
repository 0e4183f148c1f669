"""Re-running tagging and event building on stored articles (the `retag` command and the tasks)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from django.db.models import Q, QuerySet

from apps.news.models import Article
from apps.tagging.service import tag_article

log = logging.getLogger(__name__)
TERMS_PER_QUERY = 40


def articles_to_retag(*, since: date | None = None) -> QuerySet[Article]:
    articles = Article.objects.exclude(status=Article.Status.PENDING).order_by("pk")
    if since:
        articles = articles.filter(Q(published_at__date__gte=since) | Q(fetched_at__date__gte=since))
    return articles


def retag_all(articles: Iterable[Article]) -> Iterator[tuple[Article, Exception | None]]:
    """Tag each article, yielding it with the error it raised (one failure never stops the run)."""
    for article in articles:
        try:
            tag_article(article)
        except Exception as exc:  # noqa: BLE001 - report and go on; the article keeps its old tags
            log.exception("re-tagging article %s failed", article.pk)
            yield article, exc
        else:
            yield article, None


def mentioning(terms: list[str], tagged_before: datetime | None = None) -> QuerySet[Article]:
    ids: set[int] = set()
    articles = Article.objects.filter(status=Article.Status.PROCESSED)
    if tagged_before:
        articles = articles.filter(tagged_at__lt=tagged_before)
    for i in range(0, len(terms), TERMS_PER_QUERY):
        q = Q()
        for term in terms[i : i + TERMS_PER_QUERY]:
            q |= Q(text__icontains=term) | Q(title__icontains=term)
        ids.update(articles.filter(q).values_list("pk", flat=True))
    return Article.objects.filter(pk__in=ids).order_by("pk")


def retag_mentioning(terms: list[str], tagged_before: str | None = None) -> int:
    before = datetime.fromisoformat(tagged_before) if tagged_before else None
    articles = mentioning(terms, before).iterator(chunk_size=100)
    return sum(1 for _, error in retag_all(articles) if error is None)


def retag_one(article_id: int) -> bool:
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return False
    tag_article(article)
    return True
