"""Editors' decisions on events: confirm, reject, merge a duplicate into its twin.

The admin actions and the dashboard's review queue both call these, so a decision is recorded the
same way wherever it is made: one save per event, which the change history attributes to the
editor of the current request.
"""

from __future__ import annotations

from django.db import transaction

from apps.events.models import Event, EventActor, EventSource


def set_status(event: Event, status: str) -> bool:
    """Give the event a new status; False when it already had it."""
    if event.status == status:
        return False
    event.status = status
    event._change_reason = f"{status} by an editor"
    event.save(update_fields=["status", "updated_at"])
    return True


@transaction.atomic
def merge(duplicate: Event, target: Event) -> Event:
    """Fold `duplicate` into `target`: sources, actors, topics and parties move; the duplicate goes."""
    if duplicate.pk == target.pk:
        raise ValueError("an event cannot be merged into itself")
    have_articles = set(target.sources.values_list("article_id", flat=True))
    for source in duplicate.sources.all():
        if source.article_id not in have_articles:
            EventSource.objects.create(
                event=target,
                article_id=source.article_id,
                evidence=source.evidence,
                evidence_start=source.evidence_start,
                evidence_end=source.evidence_end,
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
