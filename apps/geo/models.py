"""Countries (ISO 3166-1) and blocs (ASEAN, EU…), with their names in many languages."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language

# The languages every country carries a name in (generated from CLDR by `seed`).
NAME_LANGUAGES = ("en", "id", "ms", "ko", "zh", "ja")


class Country(models.Model):
    class Kind(models.TextChoices):
        COUNTRY = "country", "Country"
        BLOC = "bloc", "Bloc"

    # ISO alpha-2 for countries, the acronym for blocs; it is the key in URLs and exports.
    code = models.CharField(max_length=8, primary_key=True)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.COUNTRY)
    name = models.CharField("English name", max_length=120)
    names = models.JSONField(default=dict, blank=True, help_text="Names by language code.")
    members = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="blocs", limit_choices_to={"kind": "country"}
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        indexes = [models.Index(fields=["kind", "name"], name="geo_country_kind_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def localized_name(self, language: str | None = None) -> str:
        """The name in the given (or active) language, falling back to English."""
        language = (language or get_language() or "en").split("-")[0]
        return self.names.get(language) or self.name

    @property
    def flag(self) -> str:
        """Regional-indicator emoji for ISO countries; blocs have none."""
        if self.kind != self.Kind.COUNTRY or len(self.code) != 2 or not self.code.isalpha():
            return ""
        return "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in self.code.upper())


class CountryAlias(models.Model):
    """A curated surface form (press nickname, short form) that names a country in text."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=120)
    language = models.CharField(max_length=8, blank=True)
    # A weak alias ("AS", "Korea", "Jordan") counts only when the context backs it up.
    weak = models.BooleanField(default=False)

    class Meta:
        ordering = ["country", "name"]
        verbose_name_plural = "country aliases"
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="geo_countryalias_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
