"""Publishers, their feeds, and the articles ingested from them."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.db import models
from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils import timezone


def url_hash(url: str) -> str:
    """The unique key of a canonical URL: long URLs never break a B-tree index."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


# Full-text search uses the 'simple' configuration: articles come in many languages, so no stemming.
SEARCH_CONFIG = "simple"
# The stored vector Article.search_vector is built from these (index news_article_search).
SEARCH_FIELDS = ("title", "text")


def search_query(text: str) -> SearchQuery:
    """The words of a q= box: `websearch` syntax ("exact phrase", -word, or) in the 'simple' configuration."""
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")


class ArticleQuerySet(models.QuerySet):
    """Intent-named selections of stored articles."""

    def matching(self, text: str) -> ArticleQuerySet:
        """Articles whose title or text matches the words of `text`, read from the stored vector through
        its GIN index: nothing is recomputed per row, even for a phrase or a word in most articles."""
        return self.filter(search_vector=search_query(text))

    def newest_matching_ids(self, text: str, limit: int | None = None) -> ArticleQuerySet:
        """The ids of the newest `limit` matching articles (SEARCH_MAX_ARTICLES): a subquery bounded
        before anything joins it, so a word found in every article cannot make a search join them all."""
        limit = settings.SEARCH_MAX_ARTICLES if limit is None else limit
        # The order of news_article_newest (undated first), so the planner may also walk that index.
        return self.matching(text).order_by("-published_at", "-id").values("pk")[:limit]

    def to_retag(self, *, since=None) -> ArticleQuerySet:
        """What `retag` re-reads: every article processed or tried (published or fetched since a date)."""
        articles = self.exclude(status=Article.Status.PENDING).order_by("pk")
        if since:
            articles = articles.filter(Q(published_at__date__gte=since) | Q(fetched_at__date__gte=since))
        return articles

    def mentioning(self, terms: list[str], *, tagged_before=None, per_query: int = 40) -> ArticleQuerySet:
        """Processed articles (tagged before a time) whose title or text contains one of the terms."""
        ids: set[int] = set()
        articles = self.filter(status=Article.Status.PROCESSED)
        if tagged_before:
            articles = articles.filter(tagged_at__lt=tagged_before)
        for start in range(0, len(terms), per_query):
            match = Q()
            for term in terms[start : start + per_query]:
                match |= Q(text__icontains=term) | Q(title__icontains=term)
            ids.update(articles.filter(match).values_list("pk", flat=True))
        return self.filter(pk__in=ids).order_by("pk")

    def lost(self, *, cutoff) -> ArticleQuerySet:
        """Pending articles last written (stored, or queued again by the sweep) before `cutoff` whose
        processing never started: their message was lost if it is no longer queued. Oldest first."""
        return self.filter(status=Article.Status.PENDING, attempts=0, updated_at__lt=cutoff).order_by(
            "fetched_at"
        )

    def pending_summary(self) -> dict:
        """How many articles wait for tagging and when the oldest was stored (one query, /healthz)."""
        pending = self.filter(status=Article.Status.PENDING)
        return pending.aggregate(count=Count("pk"), oldest=Min("fetched_at"))


class Source(models.Model):
    """A publisher (Korea.net, Tagar…), known by its domain."""

    name = models.CharField(max_length=255)
    domain = models.CharField(max_length=255, unique=True)
    country = models.ForeignKey(
        "geo.Country", on_delete=models.SET_NULL, null=True, blank=True, related_name="sources"
    )
    language = models.CharField(max_length=8, blank=True)
    homepage = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FeedQuerySet(models.QuerySet):
    def due(self, now=None) -> FeedQuerySet:
        """Enabled, not retired, idle feeds whose next poll time has come (or was never set)."""
        now = now or timezone.now()
        return self.filter(enabled=True, state=Feed.State.IDLE, retired_reason="").filter(
            Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
        )

    def pollable(self) -> FeedQuerySet:
        """What `poll_feeds --all` takes: every enabled, idle feed, due or not."""
        return self.filter(enabled=True, state=Feed.State.IDLE, retired_reason="")

    def stuck(self, older_than) -> FeedQuerySet:
        """Feeds claimed before `older_than` and still in progress: their worker died."""
        return self.filter(state=Feed.State.IN_PROGRESS, claimed_at__lt=older_than)

    def awaiting_items(self, polled_before) -> FeedQuerySet:
        """Idle feeds, last polled before `polled_before`, with items handed on and not yet seen stored."""
        return (
            self.filter(state=Feed.State.IDLE, last_polled_at__lt=polled_before)
            .exclude(pending_items={})
            .order_by("last_polled_at")
        )

    def polling_summary(self, stalled_before) -> dict:
        """For /healthz (one query): how many enabled feeds have been due since before `stalled_before`
        (their next poll time, or their creation when never polled, passed by then) and the last success."""
        overdue = Q(next_poll_at__lt=stalled_before)
        overdue |= Q(next_poll_at__isnull=True, created_at__lt=stalled_before)
        return self.filter(enabled=True, retired_reason="").aggregate(
            overdue=Count("pk", filter=Q(state=Feed.State.IDLE) & overdue),
            last_success=Max("last_success_at"),
        )


