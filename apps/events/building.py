"""Extraction -> a new proposed Event, or one more source of an event already stored.

An article's event corroborates a stored one when they have the same parties, compatible kinds,
dates within a few days (or the same month or year at a coarser precision), and something more
that ties them: an actor in common, the article being a near-duplicate of one of the event's
sources, or the same day on both. Otherwise a new event is proposed. Confirmed events are never
changed by the machine, only given new sources; every machine write is recorded in the change
history as the system user "tagger".
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone

from apps.events.models import Event, EventActor, EventPair, EventSource
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
    if connection.vendor == "postgresql":
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
            elif event.status == Event.Status.PROPOSED:
                year = event.date.year if event.date else None
                changed = enrich_event(event, result)
                if changed:
                    self._dirty[event.pk] |= set(changed)
                if set(changed) - {"confidence"}:  # confidence alone is not a history entry
                    self._history.setdefault(event.pk, "~")
                if "date" in changed:
                    self._move(event, result.parties, year)  # a sharper date may fall in another year
            if event.status == Event.Status.PROPOSED:
                self._add_topics(event, result.topics)
                self._add_actors(event, actor_ids)
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
        """The stored event this result reports, if any: a confirmed one is preferred.

        It has the same parties, a compatible kind, a date in the window, and something that ties it
        to the article: a shared actor, a copy of the article among its sources, the same day, or no
        date on either side. Newer events are preferred among equals.
        """
        codes = _codes(result.parties)
        copies = set().union(*(self._reported[pk] for pk in self._groups[article.pk]))
        best = None
        for event in self._candidates_for(codes, result):
            if event.status == Event.Status.REJECTED or not _kinds_compatible(event.kind, result.kind):
                continue
            if not _dates_compatible(event, result):
                continue
            same_day = (
                result.date_precision == "day" and event.date_precision == "day" and event.date == result.date
            )
            shared_actor = not self._actors[event.pk].isdisjoint(actor_ids)
            if shared_actor or event.pk in copies or same_day or result.date is None:
                if event.status == Event.Status.CONFIRMED:
                    return event
                best = best or event
        return best

    def _candidates_for(self, codes: tuple[str, ...], result: EventResult) -> list[Event]:
        """The events with exactly these parties in the years the result's date window touches, newest
        first."""
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
        dated in that year, newest first, with their actors and topics. Four queries for any number of
        keys: events found through the pair index (or the party, for one-party events), their parties,
        actors and topics."""
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
        rows = list(
            Event.objects.exclude(status=Event.Status.REJECTED)
            .filter(found, when)
            .order_by("-pk")[: CANDIDATES_PER_YEAR * len(keys)]
        )
        # One object per event for the whole batch: what one article changes, the next one sees.
        events = [self._events.setdefault(event.pk, event) for event in rows]
        parties: dict[int, set[str]] = defaultdict(set)
        for event_id, code in Event.parties.through.objects.filter(
            event_id__in=[e.pk for e in events]
        ).values_list("event_id", "country_id"):
            parties[event_id].add(code)
        for codes, year in keys:
            self._candidates[(codes, year)] = [
                event
                for event in events
                if parties[event.pk] == set(codes) and (event.date.year if event.date else None) == year
            ][:CANDIDATES_PER_YEAR]
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
        for event_id, article_id in EventSource.objects.filter(article_id__in=unseen).values_list(
            "event_id", "article_id"
        ):
            self._reported[article_id].add(event_id)

    def _remember_new(self, event: Event, result: EventResult) -> None:
        """A new event (its row written, its parties, topics and actors still to be) joins the batch."""
        self._events[event.pk] = event
        self._actors[event.pk], self._topics[event.pk] = set(), set()
        self._new_parties[event.pk] = list(_codes(result.parties))
        self._history[event.pk] = "+"
        self._file(event, result.parties)

    def _file(self, event: Event, parties: list[str]) -> None:
        """Put the event in its year's candidate list (read first if it was not: the database cannot
        list an event whose parties are not written yet)."""
        key = (_codes(parties), event.date.year if event.date else None)
        self._load_candidates({key} - set(self._candidates))
        if event not in self._candidates[key]:
            self._candidates[key].append(event)
            self._candidates[key].sort(key=lambda e: -e.pk)

    def _move(self, event: Event, parties: list[str], old_year: int | None) -> None:
        old = self._candidates.get((_codes(parties), old_year), [])
        if event in old:
            old.remove(event)
        self._file(event, parties)

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
    """After re-building: take the article off proposed events it no longer reports; drop machine
    events left with no source."""
    stale = EventSource.objects.filter(article=article, event__status=Event.Status.PROPOSED).exclude(
        event_id__in=keep
    )
    event_ids = list(stale.values_list("event_id", flat=True))
    stale.delete()
    for event in Event.objects.filter(pk__in=event_ids, sources__isnull=True):
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


def _dates_compatible(event: Event, result: EventResult) -> bool:
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


def enrich_event(event: Event, result: EventResult) -> list[str]:
    """A proposed event gains what another report adds: a sharper date, a place, a count, more
    confidence. The names of the fields it changed (the builder writes them)."""
    changed = []
    if result.date and _sharper(result, event):
        event.date, event.date_precision = result.date, result.date_precision
        changed += ["date", "date_precision"]
    if not event.location and result.location:
        event.location = result.location[:120]
        changed.append("location")
    if event.agreement_count is None and result.agreement_count:
        event.agreement_count = result.agreement_count
        changed.append("agreement_count")
    confidence = min(1.0, max(event.confidence, result.confidence) + 0.05)
    if confidence != event.confidence:
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
