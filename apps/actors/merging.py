"""Merging duplicate actors: one survivor keeps every event, tag and name of the others."""

from __future__ import annotations

from django.db import transaction

from apps.actors.models import Actor, ActorAlias


@transaction.atomic
def merge_actors(survivor: Actor, duplicates: list[Actor]) -> Actor:
    """Move the duplicates' events, article tags and aliases to the survivor, then delete them.

    The duplicates' names become aliases of the survivor, so text that names them still finds it.
    """
    from apps.events.models import EventActor
    from apps.tagging.models import ArticleActor

    for dup in duplicates:
        if dup.pk == survivor.pk:
            continue
        for link in EventActor.objects.filter(actor=dup):
            if EventActor.objects.filter(event_id=link.event_id, actor=survivor).exists():
                link.delete()
            else:
                link.actor = survivor
                link.save(update_fields=["actor"])
        for tag in ArticleActor.objects.filter(actor=dup):
            kept = ArticleActor.objects.filter(article_id=tag.article_id, actor=survivor).first()
            if kept:
                kept.spans = sorted({tuple(s) for s in kept.spans + tag.spans})
                kept.save(update_fields=["spans"])
                tag.delete()
            else:
                tag.actor = survivor
                tag.save(update_fields=["actor"])
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
