"""Events as plain records for the exports, read in chunks without building model instances.

A million events stream in constant memory: one query walks the events (a server-side cursor on
PostgreSQL), and each chunk of ids costs five more queries (parties, pairs, topics, actors, sources)
that read only the columns the exports write.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.db.models import QuerySet

from apps.events.models import Event, EventActor, EventPair, EventSource

CHUNK = 1000


@dataclass
class SourceRecord:
    url: str
    title: str
    publisher: str | None
    publisher_id: int | None
    published_at: dt.datetime | None
    language: str


@dataclass
class EventRecord:
    id: int
    title: str
    kind: str
    date: dt.date | None
    date_precision: str
    end_date: dt.date | None
    location: str
    status: str
    confidence: float
    agreement_count: int | None
    created_at: dt.datetime
    parties: list[tuple[str, str]] = field(default_factory=list)  # (code, English name), sorted
    pairs: list[tuple[str, str]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    actors: list[tuple[str, str, str | None]] = field(default_factory=list)  # (name, slug, country)
    sources: list[SourceRecord] = field(default_factory=list)

    @property
    def date_display(self) -> str:
        """The date to its precision, exactly as Event.date_display writes it."""
        return Event(date=self.date, date_precision=self.date_precision).date_display


def _grouped(rows: Iterable[tuple]) -> dict[int, list[tuple]]:
    groups: dict[int, list[tuple]] = defaultdict(list)
    for event_id, *rest in rows:
        groups[event_id].append(tuple(rest))
    return groups


EVENT_COLUMNS = (
    "pk", "title", "kind", "date", "date_precision", "end_date", "location", "status", "confidence",
    "agreement_count", "created_at",
)  # fmt: skip


def iter_records(events: QuerySet, chunk: int = CHUNK) -> Iterator[EventRecord]:
    """The events of an ordered queryset as EventRecords, in its order, `chunk` at a time."""
    rows = events.values_list(*EVENT_COLUMNS).iterator(chunk_size=chunk)
    while batch := list(islice(rows, chunk)):
        ids = [row[0] for row in batch]
        parties = _grouped(
            Event.parties.through.objects.filter(event_id__in=ids).values_list(
                "event_id", "country_id", "country__name"
            )
        )
        pairs = _grouped(EventPair.objects.filter(event_id__in=ids).values_list("event_id", "a_id", "b_id"))
        topics = _grouped(
            Event.topics.through.objects.filter(event_id__in=ids).values_list("event_id", "topic_id")
        )
        actors = _grouped(
            EventActor.objects.filter(event_id__in=ids)
            .order_by("id")
            .values_list("event_id", "actor__name", "actor__slug", "actor__country_id")
        )
        sources = _grouped(
            EventSource.objects.filter(event_id__in=ids)
            .order_by("added_at", "id")
            .values_list(
                "event_id",
                "article__url",
                "article__title",
                "article__source__name",
                "article__source_id",
                "article__published_at",
                "article__language",
            )
        )
        for row in batch:
            pk = row[0]
            yield EventRecord(
                *row,
                parties=sorted(parties.get(pk, [])),
                pairs=sorted(pairs.get(pk, [])),
                topics=sorted(t for (t,) in topics.get(pk, [])),
                actors=actors.get(pk, []),
                sources=[SourceRecord(*s) for s in sources.get(pk, [])],
            )
