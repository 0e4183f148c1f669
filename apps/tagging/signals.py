"""Move article tags when duplicate actors are merged (actors cannot import tagging: it sits above)."""

from __future__ import annotations

from django.dispatch import receiver

from apps.actors.merging import actor_merging
from apps.actors.models import Actor
from apps.tagging.models import ArticleActor


@receiver(actor_merging, sender=Actor, dispatch_uid="tagging_move_merged_actor")
def move_article_actors(sender, survivor: Actor, duplicate: Actor, **kwargs) -> None:
    """The duplicate's article tags become the survivor's; an article naming both keeps one tag with
    the spans of both."""
    for tag in ArticleActor.objects.filter(actor=duplicate):
        kept = ArticleActor.objects.filter(article_id=tag.article_id, actor=survivor).first()
        if kept:
            kept.spans = sorted({tuple(s) for s in kept.spans + tag.spans})
            kept.save(update_fields=["spans"])
            tag.delete()
        else:
            tag.actor = survivor
            tag.save(update_fields=["actor"])
