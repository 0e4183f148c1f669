"""What the tagging pipeline found in each article, with evidence offsets, and proposed new actors."""

from __future__ import annotations

from django.db import models


class ArticleCountry(models.Model):
    """A country or bloc named in an article; `is_party` when it takes part in the main event."""

    article = models.ForeignKey("news.Article", on_delete=models.CASCADE, related_name="country_tags")
    country = models.ForeignKey("geo.Country", on_delete=models.CASCADE, related_name="article_tags")
    is_party = models.BooleanField(default=False)
    spans = models.JSONField(default=list, help_text="[[start, end], …] character offsets in the text.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "country"], name="tagging_articlecountry_unique"),
        ]
        indexes = [
            # The country page lists articles that name the country.
            models.Index(fields=["country", "article"], name="tagging_articlecountry_country"),
        ]

    def __str__(self) -> str:
        return f"{self.country_id} in article {self.article_id}"


class ArticleActor(models.Model):
    article = models.ForeignKey("news.Article", on_delete=models.CASCADE, related_name="actor_tags")
    actor = models.ForeignKey("actors.Actor", on_delete=models.CASCADE, related_name="article_tags")
    spans = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "actor"], name="tagging_articleactor_unique"),
        ]

    def __str__(self) -> str:
        return f"actor {self.actor_id} in article {self.article_id}"


class ArticleTopic(models.Model):
    article = models.ForeignKey("news.Article", on_delete=models.CASCADE, related_name="topic_tags")
    topic = models.ForeignKey("events.Topic", on_delete=models.CASCADE, related_name="article_tags")
    spans = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "topic"], name="tagging_articletopic_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.topic_id} in article {self.article_id}"


class ArticleDate(models.Model):
    """A date expression found in an article, resolved to ISO at its precision."""

    article = models.ForeignKey("news.Article", on_delete=models.CASCADE, related_name="date_tags")
    value = models.CharField(max_length=10, help_text="YYYY-MM-DD, YYYY-MM or YYYY.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        ordering = ["start"]

    def __str__(self) -> str:
        return self.value


class ActorCandidate(models.Model):
    """An organisation name the pipeline saw but does not know, for editors to accept or dismiss."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted"
        DISMISSED = "dismissed", "Dismissed"

    name = models.CharField(max_length=255)
    normalized = models.CharField(max_length=255, unique=True)
    country = models.ForeignKey("geo.Country", on_delete=models.SET_NULL, null=True, blank=True)
    kind = models.CharField(max_length=16, blank=True)
    example_article = models.ForeignKey("news.Article", on_delete=models.SET_NULL, null=True, blank=True)
    mention_count = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED)
    actor = models.ForeignKey("actors.Actor", on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-mention_count", "name"]

    def __str__(self) -> str:
        return self.name
