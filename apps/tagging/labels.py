"""Editors' decisions kept as relevance labels (`RelevanceLabel`), for `train_relevance`."""

from __future__ import annotations

from collections.abc import Iterable

from apps.news.models import Article
from apps.tagging.models import RelevanceLabel


def record_label(article: Article, decision: str, user=None) -> RelevanceLabel:
    """Keep an editor's decision on an article (confirm, reject_wrong, reject_out_of_scope, promote) as a
    label; the article's latest label is the one training reads."""
    choice = RelevanceLabel.Decision(decision)  # ValueError on an unknown decision
    return RelevanceLabel.objects.create(
        article=article, decision=choice, in_scope=RelevanceLabel.IN_SCOPE[choice], user=user
    )


def record_labels(article_ids: Iterable[int], decision: str, user=None) -> list[RelevanceLabel]:
    """The same decision on several articles (an event's sources), in one INSERT."""
    choice = RelevanceLabel.Decision(decision)
    return RelevanceLabel.objects.bulk_create(
        RelevanceLabel(article_id=pk, decision=choice, in_scope=RelevanceLabel.IN_SCOPE[choice], user=user)
        for pk in dict.fromkeys(article_ids)
    )
