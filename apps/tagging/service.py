"""The bridge between stored articles and the pipeline: tag articles and build their events.

`tag_articles` is what ingestion (news.process_articles, a batch per stored chunk) calls, and
`tag_article` (a batch of one) what `retag`, the re-tagging task and single deliveries call. They
replace the articles' tags, record candidate actors and (unless told not to) build or corroborate
events, all in one transaction.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.news.models import Article
from apps.tagging import gazetteer
from apps.tagging.actors import Candidate, normalize_name
from apps.tagging.models import ActorCandidate, ArticleActor, ArticleCountry, ArticleDate, ArticleTopic
from apps.tagging.pipeline import extract
from apps.tagging.results import Extraction


def run_pipeline(article: Article, gazetteers: gazetteer.Gazetteers | None = None) -> Extraction:
    """The extraction of a stored article, without touching the database."""
    published = timezone.localdate(article.published_at) if article.published_at else None
    return extract(
        article.title or "",
        article.text or "",
        gazetteers or gazetteer.load(),
        published=published,
        language=article.language or None,
    )


def tag_article(article: Article, *, build_events: bool = True) -> Extraction:
    """Tag the article (replacing earlier tags) and build or corroborate its events."""
    return tag_articles([article], build_events=build_events)[0]


def tag_articles(articles: list[Article], *, build_events: bool = True) -> list[Extraction]:
    """Tag a batch of articles (replacing earlier tags) and build or corroborate their events, in one
    transaction: each article with its tags, and the batch sharing the queries that one article at a
    time would repeat (bulk tag writes, one look-up per candidate set of events)."""
    if not articles:
        return []
    gazetteers = gazetteer.load()
    extractions = [run_pipeline(article, gazetteers) for article in articles]
    first_time = {article.pk for article in articles if article.tagged_at is None}
    now = timezone.now()
    with transaction.atomic():
        store_tags(articles, extractions, replace=[a.pk for a in articles if a.pk not in first_time])
        record_candidates(articles, extractions, counted=first_time)
        if build_events:
            from apps.events.building import build_events as build

            build(articles, extractions, retagged={a.pk for a in articles if a.pk not in first_time})
        by_language: dict[str, list[int]] = defaultdict(list)
        for article, extraction in zip(articles, extractions, strict=True):
            article.status = Article.Status.PROCESSED
            article.status_reason = ""
            article.tagged_at = article.updated_at = now
            article.language = extraction.language or article.language
            by_language[article.language].append(article.pk)
        for language, ids in by_language.items():  # one UPDATE per language, not one per article
            Article.objects.filter(pk__in=ids).update(
                status=Article.Status.PROCESSED,
                status_reason="",
                tagged_at=now,
                updated_at=now,
                language=language,
            )
    return extractions


def store_tags(articles: list[Article], extractions: list[Extraction], *, replace: list[int]) -> None:
    """Write the articles' tags; the ids in `replace` (articles tagged before) lose their earlier ones."""
    if replace:
        for model in (ArticleCountry, ArticleActor, ArticleTopic, ArticleDate):
            model.objects.filter(article_id__in=replace).delete()
    pairs = list(zip(articles, extractions, strict=True))
    ArticleCountry.objects.bulk_create(
        ArticleCountry(article=article, country_id=tag.code, is_party=tag.is_party, spans=tag.spans)
        for article, extraction in pairs
        for tag in extraction.countries
    )
    ArticleActor.objects.bulk_create(
        ArticleActor(article=article, actor_id=tag.actor.id, spans=tag.spans)
        for article, extraction in pairs
        for tag in extraction.actors
        if tag.actor.id is not None
    )
    ArticleTopic.objects.bulk_create(
        ArticleTopic(article=article, topic_id=slug, spans=extraction.topic_spans.get(slug, []))
        for article, extraction in pairs
        for slug in extraction.topics
    )
    ArticleDate.objects.bulk_create(
        ArticleDate(article=article, value=mention.iso, start=mention.start, end=mention.end)
        for article, extraction in pairs
        for mention in extraction.dates
    )


def record_candidates(articles: list[Article], extractions: list[Extraction], *, counted: set[int]) -> None:
    """Unknown organisation names, one row per normalised name; a name counts once per article, and
    only the first time that article is tagged (the ids in `counted`)."""
    first_seen: dict[str, tuple[Candidate, Article]] = {}
    mentions: Counter[str] = Counter()
    for article, extraction in zip(articles, extractions, strict=True):
        keys = set()
        for candidate in extraction.candidates:
            key = normalize_name(candidate.name)[:255]
            if key and key not in keys:
                keys.add(key)
                first_seen.setdefault(key, (candidate, article))
        if article.pk in counted:
            mentions.update(keys)
    if not first_seen:
        return
    known = set(ActorCandidate.objects.filter(normalized__in=first_seen).values_list("normalized", flat=True))
    ActorCandidate.objects.bulk_create(
        [
            ActorCandidate(
                normalized=key,
                name=candidate.name[:255],
                kind=candidate.kind,
                example_article=article,
                mention_count=max(1, mentions[key]),
            )
            for key, (candidate, article) in first_seen.items()
            if key not in known
        ],
        ignore_conflicts=True,
    )
    by_increment: dict[int, list[str]] = defaultdict(list)
    for key in known:
        if mentions[key]:
            by_increment[mentions[key]].append(key)
    for increment, keys in by_increment.items():
        rows = ActorCandidate.objects.filter(normalized__in=keys)
        rows.update(mention_count=F("mention_count") + increment)
