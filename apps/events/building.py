"""Extraction -> a new proposed Event, or one more source of an event already stored.

An article's event corroborates a stored one when they have the same parties, compatible kinds,
dates within a few days (or the same month or year at a coarser precision), and something more
that ties them: an actor in common, the article being a near-duplicate of one of the event's
sources, or the same day on both. Otherwise a new event is proposed. Confirmed events are never
changed by the machine, only given new sources; every machine write is recorded in the change
history as the system user "tagger".
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from apps.events.models import Event, EventActor, EventSource
from apps.news.models import Article
from apps.tagging.results import EventResult, Extraction

SYSTEM_USERNAME = "tagger"
DAY_WINDOW = 3
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


def build_events_for(article: Article, extraction: Extraction, *, retag: bool = True) -> list[Event]:
    """Build or corroborate the article's events; re-running on the same article leaves the same rows.

    `retag=False` says the article was never tagged, so it is the source of no event yet.
    """
    user = system_user()
    events = []
    for result in extraction.events:
        if not result.parties:
            continue  # an event nobody takes part in is nothing the tracker can file
        actor_ids = [extraction.actor_infos[i].id for i in result.actors if extraction.actor_infos[i].id]
        event = find_match(article, result, actor_ids)
        if event is None:
            event = create_event(result, actor_ids, user)
        elif event.status == Event.Status.PROPOSED:
            enrich_event(event, result, actor_ids, user)
        EventSource.objects.update_or_create(
            event=event,
            article=article,
            defaults={
                "evidence": result.evidence[:2000],
                "evidence_start": result.evidence_span[0] if result.evidence_span else None,
                "evidence_end": result.evidence_span[1] if result.evidence_span else None,
            },
        )
        events.append(event)
    if retag:
        withdraw_sources(article, user, keep=[e.pk for e in events])
    return events


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


def find_match(article: Article, result: EventResult, actor_ids: list[int]) -> Event | None:
    """The stored event this result reports, if any: a confirmed one is preferred.

    Candidates come from indexed columns (parties, date); what ties them to the article (a shared
    actor, a near-duplicate source) is asked of the database as sets of ids, never by loading
    every candidate's actors and sources.
    """
    codes = sorted(set(result.parties))
    candidates = (
        Event.objects.exclude(status=Event.Status.REJECTED)
        .annotate(n_parties=Count("parties", distinct=True))
        .filter(n_parties=len(codes))
    )
    if len(codes) >= 2:
        candidates = candidates.with_any_pair([(codes[0], codes[1])])
    for code in codes:
        candidates = candidates.filter(parties__code=code)
    candidates = list(
        candidates.filter(_date_filter(result))
        .only("pk", "kind", "status", "date", "date_precision")
        .distinct()
        .order_by("-pk")[:50]
    )
    candidates = [e for e in candidates if _kinds_compatible(e.kind, result.kind)]
    if not candidates:
        return None
    ids = [e.pk for e in candidates]
    with_actor = set(
        EventActor.objects.filter(event_id__in=ids, actor_id__in=actor_ids).values_list("event_id", flat=True)
    )
    with_copy = set(
        EventSource.objects.filter(event_id__in=ids, article_id__in=_duplicate_group(article)).values_list(
            "event_id", flat=True
        )
    )
    best = None
    for event in candidates:
        same_day = (
            result.date_precision == "day" and event.date_precision == "day" and event.date == result.date
        )
        if event.pk in with_actor or event.pk in with_copy or same_day or result.date is None:
            if event.status == Event.Status.CONFIRMED:
                return Event.objects.get(pk=event.pk)
            best = best or event
    return Event.objects.get(pk=best.pk) if best else None


def _date_filter(result: EventResult) -> Q:
    if result.date is None:
        return Q(date__isnull=True)
    if result.date_precision == "day":
        window = timedelta(days=DAY_WINDOW)
        return Q(date__range=(result.date - window, result.date + window)) | Q(
            date_precision__in=["month", "year"], date__year=result.date.year
        ) & (Q(date_precision="year") | Q(date__month=result.date.month))
    if result.date_precision == "month":
        return Q(date__year=result.date.year, date__month=result.date.month) | Q(
            date_precision="year", date__year=result.date.year
        )
    return Q(date__year=result.date.year)


def _kinds_compatible(a: str, b: str) -> bool:
    return a == b or "other" in (a, b) or frozenset({a, b}) in COMPATIBLE


def _duplicate_group(article: Article) -> set[int]:
    """The article, the article it copies, and that article's other copies."""
    root = article.duplicate_of_id or article.pk
    ids = set(Article.objects.filter(Q(pk=root) | Q(duplicate_of_id=root)).values_list("pk", flat=True))
    return ids | {article.pk}


def create_event(result: EventResult, actor_ids: list[int], user) -> Event:
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
    event._history_user = user
    event.save()
    event.parties.set(sorted(set(result.parties)))
    event.topics.set(result.topics)
    EventActor.objects.bulk_create(
        [EventActor(event=event, actor_id=actor_id) for actor_id in dict.fromkeys(actor_ids)],
        ignore_conflicts=True,
    )
    return event


def enrich_event(event: Event, result: EventResult, actor_ids: list[int], user) -> None:
    """A proposed event gains what another report adds: actors, topics, a sharper date, more confidence."""
    event._history_user = user
    changed = []
    if result.date and _sharper(result, event):
        event.date, event.date_precision, changed = (
            result.date,
            result.date_precision,
            ["date", "date_precision"],
        )
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
    if changed:
        event.save(update_fields=[*changed, "updated_at"])
    new_topics = set(result.topics) - set(event.topics.values_list("slug", flat=True))
    if new_topics:
        event.topics.add(*new_topics)
    EventActor.objects.bulk_create(
        [EventActor(event=event, actor_id=actor_id) for actor_id in dict.fromkeys(actor_ids)],
        ignore_conflicts=True,
    )


def _sharper(result: EventResult, event: Event) -> bool:
    order = {"day": 0, "month": 1, "year": 2, "": 3}
    return order[result.date_precision or ""] < order[event.date_precision or ""]
