"""What the tagging pipeline found in each article, with evidence offsets, and proposed new actors."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Topic(models.Model):
    """A theme of the taxonomy, with keywords per language that editors tune."""

    slug = models.SlugField(max_length=40, primary_key=True)
    name = models.CharField(max_length=80)
    names = models.JSONField(default=dict, blank=True, help_text="Names by language code.")
    keywords = models.JSONField(
        default=dict, blank=True, help_text='Keywords by language code: {"id": ["kecerdasan buatan"], …}.'
    )

    class Meta:
        ordering = ["slug"]
        db_table = "events_topic"  # the table it had when it lived in apps.events

    def __str__(self) -> str:
        return self.name

    def localized_name(self, language: str) -> str:
        return self.names.get(language.split("-")[0]) or self.name


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
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="article_tags")
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


class RelevanceLabelQuerySet(models.QuerySet):
    def latest_per_article(self) -> RelevanceLabelQuerySet:
        """Each article's latest decision: an editor who changes their mind overrides themselves."""
        latest = RelevanceLabel.objects.filter(article=models.OuterRef("article_id"))
        return self.filter(pk=models.Subquery(latest.order_by("-created_at", "-id").values("pk")[:1]))


class RelevanceLabel(models.Model):
    """An editor's decision on an article, kept as a relevance label for `train_relevance`.

    Confirming an event, rejecting it as wrong (the reading was wrong, the subject was not) and
    promoting an article from the out-of-scope lane say "in scope"; rejecting an event as out of scope
    says "out of scope".
    """

    class Decision(models.TextChoices):
        CONFIRM = "confirm", "Confirmed an event"
        REJECT_WRONG = "reject_wrong", "Rejected an event as wrong"
        REJECT_OUT_OF_SCOPE = "reject_out_of_scope", "Rejected an event as out of scope"
        PROMOTE = "promote", "Promoted an out-of-scope article"

    IN_SCOPE = {
        Decision.CONFIRM: True,
        Decision.REJECT_WRONG: True,
        Decision.REJECT_OUT_OF_SCOPE: False,
        Decision.PROMOTE: True,
    }

    article = models.ForeignKey("news.Article", on_delete=models.CASCADE, related_name="relevance_labels")
    in_scope = models.BooleanField()
    decision = models.CharField(max_length=24, choices=Decision.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RelevanceLabelQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(decision__in=["confirm", "reject_wrong", "promote"], in_scope=True)
                    | models.Q(decision="reject_out_of_scope", in_scope=False)
                ),
                name="tagging_relevancelabel_decision_scope",
            ),
        ]
        indexes = [
            # train_relevance reads the latest label of each article.
            models.Index(fields=["article", "-created_at"], name="tagging_relevancelabel_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.decision} on article {self.article_id}"
