"""Keep the country-pair index (EventPair) in step with Event.parties, however they change; move
event links when duplicate actors are merged."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, pre_save
from django.dispatch import receiver

from apps.actors.merging import actor_merging
from apps.actors.models import Actor
from apps.events.models import Event, EventActor


@receiver(pre_save, sender=Event, dispatch_uid="events_mark_fixture_load")
def mark_fixture_load(sender, instance: Event, raw: bool = False, **kwargs) -> None:
    """`loaddata` saves an event raw, then sets its parties and topics. A backup already holds the
    history rows and the pair index of that event, so those m2m changes must write neither: a history
    row made here would take a `history_id` that a row of the backup has (and fail the load)."""
    if raw:
        instance.skip_history_when_saving = True  # django-simple-history's own switch
        instance._loading_fixture = True


@receiver(m2m_changed, sender=Event.parties.through, dispatch_uid="events_sync_pairs")
def sync_pairs_on_party_change(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in {"post_add", "post_remove", "post_clear", "pre_clear"}:
        return
    if getattr(instance, "_loading_fixture", False):  # the backup holds the pairs (mark_fixture_load)
        return
    if not reverse:
        if action != "pre_clear":
            instance.sync_pairs()
        return
    # Changed from the country's side: every touched event is rebuilt.
    if action == "pre_clear":
        # The set of events is gone after the clear; remember them now.
        instance._events_before_clear = list(instance.events.values_list("pk", flat=True))
        return
    pks = pk_set if action != "post_clear" else getattr(instance, "_events_before_clear", [])
    for event in Event.objects.filter(pk__in=pks or []):
        event.sync_pairs()


@receiver(actor_merging, sender=Actor, dispatch_uid="events_move_merged_actor")
def move_event_actors(sender, survivor: Actor, duplicate: Actor, **kwargs) -> None:
    """The duplicate's events become the survivor's (an event naming both keeps one link)."""
    for link in EventActor.objects.filter(actor=duplicate):
        if EventActor.objects.filter(event_id=link.event_id, actor=survivor).exists():
            link.delete()
        else:
            link.actor = survivor
            link.save(update_fields=["actor"])
