"""Extraction -> a new proposed Event, or one more source of an event already stored.

An article's event corroborates a stored one when they have the same parties, compatible kinds,
dates within a few days (or the same month or year at a coarser precision), and something more
that ties them: an actor in common, the article being a near-duplicate of one of the event's
sources, or the same day on both. The stored event is seen both as it now is and as the machine read
it (`MachineReading`, kept when an editor touched it), so a report of the machine's original reading
corroborates an event an editor corrected instead of proposing a twin. Otherwise a new event is
proposed. Every machine write is recorded in the change history as the system user "tagger".

The rule for editors' work (docs/editing.md): the machine adds sources and evidence, fills and
sharpens what nobody set and keeps its own reading up to date, but never changes what an editor set
(`Event.editor_fields`), never changes a confirmed or rejected event, never withdraws a source an
editor added and never deletes an event an editor touched.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone

from apps.events.models import Event, EventActor, EventPair, EventSource, MachineReading
from apps.events.readings import DATE_FIELDS, View, enrich_values
from apps.news.models import Article
from apps.tagging.results import EventResult, Extraction

SYSTEM_USERNAME = "tagger"
DAY_WINDOW = 3
EVENT_BUILDING_LOCK = 0x7472_6163_6B65_7231  # any fixed 64-bit key, the same in every worker
CANDIDATES_PER_YEAR = 2000  # bounds the events of one pair and year a batch loads
COMPATIBLE = {frozenset({"agreement", "collaboration"}), frozenset({"forum", "visit"})}


def system_user():
    """The user the change history names for machine edits ("changed by tagger")."""
    user, created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_active": False, "first_name": "Tagger (machine)"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def serialize_event_building() -> None:
    """Let one transaction at a time build events, until it commits (PostgreSQL advisory lock).

    Without it, two workers whose batches report the same new event would both miss the other's
    uncommitted event and propose it twice. The lock is taken after the articles are tagged, so only
    event building waits; the batch that waits then sees every event committed before it.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [EVENT_BUILDING_LOCK])


def build_events(articles: list[Article], extractions: list[Extraction], *, retagged: set[int]) -> None:
    """Build or corroborate the events of a batch of tagged articles (the ids in `retagged` were tagged
    before, so they may have to be taken off events they no longer report). Re-running leaves the same
    rows. Runs under the event-building lock, taken before anything is read."""
    serialize_event_building()
    builder = EventBuilder(articles, extractions)
    for article, extraction in zip(articles, extractions, strict=True):
        builder.build(article, extraction, retag=article.pk in retagged)
    builder.finish()


