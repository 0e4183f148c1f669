"""Publishers, their feeds, and the articles ingested from them."""

from __future__ import annotations

import hashlib

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


def url_hash(url: str) -> str:
    """The unique key of a canonical URL: long URLs never break a B-tree index."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


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
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            # The article list is newest first.
            models.Index(fields=["-published_at", "-id"], name="news_article_newest"),
            # Re-tagging and the failure list select by status.
            models.Index(fields=["status", "fetched_at"], name="news_article_status"),
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