class Feed(models.Model):
    """An RSS/Atom feed and its polling health; "due" is defined once, in `FeedQuerySet.due`."""

    class State(models.TextChoices):
        IDLE = "idle", "Idle"
        IN_PROGRESS = "in_progress", "In progress"

    url = models.URLField(max_length=2000)
    url_hash = models.CharField(max_length=64, unique=True, editable=False)
    name = models.CharField(max_length=255, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="feeds")
    enabled = models.BooleanField(default=True)
    poll_interval_minutes = models.PositiveIntegerField(default=30)

    state = models.CharField(max_length=16, choices=State.choices, default=State.IDLE)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(null=True, blank=True)
    etag = models.CharField(max_length=512, blank=True)
    last_modified = models.CharField(max_length=128, blank=True)
    body_hash = models.CharField(max_length=64, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_new_item_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    consecutive_not_found = models.PositiveIntegerField(default=0)
    retired_reason = models.CharField(max_length=255, blank=True)
    # A permanent redirect moves the feed only once it has been seen consistently.
    redirect_target = models.URLField(max_length=2000, blank=True)
    redirect_seen = models.PositiveIntegerField(default=0)
    items_total = models.PositiveIntegerField(default=0)
    # Items that could not be stored as the feed offered them, counted so that feed health shows them
    # (an item offered again by a later poll is counted again).
    items_bad_link = models.PositiveIntegerField(
        default=0, help_text="Items dropped because their link is not a usable URL."
    )
    items_teaser = models.PositiveIntegerField(
        default=0, help_text="Teaser items (a summary, not the article): their page was fetched."
    )
    items_teaser_unreadable = models.PositiveIntegerField(
        default=0,
        help_text="Teaser pages that could not be read: the summary was stored instead, "
        "or nothing when the page was refused or too large.",
    )
    # An item counts as seen only once it is stored (docs/ingestion.md, "Lost work"): url hash -> times
    # handed on, for the items handed on to the workers and not yet seen stored. While any is pending, the
    # feed's ETag, Last-Modified and body hash are not trusted, so the next poll offers them again.
    pending_items = models.JSONField(default=dict, blank=True)
    # Url hashes of items handed on polling.MAX_OFFERS times and never seen stored: not offered again
    # while the feed lists them.
    given_up_items = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FeedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "url"]
        indexes = [
            # poll_feeds claims the enabled, idle feeds whose next poll is due.
            models.Index(fields=["enabled", "state", "next_poll_at"], name="news_feed_due"),
        ]

    def __str__(self) -> str:
        return self.name or self.url

    def save(self, *args, **kwargs) -> None:
        self.url_hash = url_hash(self.url)
        super().save(*args, **kwargs)


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self) -> ArticleQuerySet:
        # The stored search vector is as large as the text and only the database reads it.
        return super().get_queryset().defer("search_vector")


class Article(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending tagging"
        PROCESSED = "processed", "Processed"
        FAILED = "failed", "Failed"

    url = models.TextField(help_text="Canonical URL.")
    url_hash = models.CharField(max_length=64, unique=True, editable=False)
    title = models.CharField(max_length=1000)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True, help_text="Sanitised HTML, when the source had any.")
    language = models.CharField(max_length=8, blank=True, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField(auto_now_add=True)
    source = models.ForeignKey(
        Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    feed = models.ForeignKey(Feed, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles")
    authors = models.JSONField(default=list, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # MinHash signature (128 x uint32) of the text's shingles, for near-duplicate grouping (dedupe.py).
    minhash = models.BinaryField(null=True, blank=True, editable=False)
    # Syndicated copies of one story point to the first stored copy.
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    status_reason = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    tagged_at = models.DateTimeField(null=True, blank=True)
    # The relevance stage's reading (apps.tagging.relevance): below the threshold an article makes no event.
    relevance = models.FloatField(null=True, blank=True, help_text="In-scope score, 0 to 1.")
    relevance_reasons = models.JSONField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # What q= searches (ArticleQuerySet.matching): computed and stored by PostgreSQL on every write.
    search_vector = models.GeneratedField(
        expression=SearchVector(*SEARCH_FIELDS, config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ArticleManager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            # The article list is newest first.
            models.Index(fields=["-published_at", "-id"], name="news_article_newest"),
            # Re-tagging and the failure list select by status.
            models.Index(fields=["status", "fetched_at"], name="news_article_status"),
            # q= on the timeline and the exports (ArticleQuerySet.matching); built concurrently (0009).
            GinIndex(fields=["search_vector"], name="news_article_search"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.url_hash = url_hash(self.url)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("web:article", args=[self.pk])


class ArticleBand(models.Model):
    """One LSH band of an article's MinHash: articles sharing a band key are near-duplicate candidates."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bands")
    key = models.BigIntegerField()

    class Meta:
        indexes = [
            # dedupe.find_groups looks candidates up by band key.
            models.Index(fields=["key"], name="news_articleband_key"),
        ]

    def __str__(self) -> str:
        return f"band {self.key} of article {self.article_id}"
