"""Events (with the Agreement proxy), their sources and the country-pair index."""

from __future__ import annotations

from itertools import combinations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.events.queries import SEARCH_FIELDS, EventQuerySet
from apps.news.models import SEARCH_CONFIG
from apps.tagging.kinds import KINDS


class Event(models.Model):
    # The one list of kinds (apps.tagging.kinds) that the pipeline, the labels and the filters read.
    Kind = models.TextChoices("Kind", [(kind.upper(), (kind, kind.title())) for kind in KINDS])

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
    topics = models.ManyToManyField("tagging.Topic", blank=True, related_name="events")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED)
    confidence = models.FloatField(default=0.0)
    agreement_count = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The fields and relations an editor set (names from apps.events.readings.EDITOR_FIELDS): the
    # machine never changes them again. Written by apps.events.editing, read by apps.events.building.
    editor_fields = models.JSONField(default=list, blank=True, editable=False)
    # What q= searches (EventQuerySet.matching): computed and stored by PostgreSQL on every write.
    search_vector = models.GeneratedField(
        expression=SearchVector(*SEARCH_FIELDS, config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    # editor_fields is bookkeeping of who set what, which the history itself already records;
    # search_vector is derived from fields the history holds.
    history = HistoricalRecords(
        m2m_fields=[parties, topics], excluded_fields=["editor_fields", "search_vector"]
    )
    objects = EventQuerySet.as_manager()

    class Meta:
        # Undated events sort after dated ones on every database.
        ordering = [models.F("date").desc(nulls_last=True), "-id"]
        indexes = [
            # Newest first. Migration 0003 adds the timeline's exact order (undated last).
            models.Index(fields=["-date", "-id"], name="events_event_timeline"),
            models.Index(fields=["status", "kind", "date"], name="events_event_status_kind"),
            # q= on the timeline and the exports (EventQuerySet.matching); built concurrently (0007).
            GinIndex(fields=["search_vector"], name="events_event_search"),
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

    @property
    def machine_reading(self) -> MachineReading | None:
        """What the machine read for this event, kept when an editor first touched it (None: untouched,
        so its fields are the machine's reading, or never read by the machine). Uses `readings` as
        prefetched."""
        return next((r for r in self.readings.all() if r.merged_from is None), None)

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
    # An editor added or corrected it: re-tagging never withdraws it nor rewrites its evidence.
    by_editor = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "article"], name="events_eventsource_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.article} → {self.event}"


class MachineReading(models.Model):
    """What the machine read for an event that an editor has touched.

    An untouched event needs none: its fields are the machine's reading. When an editor first changes
    an event the machine made, its values as the machine left them become its own reading (one row,
    `merged_from` null), which later reports keep up to date; an event merged into another leaves its
    reading there (`merged_from` = its old id). Later articles that report what the machine read find
    the event through them (the builder looks them up by `parties` and `year`), so they corroborate it
    instead of proposing a twin; and the event page shows where the reading and the editor disagree.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="readings")
    merged_from = models.BigIntegerField(null=True, blank=True)
    # The look-up key, kept in step with `values` by `assign`: party codes sorted, space-separated,
    # and the year of the date (null when undated).
    parties = models.CharField(max_length=255)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    # kind, date, date_precision, end_date, location, parties, actors (ids), topics, agreement_count
    values = models.JSONField(default=dict)
    # field -> the machine's value an editor has seen and kept their own against (not shown again).
    settled = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event"],
                condition=models.Q(merged_from__isnull=True),
                name="events_machinereading_own",
            ),
            models.UniqueConstraint(fields=["event", "merged_from"], name="events_machinereading_merged"),
        ]
        indexes = [
            # The builder's look-up of events by what the machine read (EventBuilder._load_candidates).
            models.Index(fields=["parties", "year"], name="events_machinereading_key"),
            # The review queue's recently re-read events.
            models.Index(fields=["-updated_at"], name="events_machinereading_recent"),
        ]

    def __str__(self) -> str:
        return f"machine reading of event {self.event_id}" + (
            f" (merged from {self.merged_from})" if self.merged_from else ""
        )

    def assign(self, values: dict) -> None:
        """Take these values and the look-up key that follows from them."""
        self.values = values
        self.parties = " ".join(values.get("parties") or [])
        self.year = int(values["date"][:4]) if values.get("date") else None
