"""The feed-health page: every feed's last success, last error, failures, next poll and volume."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from apps.news.models import Article, Feed

HEALTH_WINDOW_DAYS = 7


@login_required
def feed_health(request: HttpRequest) -> HttpResponse:
    since = timezone.now() - timedelta(days=HEALTH_WINDOW_DAYS)
    feeds = Feed.objects.select_related("source").annotate(
        recent_items=Count("articles", filter=Q(articles__fetched_at__gte=since))
    )
    for feed in feeds:
        feed.items_per_day = round(feed.recent_items / HEALTH_WINDOW_DAYS, 1)
    statuses = dict(Article.objects.values_list("status").annotate(n=Count("id")).order_by())
    failed = Article.objects.filter(status=Article.Status.FAILED).order_by("-updated_at")[:20]
    return render(
        request,
        "news/feed_health.html",
        {"feeds": feeds, "statuses": statuses, "failed": failed, "window_days": HEALTH_WINDOW_DAYS},
    )
