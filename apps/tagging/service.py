"""The bridge between stored articles and the pipeline: tag one article and build its events.

`tag_article` is what ingestion (news.process_article), `retag` and the re-tagging task call. It
replaces the article's tags, records candidate actors and (unless told not to) builds or
corroborates events, all in one transaction.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.news.models import Article
from apps.tagging import gazetteer
from apps.tagging.actors import normalize_name
from apps.tagging.models import ActorCandidate, ArticleActor, ArticleCountry, ArticleDate, ArticleTopic
from apps.tagging.pipeline import extract
from apps.tagging.results import Extraction


def run_pipeline(article: Article) -> Extraction:
    """The extraction of a stored article, without touching the database."""
    published = timezone.localdate(article.published_at) if article.published_at else None
    return extract(
        article.title or "",
        article.text or "",
        gazetteer.load(),
        published=published,
        language=article.language or None,
    )


def tag_article(article: Article, *, build_events: bool = True) -> Extraction:
    """Tag the article (replacing earlier tags) and build or corroborate its events."""
    extraction = run_pipeline(article)
    first_time = article.tagged_at is None
    with transaction.atomic():
        store_tags(article, extraction, replace=not first_time)
        record_candidates(article, extraction, count=first_time)
        if build_events:
            from apps.events.building import build_events_for

            build_events_for(article, extraction, retag=not first_time)
        article.status = Article.Status.PROCESSED
        article.status_reason = ""
        article.tagged_at = timezone.now()
        article.language = extraction.language or article.language
        article.save(update_fields=["status", "status_reason", "tagged_at", "language", "updated_at"])
    return extraction


def tag_articles(articles: list[Article], *, build_events: bool = True) -> list[Extraction]:
    """Tag a batch of articles (see `tag_article`)."""
    return [tag_article(article, build_events=build_events) for article in articles]


def store_tags(article: Article, extraction: Extraction, *, replace: bool = True) -> None:
    """Write the article's tags; `replace` first drops earlier ones (an article never tagged has none)."""
    if replace:
        article.country_tags.all().delete()
        article.actor_tags.all().delete()
        article.topic_tags.all().delete()
        article.date_tags.all().delete()
    ArticleCountry.objects.bulk_create(
        ArticleCountry(article=article, country_id=tag.code, is_party=tag.is_party, spans=tag.spans)
        for tag in extraction.countries
    )
    ArticleActor.objects.bulk_create(
        ArticleActor(article=article, actor_id=tag.actor.id, spans=tag.spans)
        for tag in extraction.actors
        if tag.actor.id is not None
    )
    ArticleTopic.objects.bulk_create(
        ArticleTopic(article=article, topic_id=slug, spans=extraction.topic_spans.get(slug, []))
        for slug in extraction.topics
    )
    ArticleDate.objects.bulk_create(
        ArticleDate(article=article, value=mention.iso, start=mention.start, end=mention.end)
        for mention in extraction.dates
    )


def record_candidates(article: Article, extraction: Extraction, *, count: bool) -> None:
    """Unknown organisation names, one row per normalised name; counted once per article."""
    seen: set[str] = set()
    for candidate in extraction.candidates:
        key = normalize_name(candidate.name)[:255]
        if not key or key in seen:
            continue
        seen.add(key)
        row, created = ActorCandidate.objects.get_or_create(
            normalized=key,
            defaults={"name": candidate.name[:255], "kind": candidate.kind, "example_article": article},
        )
        if not created and count:
            ActorCandidate.objects.filter(pk=row.pk).update(mention_count=F("mention_count") + 1)
