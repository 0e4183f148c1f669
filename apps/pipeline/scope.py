"""Editors' word on scope: the out-of-scope lane of the review queue, and promoting an article from it.

The relevance stage (apps.tagging.relevance) keeps an article scored below its threshold out of event
building; the article stays stored, searchable and listed. Editors see those articles in a lane of
the review queue and promote the ones the machine misjudged: the decision is kept as a label
(`promote`), and a worker processes the article again with the gate open, because an editor's latest
label decides instead of the threshold whenever an article is read (`processing.editors_scope`).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from apps.events.models import EventSource
from apps.news.models import Article
from apps.pipeline.tasks import retag_articles
from apps.tagging import relevance
from apps.tagging.labels import record_label
from apps.tagging.models import RelevanceLabel

LANE_MAX = 1000  # the lane counts and pages through the newest this many (a bounded COUNT)


def threshold() -> float:
    """The threshold of the relevance model this process reads (the shipped artifact)."""
    return relevance.default_model().threshold


def out_of_scope_lane(cutoff: float | None = None) -> QuerySet[Article]:
    """Processed articles scored below the relevance threshold (or `cutoff`) that are the source of no
    event, newest first, with their publisher and editors' labels: one query for a page of them and
    one for their labels. Articles tagged before the relevance stage existed have no score and are
    not listed."""
    below = threshold() if cutoff is None else cutoff
    labels = RelevanceLabel.objects.select_related("user").order_by("-created_at", "-id")
    return (
        Article.objects.filter(status=Article.Status.PROCESSED, relevance__lt=below)
        .filter(~Exists(EventSource.objects.filter(article=OuterRef("pk"))))
        .select_related("source")
        .defer("text", "html", "minhash")
        .prefetch_related(Prefetch("relevance_labels", queryset=labels))
        .order_by("-published_at", "-id")
    )


def promote(article: Article, user) -> RelevanceLabel:
    """An editor says the article is in scope: the label `promote`, then (once it is committed) a worker
    processes the article again, with the gate open, and builds its event. The event is the machine's
    reading, proposed like any other; the editor confirms or corrects it in the queue."""
    label = record_label(article, RelevanceLabel.Decision.PROMOTE, user)
    retag_articles.delay_on_commit([article.pk])
    return label
