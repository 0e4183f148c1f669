"""Keep the country-pair index (EventPair) in step with Event.parties, however they change."""

from __future__ import annotations

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from apps.events.models import Event


@receiver(m2m_changed, sender=Event.parties.through, dispatch_uid="events_sync_pairs")
def sync_pairs_on_party_change(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in {"post_add", "post_remove", "post_clear", "pre_clear"}:
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
