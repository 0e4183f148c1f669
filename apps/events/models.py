"""Topics, events (with the Agreement proxy), their sources and the country-pair index."""

from __future__ import annotations

from itertools import combinations

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.events.queries import EventQuerySet


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

    def __str__(self) -> str:
        return self.name

    def localized_name(self, language: str) -> str:
        return self.names.get(language.split("-")[0]) or self.name


class Event(models.Model):
    class Kind(models.TextChoices):
        AGREEMENT = "agreement", "Agreement"
        FORUM = "forum", "Forum"
        COLLABORATION = "collaboration", "Collaboration"
        REGULATION = "regulation", "Regulation"
        VISIT = "visit", "Visit"
        FUNDING = "funding", "Funding"
        OTHER = "other", "Other"

    class Precision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    title = models.CharField(max_length=500)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)
    # The first day of the period the precision names (2021-03 is stored as 2021-03-01).
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=8, choices=Precision.choices, blank=True)
    end_date = models.DateField(null=True, blank=True)
    location = models.CharField(max_length=120, blank=True)
    summary = models.TextField(blank=True)
    parties = models.ManyToManyField("geo.Country", blank=True, related_name="events")
    actors = models.ManyToManyField("actors.Actor", through="EventActor", blank=True, related_name="events")
    topics = models.ManyToManyField(Topic, blank=True, related_name="events")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED)
    confidence = models.FloatField(default=0.0)
    agreement_count = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[parties, topics])
    objects = EventQuerySet.as_manager()

    class Meta:
        # Undated events sort after dated ones on every database.
        ordering = [models.F("date").desc(nulls_last=True), "-id"]
        indexes = [
            # Newest first. On PostgreSQL migration 0003 adds the timeline's exact order (undated
            # last, which SQLite cannot index) and the `q=` filter's full-text index.
            models.Index(fields=["-date", "-id"], name="events_event_timeline"),
            models.Index(fields=["status", "kind", "date"], name="events_event_status_kind"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(date__isnull=False, end_date__gte=models.F("date")),
                name="events_event_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__gte=0.0, confidence__lte=1.0),
                name="events_event_confidence_range",
            ),
            models.CheckConstraint(
                condition=models.Q(date__isnull=True, date_precision="")
                | models.Q(date__isnull=False) & ~models.Q(date_precision=""),
                name="events_event_date_has_precision",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:event", args=[self.pk])

    @property
    def date_display(self) -> str:
        """The date written to its precision (YYYY-MM-DD, YYYY-MM or YYYY), as exports write it."""
        if self.date is None:
            return ""
        if self.date_precision == self.Precision.YEAR:
            return f"{self.date.year:04d}"
        if self.date_precision == self.Precision.MONTH:
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()

    def sync_pairs(self) -> None:
        """Rebuild this event's rows in the pair index from its parties."""
        wanted = {
            (p.a_id, p.b_id) for p in EventPair.rows_for(self.pk, self.parties.values_list("code", flat=True))
        }
        existing = set(self.pairs.values_list("a_id", "b_id"))
        stale = existing - wanted
        if stale:
            q = models.Q()
            for a, b in stale:
                q |= models.Q(a_id=a, b_id=b)
            self.pairs.filter(q).delete()
        EventPair.objects.bulk_create(
            [EventPair(event=self, a_id=a, b_id=b) for a, b in sorted(wanted - existing)],
            ignore_conflicts=True,
        )


class AgreementManager(models.Manager.from_queryset(EventQuerySet)):
    def get_queryset(self) -> EventQuerySet:
        return super().get_queryset().filter(kind=Event.Kind.AGREEMENT)


class Agreement(Event):
    """Cooperation agreements: events of kind `agreement`, their own section in the admin."""

    objects = AgreementManager()

    class Meta:
        proxy = True
        verbose_name = "cooperation agreement"
        verbose_name_plural = "cooperation agreements"

    def save(self, *args, **kwargs) -> None:
        self.kind = Event.Kind.AGREEMENT
        super().save(*args, **kwargs)


class EventPair(models.Model):
    """One unordered pair of an event's parties, codes sorted (a < b): the index the pair filter uses.

    Maintained from `Event.parties` by `apps.events.signals`; never edited by hand.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="pairs")
    a = models.ForeignKey("geo.Country", on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey("geo.Country", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["a", "b", "event"], name="events_eventpair_unique"),
            models.CheckConstraint(condition=models.Q(a__lt=models.F("b")), name="events_eventpair_sorted"),
        ]
        # The unique constraint's (a, b, event) index serves `pair=` filters and the pair matrix.

    def __str__(self) -> str:
        return f"{self.a_id}-{self.b_id}"

    @classmethod
    def rows_for(cls, event_id: int, codes) -> list[EventPair]:
        """The (unsaved) pair rows of an event with these party codes."""
        return [cls(event_id=event_id, a_id=a, b_id=b) for a, b in combinations(sorted(set(codes)), 2)]


class EventActor(models.Model):
    class Role(models.TextChoices):
        SIGNATORY = "signatory", "Signatory"
        ORGANISER = "organiser", "Organiser"
        PARTICIPANT = "participant", "Participant"
        REGULATOR = "regulator", "Regulator"
        TARGET = "target", "Target"
        HOST = "host", "Host"
        FUNDER = "funder", "Funder"
        MENTIONED = "mentioned", "Mentioned"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="event_actors")
    actor = models.ForeignKey("actors.Actor", on_delete=models.CASCADE, related_name="event_roles")
    role = models.CharField(max_length=16, choices=Role.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "actor"], name="events_eventactor_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} ({self.role or 'actor'})"


class EventSource(models.Model):
    """An article that reports an event, with the sentence the event rests on."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sources")
    article = models.ForeignKey("news.Article", on_delete=models.CASCADE, related_name="event_sources")
    evidence = models.TextField(blank=True)
    evidence_start = models.PositiveIntegerField(null=True, blank=True)
    evidence_end = models.PositiveIntegerField(null=True, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "article"], name="events_eventsource_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.article} → {self.event}"
