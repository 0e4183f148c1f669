"""Dashboard views: thin functions over the event queries."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from apps.actors.models import Actor
from apps.events.models import Event
from apps.news.models import Article
from apps.web import health


def timeline(request: HttpRequest) -> HttpResponse:
    events = Event.objects.visible().for_timeline().order_by("-date", "-id")[:200]
    return render(request, "web/timeline.html", {"events": events})


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.for_timeline(), pk=pk)
    return render(request, "web/event_detail.html", {"event": event})


def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor, slug=slug)
    return render(request, "web/actor_detail.html", {"actor": actor})


def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    return render(request, "web/article_detail.html", {"article": article})


def healthz(request: HttpRequest) -> JsonResponse:
    """JSON state of database, broker and workers; 503 when the database is unreachable."""
    state = {"database": health.database_state(), "broker": health.broker_state()}
    if request.GET.get("workers") != "0":
        state["worker"] = health.worker_state()
    ok = state["database"]["ok"] and state["broker"]["ok"]
    state["status"] = "ok" if ok else "degraded"
    return JsonResponse(state, status=200 if ok else 503)
