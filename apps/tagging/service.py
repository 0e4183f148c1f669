"""The bridge between stored articles and the extraction pipeline: tag articles.

`tag_articles` reads a batch of stored articles, replaces their tags, records candidate actors and
marks them processed, in one transaction, and returns the extractions. Building events from them is
the next stage's work (apps.pipeline.processing), which tagging does not know of.
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


def run_pipeline(
    article: Article, gazetteers: gazetteer.Gazetteers | None = None, in_scope: bool | None = None
) -> Extraction:
    """The extraction of a stored article, without touching the database; `in_scope`: an editor's word
    on its scope, which overrides the relevance threshold."""
    published = timezone.localdate(article.published_at) if article.published_at else None
    return extract(
        article.title or "",
        article.text or "",
        gazetteers or gazetteer.load(),
        published=published,
        language=article.language or None,
        in_scope=in_scope,
    )


# The article columns tagging writes, in one bulk UPDATE per batch.
ARTICLE_FIELDS = [
    "status",
    "status_reason",
    "tagged_at",
    "updated_at",
    "language",
    "relevance",
    "relevance_reasons",
]


def tag_articles(articles: list[Article], in_scope: dict[int, bool] | None = None) -> list[Extraction]:
    """Tag a batch of articles (replacing earlier tags) in one transaction, sharing the queries that one
    article at a time would repeat (bulk tag writes, one look-up of candidate actors). `in_scope` maps
    article ids to an editor's word on their scope (apps.pipeline.processing.editors_scope)."""
    if not articles:
        return []
    gazetteers = gazetteer.load()
    scope = in_scope or {}
    extractions = [run_pipeline(article, gazetteers, scope.get(article.pk)) for article in articles]
    first_time = {article.pk for article in articles if article.tagged_at is None}
    now = timezone.now()
    with transaction.atomic():
        store_tags(articles, extractions, replace=[a.pk for a in articles if a.pk not in first_time])
        record_candidates(articles, extractions, counted=first_time)
        for article, extraction in zip(articles, extractions, strict=True):
            article.status = Article.Status.PROCESSED
            article.status_reason = ""
            article.tagged_at = article.updated_at = now
            article.language = extraction.language or article.language
            # The relevance stage's reading: editors see the articles below the threshold in a lane.
            article.relevance = extraction.relevance.score if extraction.relevance else None
            article.relevance_reasons = extraction.relevance.reasons if extraction.relevance else None
        Article.objects.bulk_update(articles, ARTICLE_FIELDS)  # one UPDATE for the batch
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
                country_id=candidate.country,
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
