"""Actor and article pages: the directory around the events."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from apps.actors.models import Actor
from apps.events.models import Event, EventSource
from apps.geo.models import Country
from apps.news.models import Article
from apps.web import filters, highlight
from apps.web.labels import ACTOR_KIND_LABELS
from apps.web.limits import has_search, rate_limited
from apps.web.views import bad_request, get_query

ACTORS_PER_PAGE = 50
ARTICLES_PER_PAGE = 30


def _check_country(value: str, name: str = "country") -> str:
    code = value.strip().upper()
    if code and not Country.objects.filter(code=code).exists():
        raise filters.BadFilter(
            _("%(name)s: unknown country code %(code)s.") % {"name": name, "code": code[:12]}
        )
    return code


def actor_list(request: HttpRequest) -> HttpResponse:
    try:
        query = get_query(request)
        filters.check_params(query, {"q", "kind", "country", "page"})
        kind = query.get("kind", "")
        if kind and kind not in ACTOR_KIND_LABELS:
            raise filters.BadFilter(_("kind: unknown actor kind “%(kind)s”.") % {"kind": kind[:40]})
        country = _check_country(query.get("country", ""))
        text = query.get("q", "").strip()[: filters.MAX_Q_LENGTH]
        page_number = filters.parse_page(query)
    except filters.BadFilter as exc:
        return bad_request(request, str(exc))
    actors = Actor.objects.select_related("country").annotate(
        event_count=Count("events", filter=~Q(events__status=Event.Status.REJECTED), distinct=True)
    )
    if kind:
        actors = actors.filter(kind=kind)
    if country:
        actors = actors.filter(country_id=country)
    if text:
        actors = actors.filter(Q(name__icontains=text) | Q(aliases__name__icontains=text)).distinct()
    page = Paginator(actors.order_by("-event_count", "name"), ACTORS_PER_PAGE).get_page(page_number)
    context = {
        "page": page,
        "kind_choices": list(ACTOR_KIND_LABELS.items()),
        "kind": kind,
        "country": country,
        "q": text,
        "countries_with_actors": Country.objects.filter(actors__isnull=False).distinct().order_by("name"),
    }
    return render(request, "web/actor_list.html", context)


def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor.objects.select_related("country").prefetch_related("aliases"), slug=slug)
    events = Event.objects.visible().filter(pk__in=actor.event_roles.values("event_id"))
    partners = (
        Country.objects.filter(events__in=events.values("pk"))
        .annotate(n=Count("events", distinct=True))
        .order_by("-n", "name")[:20]
    )
    context = {
        "actor": actor,
        "events": events.newest_rows(50),
        "event_total": events.count(),
        "partners": list(partners),
    }
    return render(request, "web/actor_detail.html", context)


@rate_limited("search", when=has_search)
def article_list(request: HttpRequest) -> HttpResponse:
    try:
        query = get_query(request)
        filters.check_params(query, {"q", "language", "country", "page"})
        language = query.get("language", "").strip()
        if language and (len(language) > 8 or not language.isalpha()):
            raise filters.BadFilter(
                _("language: “%(value)s” is not a language code.") % {"value": language[:20]}
            )
        country = _check_country(query.get("country", ""))
        text = query.get("q", "").strip()[: filters.MAX_Q_LENGTH]
        page_number = filters.parse_page(query)
    except filters.BadFilter as exc:
        return bad_request(request, str(exc))
    articles = Article.objects.select_related("source").annotate(event_count=Count("event_sources"))
    if language:
        articles = articles.filter(language=language)
    if country:
        articles = articles.filter(
            pk__in=Article.objects.filter(country_tags__country_id=country).values("pk")
        )
    if text:
        articles = articles.filter(title__icontains=text)
    newest = (F("published_at").desc(nulls_last=True), F("id").desc())
    page = Paginator(articles.defer("text", "html").order_by(*newest), ARTICLES_PER_PAGE).get_page(
        page_number
    )
    context = {"page": page, "language": language, "country": country, "q": text}
    return render(request, "web/article_list.html", context)


def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.select_related("source", "duplicate_of").prefetch_related(
            "country_tags__country", "actor_tags__actor", "topic_tags__topic", "date_tags"
        ),
        pk=pk,
    )
    supports = EventSource.objects.filter(article=article).select_related("event").order_by("event__date")
    context = {
        "article": article,
        "segments": highlight.segments(article),
        "supports": list(supports),
    }
    return render(request, "web/article_detail.html", context)