class EventBuilder:
    """Builds the events of a batch of articles inside one transaction.

    What one article at a time would ask the database again and again (the tagger user, the candidate
    events of a pair and date, their actors and topics, the events that an article's copies report) is
    asked once per batch and kept up to date in memory, with one Python object per event so that every
    article of the batch sees what the earlier ones changed. `finish` writes what the batch changed.
    One builder serves one batch.
    """

    def __init__(self, articles: list[Article], extractions: list[Extraction]) -> None:
        self.user = system_user()
        self._events: dict[int, Event] = {}
        self._candidates: dict[tuple, list[Event]] = {}
        self._parties: dict[int, tuple[str, ...]] = {}  # event id -> its party codes as they now are
        self._readings: dict[int, list[MachineReading]] = {}  # event id -> its machine readings
        self._dirty_readings: dict[int, MachineReading] = {}
        self._editor_sources: set[tuple[int, int]] = set()  # (event, article) of sources editors set
        self._actors: dict[int, set[int]] = {}
        self._topics: dict[int, set[str]] = {}
        self._groups: dict[int, set[int]] = {}
        self._reported: dict[int, set[int]] = defaultdict(set)  # article id -> events it is a source of
        self._sources: dict[tuple[int, int], EventSource] = {}
        self._new_actors: set[tuple[int, int]] = set()
        self._new_topics: set[tuple[int, str]] = set()
        self._new_parties: dict[int, list[str]] = {}  # event id -> codes, for events created here
        self._dirty: dict[int, set[str]] = defaultdict(set)  # event id -> columns the batch changed
        self._history: dict[int, str] = {}  # event id -> "+" (created) or "~" (changed)
        self._retagged: list[tuple[Article, list[int]]] = []
        self._load_groups(articles)
        self._preload(extractions)

    def build(self, article: Article, extraction: Extraction, *, retag: bool) -> list[Event]:
        """The article's events, matched to stored ones or proposed (sources are written by `finish`)."""
        events = []
        for result in extraction.events:
            if not result.parties:
                continue  # an event nobody takes part in is nothing the tracker can file
            actor_ids = [extraction.actor_infos[i].id for i in result.actors if extraction.actor_infos[i].id]
            event = self.find_match(article, result, actor_ids)
            if event is None:
                event = create_event(result)
                self._remember_new(event, result)
            else:
                self._corroborate(event, result, actor_ids)
            if event.status == Event.Status.PROPOSED:
                locked = set(event.editor_fields)
                if "topics" not in locked:
                    self._add_topics(event, result.topics)
                if "actors" not in locked:
                    self._add_actors(event, actor_ids)
            if (event.pk, article.pk) not in self._editor_sources:  # an editor's keeps their evidence
                self._sources[(event.pk, article.pk)] = EventSource(
                    event=event,
                    article=article,
                    evidence=result.evidence[:2000],
                    evidence_start=result.evidence_span[0] if result.evidence_span else None,
                    evidence_end=result.evidence_span[1] if result.evidence_span else None,
                )
            self._reported[article.pk].add(event.pk)
            events.append(event)
        if retag:
            self._retagged.append((article, [e.pk for e in events]))
        return events

    def _corroborate(self, event: Event, result: EventResult, actor_ids: list[int]) -> None:
        """A stored event gains what the report adds: a proposed one in the fields nobody set, any with
        a machine reading in that reading."""
        keys = self._keys_of(event)
        if event.status == Event.Status.PROPOSED:
            changed = enrich_event(event, result, locked=set(event.editor_fields))
            if changed:
                self._dirty[event.pk] |= set(changed)
            if set(changed) - {"confidence"}:  # confidence alone is not a history entry
                self._history.setdefault(event.pk, "~")
        reading = next((r for r in self._readings.get(event.pk, ()) if r.merged_from is None), None)
        if reading is not None and enrich_values(reading.values, result, actor_ids):
            reading.assign(reading.values)
            self._dirty_readings[reading.pk] = reading
        if self._keys_of(event) != keys:
            self._refile(event, keys)  # a sharper date may fall in another year

    def finish(self) -> None:
        """Write what the batch changed, a bulk statement per table; record one history entry per
        created or changed event (with its parties and topics); then take re-tagged articles off the
        events they no longer report."""
        now = timezone.now()
        # Only the columns the batch changed are written (an editor may be changing others meanwhile):
        # one UPDATE per set of changed columns, usually "confidence" alone.
        by_columns: dict[tuple[str, ...], list[Event]] = defaultdict(list)
        for pk, columns in sorted(self._dirty.items()):
            self._events[pk].updated_at = now
            by_columns[tuple(sorted(columns))].append(self._events[pk])
        for columns, events in by_columns.items():
            Event.objects.bulk_update(events, [*columns, "updated_at"])
        if self._dirty_readings:
            for reading in self._dirty_readings.values():
                reading.updated_at = now
            MachineReading.objects.bulk_update(
                list(self._dirty_readings.values()), ["values", "parties", "year", "updated_at"]
            )
        Event.parties.through.objects.bulk_create(
            [
                Event.parties.through(event_id=pk, country_id=code)
                for pk, codes in self._new_parties.items()
                for code in codes
            ]
        )
        EventPair.objects.bulk_create(
            [pair for pk, codes in self._new_parties.items() for pair in EventPair.rows_for(pk, codes)]
        )
        Event.topics.through.objects.bulk_create(
            [Event.topics.through(event_id=e, topic_id=t) for e, t in sorted(self._new_topics)],
            ignore_conflicts=True,
        )
        EventActor.objects.bulk_create(
            [EventActor(event_id=e, actor_id=a) for e, a in sorted(self._new_actors)], ignore_conflicts=True
        )
        EventSource.objects.bulk_create(
            list(self._sources.values()),
            update_conflicts=True,
            unique_fields=["event", "article"],
            update_fields=["evidence", "evidence_start", "evidence_end"],
        )
        write_history(
            [self._events[pk] for pk, kind in self._history.items() if kind == "+"],
            [self._events[pk] for pk, kind in self._history.items() if kind == "~"],
            self.user,
        )
        for article, keep in self._retagged:
            withdraw_sources(article, self.user, keep=keep)

    def find_match(self, article: Article, result: EventResult, actor_ids: list[int]) -> Event | None:
        """The stored event this result reports, if any: a confirmed one is preferred, then one an
        editor touched (a rejected one included: its reports stay with it), then the newest.

        Seen as it now is or as the machine read it, it has the same parties, a compatible kind, a date
        in the window, and something that ties it to the article: a shared actor, a copy of the
        article among its sources, the same day, or no date on either side.
        """
        codes = _codes(result.parties)
        copies = set().union(*(self._reported[pk] for pk in self._groups[article.pk]))
        best: dict[int, Event] = {}
        for event in self._candidates_for(codes, result):
            views = self._views(event, codes)
            if not any(_reports(view, result, actor_ids, event.pk in copies) for view in views):
                continue
            if event.status == Event.Status.CONFIRMED:
                return event
            best.setdefault(0 if event.editor_fields else 1, event)
        return best.get(0) or best.get(1)

    def _views(self, event: Event, codes: tuple[str, ...]) -> list[View]:
        """The ways of seeing the event that have these parties: as it is, and as the machine read it."""
        views = []
        if self._parties.get(event.pk) == codes:
            views.append(
                View(event.kind, event.date, event.date_precision, frozenset(self._actors[event.pk]))
            )
        for reading in self._readings.get(event.pk, ()):
            if tuple(reading.values.get("parties") or ()) == codes:
                views.append(View.of_values(reading.values))
        return views

    def _candidates_for(self, codes: tuple[str, ...], result: EventResult) -> list[Event]:
        """The events with exactly these parties (as they are or as read) in the years the result's date
        window touches, newest first."""
        years = _years(result)
        self._load_candidates({(codes, year) for year in years} - set(self._candidates))
        events = [event for year in years for event in self._candidates[(codes, year)]]
        return sorted(events, key=lambda e: -e.pk) if len(years) > 1 else events

    def _preload(self, extractions: list[Extraction]) -> None:
        """The candidate events of every result of the batch, in one go."""
        keys = {
            (_codes(result.parties), year)
            for extraction in extractions
            for result in extraction.events
            if result.parties
            for year in _years(result)
        }
        self._load_candidates(keys - set(self._candidates))

    def _load_candidates(self, keys: set[tuple[tuple[str, ...], int | None]]) -> None:
        """For each (party codes, year or None for undated) key: the events with exactly these parties
        dated in that year, as they are or as the machine read them, newest first, with their actors,
        topics and machine readings. Six queries for any number of keys (seven when readings match):
        events found through the pair index (or the party, for one-party events), events found through
        their readings' key, then their parties, readings, actors and topics."""
        if not keys:
            return
        by_pair = models.Q()
        for codes, _ in keys:
            if len(codes) >= 2:
                by_pair |= models.Q(a_id=codes[0], b_id=codes[1])
        found = (
            models.Q(pk__in=EventPair.objects.filter(by_pair).values("event_id")) if by_pair else models.Q()
        )
        singles = {codes[0] for codes, _ in keys if len(codes) == 1}
        if singles:  # one-party events have no pair row
            with_party = Event.parties.through.objects.filter(country_id__in=singles).values("event_id")
            found |= models.Q(pk__in=with_party) & ~models.Exists(
                EventPair.objects.filter(event_id=models.OuterRef("pk"))
            )
        years = {year for _, year in keys if year is not None}
        when = models.Q(date__year__in=sorted(years)) if years else models.Q(pk__in=[])
        if None in {year for _, year in keys}:
            when |= models.Q(date__isnull=True)
        limit = CANDIDATES_PER_YEAR * len(keys)
        rows = list(Event.objects.filter(found, when).order_by("-pk")[:limit])
        # Events an editor changed are found by what the machine read, too (through its readings' key);
        # a query of its own, so that the one above keeps its plan.
        by_reading = models.Q()
        for codes, year in keys:
            by_reading |= models.Q(parties=" ".join(codes), year=year)
        read = set(MachineReading.objects.filter(by_reading).values_list("event_id", flat=True))
        read -= {event.pk for event in rows}
        if read:
            rows = sorted([*rows, *Event.objects.filter(pk__in=read)], key=lambda e: -e.pk)[:limit]
        # One object per event for the whole batch: what one article changes, the next one sees.
        events = [self._events.setdefault(event.pk, event) for event in rows]
        unknown = [e.pk for e in events if e.pk not in self._parties]
        parties: dict[int, set[str]] = defaultdict(set)
        for event_id, code in Event.parties.through.objects.filter(event_id__in=unknown).values_list(
            "event_id", "country_id"
        ):
            parties[event_id].add(code)
        for pk in unknown:
            self._parties[pk] = _codes(parties[pk])
            self._readings[pk] = []
        for reading in MachineReading.objects.filter(event_id__in=unknown).order_by("pk"):
            self._readings[reading.event_id].append(reading)
        for key in keys:
            self._candidates[key] = [event for event in events if key in self._keys_of(event)][
                :CANDIDATES_PER_YEAR
            ]
        fresh = [e.pk for e in events if e.pk not in self._actors]
        if fresh:
            for pk in fresh:
                self._actors[pk], self._topics[pk] = set(), set()
            for event_id, actor_id in EventActor.objects.filter(event_id__in=fresh).values_list(
                "event_id", "actor_id"
            ):
                self._actors[event_id].add(actor_id)
            for event_id, slug in Event.topics.through.objects.filter(event_id__in=fresh).values_list(
                "event_id", "topic_id"
            ):
                self._topics[event_id].add(slug)

    def _load_groups(self, articles: list[Article]) -> None:
        """Each article's near-duplicate group (itself, the copy it follows and that one's other copies)
        and the events the group's members already report: two queries for the batch."""
        roots = {article.duplicate_of_id or article.pk for article in articles}
        members: dict[int, set[int]] = defaultdict(set)
        for pk, root in Article.objects.filter(Q(pk__in=roots) | Q(duplicate_of_id__in=roots)).values_list(
            "pk", "duplicate_of_id"
        ):
            members[root or pk].add(pk)
        for article in articles:
            self._groups[article.pk] = members[article.duplicate_of_id or article.pk] | {article.pk}
        unseen = set().union(*(self._groups[a.pk] for a in articles)) - set(self._reported)
        for event_id, article_id, by_editor in EventSource.objects.filter(article_id__in=unseen).values_list(
            "event_id", "article_id", "by_editor"
        ):
            self._reported[article_id].add(event_id)
            if by_editor:
                self._editor_sources.add((event_id, article_id))

    def _remember_new(self, event: Event, result: EventResult) -> None:
        """A new event (its row written, its parties, topics and actors still to be) joins the batch."""
        self._events[event.pk] = event
        self._actors[event.pk], self._topics[event.pk] = set(), set()
        self._parties[event.pk], self._readings[event.pk] = _codes(result.parties), []
        self._new_parties[event.pk] = list(_codes(result.parties))
        self._history[event.pk] = "+"
        self._refile(event, set())

    def _keys_of(self, event: Event) -> set[tuple[tuple[str, ...], int | None]]:
        """The candidate lists the event belongs in: its parties and year as it is, and as read."""
        keys = {(self._parties[event.pk], event.date.year if event.date else None)}
        keys |= {(tuple(r.parties.split()), r.year) for r in self._readings[event.pk]}
        return keys

    def _refile(self, event: Event, old_keys: set) -> None:
        """Take the event out of the candidate lists it left and put it in the ones it joined (read
        first if they were not: the database cannot list an event whose parties are not written yet)."""
        keys = self._keys_of(event)
        for key in old_keys - keys:
            if event in self._candidates.get(key, []):
                self._candidates[key].remove(event)
        self._load_candidates(keys - set(self._candidates))
        for key in keys:
            if event not in self._candidates[key]:
                self._candidates[key].append(event)
                self._candidates[key].sort(key=lambda e: -e.pk)

    def _add_topics(self, event: Event, topics: list[str]) -> None:
        new = set(topics) - self._topics[event.pk]
        if new:
            self._new_topics |= {(event.pk, slug) for slug in new}
            self._topics[event.pk] |= new
            self._history.setdefault(event.pk, "~")

    def _add_actors(self, event: Event, actor_ids: list[int]) -> None:
        new = set(actor_ids) - self._actors[event.pk]
        self._new_actors |= {(event.pk, actor_id) for actor_id in new}
        self._actors[event.pk] |= new


