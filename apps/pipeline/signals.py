"""When editors change what the gazetteers are built from, rebuild them and re-tag what it affects.

A change to a country's names, a country alias, an actor or actor alias, or a topic's keywords
bumps the gazetteer version (every process rebuilds on its next use) and, once the transaction
commits, queues one re-tagging task for the articles whose text contains the changed names.
Saving a row with the same values (as `seed` does on a second run) changes nothing.
"""

from __future__ import annotations

import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from apps.actors.models import Actor, ActorAlias
from apps.events.models import Topic
from apps.geo.models import Country, CountryAlias
from apps.tagging import gazetteer

WATCHED = (Country, CountryAlias, Actor, ActorAlias, Topic)
_pending = threading.local()


def terms_of(instance) -> set[str]:
    """The surface forms a row contributes to the gazetteers."""
    if isinstance(instance, Country):
        return {instance.name, *(v for v in (instance.names or {}).values() if isinstance(v, str))}
    if isinstance(instance, Topic):
        return {w for words in (instance.keywords or {}).values() for w in words if isinstance(w, str)}
    if isinstance(instance, Actor):
        return {instance.name}
    return {instance.name}  # CountryAlias, ActorAlias


def _signature(instance) -> tuple:
    if isinstance(instance, Country):
        return (instance.name, instance.names)
    if isinstance(instance, Topic):
        return (instance.keywords,)
    if isinstance(instance, Actor):
        return (instance.name, instance.kind, instance.country_id)
    if isinstance(instance, CountryAlias):
        return (instance.name, instance.country_id, instance.weak)
    return (instance.name, instance.actor_id)


@receiver(pre_save, dispatch_uid="tagging_remember_before")
def remember_before(sender, instance, raw=False, **kwargs) -> None:
    if sender not in WATCHED or instance.pk is None:
        return
    old = sender.objects.filter(pk=instance.pk).first()
    instance._tagging_before = (_signature(old), terms_of(old)) if old else None


@receiver(post_save, dispatch_uid="tagging_reference_saved")
def reference_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    if sender not in WATCHED:
        return
    before = getattr(instance, "_tagging_before", None)
    if not created and before is not None and before[0] == _signature(instance):
        return
    changed(terms_of(instance) | (before[1] if before else set()))


@receiver(post_delete, dispatch_uid="tagging_reference_deleted")
def reference_deleted(sender, instance, **kwargs) -> None:
    if sender in WATCHED:
        changed(terms_of(instance))


def changed(terms: set[str]) -> None:
    """Invalidate this process's gazetteers now; tell the others and re-tag after the commit."""
    gazetteer.invalidate_local()
    pending = getattr(_pending, "terms", None)
    if pending is None:
        _pending.terms = pending = set()
        _pending.since = timezone.now()
    pending.update(t for t in terms if t and len(t) >= 2)
    # Registered on every change: a rolled-back transaction drops its callbacks, so the next commit
    # must carry the names still pending. The first callback to run takes them all; the rest find none.
    transaction.on_commit(_flush)  # in autocommit mode this runs at once


def _flush() -> None:
    terms = getattr(_pending, "terms", None)
    if terms is None:
        return
    _pending.terms = None
    gazetteer.bump_version()
    if terms:
        from apps.tagging.tasks import retag_mentioning

        # Only articles tagged before the change: ones tagged since already used the new names.
        retag_mentioning.delay(sorted(terms), _pending.since.isoformat())
