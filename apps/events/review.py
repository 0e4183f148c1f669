"""Editors' decisions on events: confirm, reject (as a wrong reading or as out of scope), merge a
duplicate into its twin.

The admin actions and the dashboard's review queue both call these, so a decision is recorded the
same way wherever it is made: one save per event, which the change history attributes to the
editor of the current request, and the marks of what the editor set (apps/events/editing.py), which
keep the machine from undoing the decision. Confirming and rejecting also keep the decision as a
relevance label on each of the event's source articles (apps/tagging/labels.py), which
`train_relevance` learns from and re-tagging obeys.
"""

from __future__ import annotations

from django.db import transaction

from apps.events.editing import lock_events, record_edit, stored_values
from apps.events.models import Event, EventActor, EventSource, MachineReading
from apps.tagging.labels import record_labels
from apps.tagging.models import RelevanceLabel

Decision = RelevanceLabel.Decision
# What each decision does to the event, and the history's reason.
STATUS_OF = {
    Decision.CONFIRM: (Event.Status.CONFIRMED, "confirmed by an editor"),
    Decision.REJECT_WRONG: (Event.Status.REJECTED, "rejected by an editor (wrong reading)"),
    Decision.REJECT_OUT_OF_SCOPE: (Event.Status.REJECTED, "rejected by an editor as out of scope"),
}


@transaction.atomic
def set_status(event: Event, status: str, reason: str = "") -> bool:
    """Give the event a new status; False when it already had it."""
    if event.status == status:
        return False
    lock_events()
    record_edit(event, ["status"])
    event.status = status
    event._change_reason = reason or f"{status} by an editor"
    event.save(update_fields=["status", "updated_at"])
    return True


@transaction.atomic
def decide(event: Event, decision: str, user=None) -> bool:
    """Confirm or reject the event (`decision`: confirm, reject_wrong or reject_out_of_scope) and keep the
    decision, with who made it, as a label on each of its source articles. The label is kept even when
    the status does not change: rejecting a rejected event again as out of scope says something new.
    False when the event already had the status."""
    status, reason = STATUS_OF[Decision(decision)]
    changed = set_status(event, status, reason)
    record_labels(event.sources.values_list("article_id", flat=True), decision, user)
    return changed


@transaction.atomic
def merge(duplicate: Event, target: Event) -> Event:
    """Fold `duplicate` into `target`: sources, actors, topics and parties move; the duplicate goes.

    The target becomes the editor's (confirmed, with what it gained marked as set by an editor) and
    keeps the duplicate's machine reading, so later reports of the duplicate corroborate the target.
    """
    if duplicate.pk == target.pk:
        raise ValueError("an event cannot be merged into itself")
    lock_events()
    before, gone = stored_values(target.pk), stored_values(duplicate.pk)
    gained = [name for name in ("parties", "actors", "topics") if set(gone[name]) - set(before[name])]
    record_edit(target, ["status", *gained])
    keep_readings_of(duplicate, target, gone)
    have_articles = set(target.sources.values_list("article_id", flat=True))
    for source in duplicate.sources.all():
        if source.article_id not in have_articles:
            EventSource.objects.create(
                event=target,
                article_id=source.article_id,
                evidence=source.evidence,
                evidence_start=source.evidence_start,
                evidence_end=source.evidence_end,
                by_editor=source.by_editor,
            )
    have_actors = set(target.event_actors.values_list("actor_id", flat=True))
    for link in duplicate.event_actors.all():
        if link.actor_id not in have_actors:
            EventActor.objects.create(event=target, actor_id=link.actor_id, role=link.role)
    target.topics.add(*duplicate.topics.all())
    target.parties.add(*duplicate.parties.all())
    if target.status == Event.Status.PROPOSED:
        target.status = Event.Status.CONFIRMED
    target.confidence = max(target.confidence, duplicate.confidence)
    target._change_reason = f"merged with event {duplicate.pk}"
    target.save()
    duplicate._change_reason = f"merged into event {target.pk}"
    duplicate.delete()
    return target


def keep_readings_of(duplicate: Event, target: Event, values: dict) -> None:
    """The duplicate's machine readings become the target's: its own (or, when it has none, its stored
    `values`, which were the machine's unless an editor made it) and those merged into it before."""
    own = MachineReading.objects.filter(event=duplicate, merged_from__isnull=True).first()
    if own is None:
        own = MachineReading(event=target, merged_from=duplicate.pk)
        own.assign(values)
        own.save()
    else:
        MachineReading.objects.filter(pk=own.pk).update(event=target, merged_from=duplicate.pk)
    MachineReading.objects.filter(event=duplicate).update(event=target)
