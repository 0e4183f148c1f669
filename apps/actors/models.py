"""Actors: ministries, agencies, companies, universities, foundations, people."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords


class Actor(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", "Government"
        MINISTRY = "ministry", "Ministry / agency"
        COMPANY = "company", "Company"
        UNIVERSITY = "university", "University / research"
        FOUNDATION = "foundation", "Foundation / NGO"
        INTERNATIONAL = "international", "International organisation"
        PERSON = "person", "Person"
        OTHER = "other", "Other"

    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)
    country = models.ForeignKey(
        "geo.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="actors"
    )
    wikidata_id = models.CharField(
        "Wikidata id",
        max_length=16,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9][0-9]*$", "A Wikidata id looks like Q12345.")],
    )
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        indexes = [
            # The actor list filters by country and kind.
            models.Index(fields=["country", "kind"], name="actors_actor_country_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:actor", args=[self.slug])


class ActorAlias(models.Model):
    """Another name of an actor, in any language ("Kementerian Kebudayaan, Olahraga, dan Pariwisata")."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=255)
    language = models.CharField(max_length=8, blank=True)

    class Meta:
        ordering = ["actor", "name"]
        verbose_name_plural = "actor aliases"
        constraints = [
            models.UniqueConstraint(fields=["actor", "name"], name="actors_actoralias_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
