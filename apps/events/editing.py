"""Editors' writes to events: every one records which fields the editor set, so the machine keeps off.

Every editor path calls `record_edit` before it writes: the admin's change form and its inlines, the
confirm and reject actions, merges and the review queue. The first time an editor touches an event
the machine made, the event as the machine left it is kept as its machine reading (`MachineReading`),
so that later reports of that reading corroborate the event instead of proposing a twin. The editor
then settles each disagreement with the machine: keep their own value, or take the machine's.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from apps.actors.models import Actor
from apps.events.building import serialize_event_building
from apps.events.models import Event, EventActor, MachineReading
from apps.events.readings import (
    DECISIONS,
    Disagreement,
    decision_fields,
    decision_value,
    disagreements,
    fields_set_by,
    values_of,
)


def stored_values(event_id: int) -> dict:
    """The event as the database holds it now, in the form of a reading (four queries)."""
    event = Event.objects.get(pk=event_id)
    return values_of(
        event,
        parties=event.parties.values_list("code", flat=True),
        actors=EventActor.objects.filter(event=event).values_list("actor_id", flat=True),
        topics=event.topics.values_list("slug", flat=True),
    )


def lock_events() -> None:
    """Editors' writes and event building take turns (the builder's lock, held until commit), so a batch
    never works from marks an editor is changing. Taken before the editor's write, in the same order as
    the builder, so the two can never deadlock."""
    serialize_event_building()


def record_edit(event: Event, changed: Iterable[str]) -> set[str]:
    """Mark the editor fields that changing `changed` sets as set by an editor; the new ones.

    Call it before the change is written (it reads the stored event): on the first edit of an event,
    its stored values are kept as the machine's reading. An event an editor creates has no machine
    reading (call it with the unsaved event: the marks are saved with it).
    """
    new = fields_set_by(changed) - set(event.editor_fields)
    if not new:
        return new
    if event.pk is not None and not event.editor_fields:
        keep_machine_reading(event.pk)
    event.editor_fields = sorted(set(event.editor_fields) | new)
    if event.pk is not None:
        Event.objects.filter(pk=event.pk).update(editor_fields=event.editor_fields)
    return new


def keep_machine_reading(event_id: int) -> MachineReading:
    """The event's own machine reading, kept from its stored values when it has none yet."""
    reading = MachineReading.objects.filter(event_id=event_id, merged_from__isnull=True).first()
    if reading is None:
        reading = MachineReading(event_id=event_id)
        reading.assign(stored_values(event_id))
        reading.save()
    return reading


@transaction.atomic
def keep_editor_value(event: Event, decision: str) -> None:
    """The editor has seen the machine's value for `decision` and keeps their own: not shown again until
    the machine reads something else."""
    lock_events()
    reading = event.machine_reading
    if reading is None:
        return
    reading.settled = {**reading.settled, decision: decision_value(reading.values, decision)}
    reading.save(update_fields=["settled", "updated_at"])


@transaction.atomic
def use_machine_value(event: Event, decision: str) -> None:
    """The editor takes the machine's value for `decision`: the event gets it and the field is the
    machine's again (later reports may sharpen it). Recorded in the history as the editor's change."""
    lock_events()
    reading = event.machine_reading
    if reading is None:
        return
    values = reading.values
    if decision == "date":
        event.date = date.fromisoformat(values["date"]) if values.get("date") else None
        event.date_precision = values.get("date_precision") or ""
        event.end_date = date.fromisoformat(values["end_date"]) if values.get("end_date") else None
    elif decision in {"kind", "location", "agreement_count"}:
        default = None if decision == "agreement_count" else ""
        setattr(event, decision, values.get(decision) if values.get(decision) is not None else default)
    event.editor_fields = sorted(set(event.editor_fields) - set(decision_fields(decision)))
    event._change_reason = f"{decision}: the machine's reading, taken by an editor"
    event.save()
    if decision == "parties":
        event.parties.set(values.get("parties") or [])
    elif decision == "topics":
        event.topics.set(values.get("topics") or [])
    elif decision == "actors":
        wanted = set(values.get("actors") or [])
        EventActor.objects.filter(event=event).exclude(actor_id__in=wanted).delete()
        have = set(EventActor.objects.filter(event=event).values_list("actor_id", flat=True))
        EventActor.objects.bulk_create(
            [EventActor(event=event, actor_id=pk) for pk in sorted(wanted - have)], ignore_conflicts=True
        )


def disagreements_for(events: list[Event]) -> dict[int, list[Disagreement]]:
    """For each event (with `parties`, `topics`, `event_actors` and `readings` prefetched): the
    disagreements between its editor's values and the machine's reading. At most one query (the names of
    actors the machine read)."""
    pending = []
    names: set[int] = set()
    for event in events:
        reading = event.machine_reading if event.editor_fields else None
        if reading is None:
            continue
        current = values_of(
            event,
            parties=[c.code for c in event.parties.all()],
            actors=[link.actor_id for link in event.event_actors.all()],
            topics=[t.slug for t in event.topics.all()],
        )
        pending.append((event, current, reading))
        if "actors" in event.editor_fields:
            names |= set(reading.values.get("actors") or ())
    actor_names = {
        link.actor_id: link.actor.name for event, _, _ in pending for link in event.event_actors.all()
    }
    missing = names - set(actor_names)
    if missing:
        actor_names |= dict(Actor.objects.filter(pk__in=missing).values_list("pk", "name"))
    return {
        event.pk: disagreements(event, current, reading.values, reading.settled, actor_names)
        for event, current, reading in pending
    }


def is_decision(name: str) -> bool:
    return name in DECISIONS