def withdraw_sources(article: Article, user, keep: list[int]) -> None:
    """After re-building: take the article's machine sources off proposed events it no longer reports
    (an editor's source stays); drop machine events left with no source that no editor touched."""
    stale = EventSource.objects.filter(
        article=article, event__status=Event.Status.PROPOSED, by_editor=False
    ).exclude(event_id__in=keep)
    event_ids = list(stale.values_list("event_id", flat=True))
    stale.delete()
    for event in Event.objects.filter(pk__in=event_ids, sources__isnull=True):
        if event.editor_fields:
            continue  # an editor touched it: it is theirs, with or without a machine source
        first = event.history.order_by("history_date", "history_id").first()
        if first is not None and first.history_user_id == user.pk:
            event._history_user = user
            event.delete()


def _codes(parties: list[str]) -> tuple[str, ...]:
    """A set of parties as the builder keys it: codes sorted, each once."""
    return tuple(sorted(set(parties)))


def _years(result: EventResult) -> list[int | None]:
    """The years the result's date window touches (None: undated)."""
    if result.date is None:
        return [None]
    if result.date_precision == "day":
        window = timedelta(days=DAY_WINDOW)
        return sorted({(result.date - window).year, (result.date + window).year})
    return [result.date.year]


def _reports(view: View, result: EventResult, actor_ids: list[int], copy: bool) -> bool:
    """Whether the result reports the event seen this way (`copy`: a copy of the article is a source)."""
    if not _kinds_compatible(view.kind, result.kind) or not _dates_compatible(view, result):
        return False
    same_day = result.date_precision == "day" and view.date_precision == "day" and view.date == result.date
    return not view.actors.isdisjoint(actor_ids) or copy or same_day or result.date is None


