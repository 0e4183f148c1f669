"""Merging duplicate actors: one survivor keeps every event, tag and name of the others."""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

from apps.actors.models import Actor, ActorAlias

# Sent (sender=Actor) for each duplicate before it is deleted, with `survivor` and `duplicate`: every
# app whose rows point at actors moves them to the survivor. Actors sit below those apps and so
# cannot import them (docs/architecture.md).
actor_merging = Signal()


@transaction.atomic
def merge_actors(survivor: Actor, duplicates: list[Actor]) -> Actor:
    """Move the duplicates' events, article tags (through `actor_merging`) and aliases to the survivor,
    then delete them.

    The duplicates' names become aliases of the survivor, so text that names them still finds it.
    """
    for dup in duplicates:
        if dup.pk == survivor.pk:
            continue
        # The apps above (events, tagging) move the rows that point at the duplicate.
        actor_merging.send(sender=Actor, survivor=survivor, duplicate=dup)
        names = {(a.name, a.language) for a in dup.aliases.all()} | {(dup.name, "")}
        for name, language in names:
            if name != survivor.name:
                ActorAlias.objects.get_or_create(actor=survivor, name=name, defaults={"language": language})
        for field in ("country", "wikidata_id", "website", "description"):
            if not getattr(survivor, field) and getattr(dup, field):
                setattr(survivor, field, getattr(dup, field))
        dup._change_reason = f"merged into {survivor.slug}"
        dup.delete()
    survivor._change_reason = "merge of duplicate actors"
    survivor.save()
    return survivor
