"""When editors change what the gazetteers are built from, rebuild them and re-process what it affects.

A change to a country's names, a country alias, an actor or actor alias, or a topic's keywords
bumps the gazetteer version (every process rebuilds on its next use) and, once the transaction
commits, queues one re-tagging task for the articles whose text contains the changed names.
Saving a row with the same values (as `seed` does on a second run) changes nothing.
"""

from __future__ import annotations

import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from apps.actors.models import Actor, ActorAlias
from apps.geo.models import Country, CountryAlias
from apps.pipeline.tasks import retag_mentioning
from apps.tagging import gazetteer
from apps.tagging.models import Topic

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


def remember_before(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    old = sender.objects.filter(pk=instance.pk).first()
    instance._tagging_before = (_signature(old), terms_of(old)) if old else None


def reference_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw:  # `loaddata` restoring a backup: new gazetteers, but its articles carry their tags already
        changed(set())
        return
    before = getattr(instance, "_tagging_before", None)
    if not created and before is not None and before[0] == _signature(instance):
        return
    changed(terms_of(instance) | (before[1] if before else set()))


def reference_deleted(sender, instance, **kwargs) -> None:
    changed(terms_of(instance))


for _model in WATCHED:  # each receiver names its sender: no handler runs for other models' saves
    _label = _model._meta.label_lower
    pre_save.connect(remember_before, sender=_model, dispatch_uid=f"pipeline_before_{_label}")
    post_save.connect(reference_saved, sender=_model, dispatch_uid=f"pipeline_saved_{_label}")
    post_delete.connect(reference_deleted, sender=_model, dispatch_uid=f"pipeline_deleted_{_label}")


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
        # Only articles tagged before the change: ones tagged since already used the new names.
        retag_mentioning.delay(sorted(terms), _pending.since.isoformat())