def _dates_compatible(event: Event | View, result: EventResult) -> bool:
    """Whether the event's date fits the result's: within a few days of a day, or in the same month
    or year at a coarser precision on either side; an undated result only fits undated events."""
    if result.date is None or event.date is None:
        return result.date is None and event.date is None
    if result.date_precision == "day":
        if abs((event.date - result.date).days) <= DAY_WINDOW:
            return True
        return (
            event.date_precision in {"month", "year"}
            and event.date.year == result.date.year
            and (event.date_precision == "year" or event.date.month == result.date.month)
        )
    if result.date_precision == "month":
        same_month = (event.date.year, event.date.month) == (result.date.year, result.date.month)
        return same_month or (event.date_precision == "year" and event.date.year == result.date.year)
    return event.date.year == result.date.year


def _kinds_compatible(a: str, b: str) -> bool:
    return a == b or "other" in (a, b) or frozenset({a, b}) in COMPATIBLE


def create_event(result: EventResult) -> Event:
    """The row of a new proposed event; the builder adds its parties, topics, actors and history."""
    event = Event(
        title=(result.title or result.evidence or "Untitled event")[:500],
        kind=result.kind,
        date=result.date,
        date_precision=result.date_precision or "",
        end_date=result.end_date
        if result.date and result.end_date and result.end_date >= result.date
        else None,
        location=(result.location or "")[:120],
        summary=result.evidence[:1000],
        status=Event.Status.PROPOSED,
        confidence=max(0.0, min(1.0, result.confidence)),
        agreement_count=result.agreement_count,
    )
    event.skip_history_when_saving = True
    event.save()
    del event.skip_history_when_saving
    return event


def enrich_event(event: Event, result: EventResult, *, locked: set[str] = frozenset()) -> list[str]:
    """A proposed event gains what another report adds, in the fields nobody `locked` (set by an
    editor): a sharper date, a place, a count, more confidence. The names of the fields it changed
    (the builder writes them)."""
    changed = []
    if result.date and _sharper(result, event) and not locked & set(DATE_FIELDS):
        event.date, event.date_precision = result.date, result.date_precision
        changed += ["date", "date_precision"]
    if not event.location and result.location and "location" not in locked:
        event.location = result.location[:120]
        changed.append("location")
    if event.agreement_count is None and result.agreement_count and "agreement_count" not in locked:
        event.agreement_count = result.agreement_count
        changed.append("agreement_count")
    confidence = min(1.0, max(event.confidence, result.confidence) + 0.05)
    if confidence != event.confidence and "confidence" not in locked:
        event.confidence = confidence
        changed.append("confidence")
    return changed


def write_history(created: list[Event], changed: list[Event], user) -> None:
    """One change-history entry per event ("+" created, "~" changed) by the tagger, each with the
    event's parties and topics as they now are: a few bulk statements for a whole batch.

    One more report that only raises the confidence is not an entry: an event with fifty sources
    would otherwise bury its real changes under fifty of them.
    """
    records = []
    for events, update in ((created, False), (changed, True)):
        if events:
            records += Event.history.bulk_history_create(events, update=update, default_user=user)
    if not records:
        return
    record_of = {record.id: record for record in records}
    for name, target in (("parties", "country_id"), ("topics", "topic_id")):
        through = getattr(Event, name).through
        history_model = apps.get_model("events", f"HistoricalEvent_{name}")
        history_model.objects.bulk_create(
            [
                history_model(id=row_id, event_id=event_id, history=record_of[event_id], **{target: value})
                for row_id, event_id, value in through.objects.filter(event_id__in=record_of).values_list(
                    "id", "event_id", target
                )
            ]
        )


def _sharper(result: EventResult, event: Event) -> bool:
    order = {"day": 0, "month": 1, "year": 2, "": 3}
    return order[result.date_precision or ""] < order[event.date_precision or ""]
