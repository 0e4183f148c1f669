"""Dashboard views: the timeline, the pair matrix, one event, one country, and /healthz.

Views are thin: `filters.bind` validates the query string, the EventQuerySet methods fetch, the
templates show. A bad parameter answers 400 with a message that names it.
"""

from __future__ import annotations

import math
import re
from urllib.parse import urlencode

from django.core.exceptions import TooManyFieldsSent
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from apps.actors.models import Actor
from apps.events.editing import disagreements_for
from apps.events.models import Event, EventPair, EventSource
from apps.events.queries import NEWEST_FIRST
from apps.geo.models import Country
from apps.tagging.models import Topic
from apps.web import charts, countries, filters, health
from apps.web.labels import KIND_LABELS, STATUS_LABELS
from apps.web.limits import has_search, rate_limited

PAGE_SIZE = 25
_SLUG = re.compile(r"^[-a-z0-9_]+$")
MATRIX_SIZE = 30


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """The 400 page: the message names the parameter; never a list of unfiltered events."""
    return render(request, "web/bad_request.html", {"message": message}, status=400)


def get_query(request: HttpRequest) -> QueryDict:
    """request.GET, with Django's own flood guard turned into a 400 with a message."""
    try:
        return request.GET
    except TooManyFieldsSent:
        raise filters.BadFilter(
            _("Too many parameters (at most %(max)d).") % {"max": filters.MAX_PARAMS}
        ) from None


def _canonical(query: QueryDict) -> tuple[QueryDict, bool]:
    """Drop empty values and turn the two pickers (a, b) into `pair=`; True when anything changed."""
    clean = QueryDict(mutable=True)
    changed = False
    for key in query:
        values = [v for v in query.getlist(key) if v.strip()]
        changed |= len(values) != len(query.getlist(key))
        if key not in {"a", "b"} and values:
            clean.setlist(key, values)
    picked = [query.get("a", "").strip(), query.get("b", "").strip()]
    if any(picked):
        changed = True
        index = countries.picker_index()
        codes = []
        for text in picked:
            if not text:
                continue
            code = countries.resolve(text, index)
            if code is None:
                raise filters.BadFilter(
                    _("pair: no country or bloc is called “%(text)s”.") % {"text": text[:60]}
                )
            codes.append(code)
        clean.pop("page", None)
        if len(codes) == 2 and codes[0] != codes[1]:
            clean.setlist("pair", [f"{min(codes)}-{max(codes)}"])
        else:
            clean.setlist("country", [codes[0]])
            clean.pop("pair", None)
    elif "a" in query or "b" in query:
        changed = True
    actor = clean.get("actor", "")
    if actor and not _SLUG.match(actor):
        found = (
            Actor.objects.filter(Q(name__iexact=actor) | Q(aliases__name__iexact=actor))
            .values_list("slug", flat=True)
            .first()
        )
        if found is None:
            raise filters.BadFilter(_("Unknown actor: “%(slug)s”.") % {"slug": actor[:60]})
        clean["actor"] = found
        changed = True
    return clean, changed


def _chips(request: HttpRequest, filterset: filters.EventFilter) -> list[dict]:
    """One removable badge per applied filter value: label and the URL without that value."""
    query = request.GET
    data = filterset.form.cleaned_data
    codes = {c for p in data.get("pair") or [] for c in p} | set(data.get("country") or [])
    names = {c.code: c for c in Country.objects.filter(code__in=codes)} if codes else {}
    topics = (
        {t.slug: t for t in Topic.objects.filter(slug__in=data.get("topic") or [])}
        if data.get("topic")
        else {}
    )
    language = get_language()

    def country_label(code: str) -> str:
        c = names.get(code)
        return c.localized_name(language) if c else code

    chips = []
    for key in query:
        if key == "page":
            continue
        for value in query.getlist(key):
            if not value.strip():
                continue  # validation ignored it; there is nothing to remove
            if key == "pair":
                a, _sep, b = value.strip().upper().partition("-")
                label = f"{country_label(a)} – {country_label(b)}"
            elif key == "country":
                label = country_label(value.upper())
            elif key == "kind":
                label = str(KIND_LABELS.get(value, value))
            elif key == "topic":
                label = topics[value].localized_name(language) if value in topics else value
            elif key == "actor":
                label = data["actor"].name if data.get("actor") else value
            elif key == "from":
                label = _("from %(date)s") % {"date": value}
            elif key == "to":
                label = _("until %(date)s") % {"date": value}
            elif key == "status":
                label = str(STATUS_LABELS.get(value, value))
            else:
                label = f"“{value}”"
            rest = [(k, v) for k in query if k != "page" for v in query.getlist(k) if (k, v) != (key, value)]
            chips.append({"key": key, "label": label, "url": "?" + urlencode(rest)})
    return chips


def _group_by_month(events) -> list[tuple[str, list[Event]]]:
    """(heading, events) in list order: a month ("April 2025"), a year for events known only to the
    year ("2025", not "January 2025"), or "Undated"."""
    groups: list[tuple[str, list[Event]]] = []
    for event in events:
        if event.date is None:
            heading = _("Undated")
        elif event.date_precision == Event.Precision.YEAR:
            heading = str(event.date.year)
        else:
            heading = date_format(event.date, "YEAR_MONTH_FORMAT")
        if groups and groups[-1][0] == heading:
            groups[-1][1].append(event)
        else:
            groups.append((heading, [event]))
    return groups


def _form_context(request: HttpRequest, filterset: filters.EventFilter) -> dict:
    """What the filter form needs: choices and the values it shows as applied."""
    language = get_language()
    data = filterset.form.cleaned_data
    pairs = data.get("pair") or []
    country_choices = countries.picker_choices(language)
    by_code = dict(country_choices)
    return {
        "country_choices": country_choices,
        "topic_choices": [(t.slug, t.localized_name(language)) for t in Topic.objects.all()],
        "kind_choices": list(KIND_LABELS.items()),
        "status_choices": [(k, STATUS_LABELS[k]) for k in ("confirmed", "proposed", "all")],
        "picked_a": by_code.get(pairs[0][0], "") if len(pairs) == 1 else "",
        "picked_b": by_code.get(pairs[0][1], "") if len(pairs) == 1 else "",
        "selected_kinds": request.GET.getlist("kind"),
        "selected_topics": request.GET.getlist("topic"),
        "selected_countries": [c.upper() for c in request.GET.getlist("country")],
        # Values the form's single controls cannot show travel as hidden inputs, so Apply keeps them.
        "extra_pairs": request.GET.getlist("pair") if len(pairs) > 1 else [],
        "extra_countries": [c.upper() for c in request.GET.getlist("country")][1:],
        "chips": _chips(request, filterset),
        "query": request.GET,
    }


def _chart_base(path: str, query: QueryDict) -> str:
    """The link prefix of chart bars: the current filters without dates or page; a bar adds its own."""
    keep = [(k, v) for k in query if k not in {"from", "to", "page"} for v in query.getlist(k)]
    return f"{path}?{urlencode(keep)}&" if keep else f"{path}?"


@rate_limited("search", when=has_search)
def timeline(request: HttpRequest) -> HttpResponse:
    try:
        query = get_query(request)
        filters.check_params(query, filters.TIMELINE_PARAMS | {"a", "b"})
        clean, changed = _canonical(query)
        if changed:
            return HttpResponseRedirect(f"{request.path}?{clean.urlencode()}" if clean else request.path)
        filterset = filters.bind(query)
        page_number = filters.parse_page(query)
    except filters.BadFilter as exc:
        return bad_request(request, str(exc))
    events = filterset.qs
    # Count and slice the plain filtered list (no GROUP BY over every row), then load the page's
    # rows with everything they show. A page beyond the end shows the last page (get_page).
    page = Paginator(events.order_by(*NEWEST_FIRST), PAGE_SIZE).get_page(page_number)
    page.object_list = page.object_list.newest_rows()
    context = {
        "page": page,
        "months": _group_by_month(page.object_list),
        "chart": charts.month_bars(events.month_counts()),
        "export_query": urlencode([(k, v) for k in query if k != "page" for v in query.getlist(k)]),
        "chart_base": _chart_base(request.path, query),
        **_form_context(request, filterset),
    }
    return render(request, "web/timeline.html", context)


@rate_limited("search", when=has_search)
def pair_matrix(request: HttpRequest) -> HttpResponse:
    try:
        query = get_query(request)
        filterset = filters.bind(query)
    except filters.BadFilter as exc:
        return bad_request(request, str(exc))
    counts = filterset.qs.pair_counts()
    totals: dict[str, int] = {}
    cell: dict[tuple[str, str], int] = {}
    for a, b, n in counts:
        totals[a] = totals.get(a, 0) + n
        totals[b] = totals.get(b, 0) + n
        cell[(a, b)] = cell[(b, a)] = n
    codes = sorted(totals, key=lambda c: (-totals[c], c))[:MATRIX_SIZE]
    by_code = Country.objects.in_bulk(codes)
    top = max(cell.values(), default=1)
    keep = [(k, v) for k in query if k not in {"pair", "page"} for v in query.getlist(k)]
    timeline_url = reverse("web:timeline")
    rows = []
    for a in codes:
        cells = []
        for b in codes:
            n = cell.get((a, b), 0) if a != b else None
            cells.append(
                {
                    "code": b,
                    "n": n,
                    # Ten shades (CSS classes shade-1..shade-10): the CSP allows no style attribute.
                    "shade": math.ceil(10 * n / top) if n else 0,
                    "url": f"{timeline_url}?{urlencode([*keep, ('pair', f'{min(a, b)}-{max(a, b)}')])}"
                    if n
                    else "",
                }
            )
        rows.append({"country": by_code[a], "total": totals[a], "cells": cells})
    context = {
        "rows": rows,
        "columns": [by_code[c] for c in codes],
        "hidden_count": max(len(totals) - MATRIX_SIZE, 0),
        "pair_total": len(counts),
        "max": top,
        **_form_context(request, filterset),
    }
    return render(request, "web/pairs.html", context)


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sources = EventSource.objects.select_related("article__source").order_by("added_at", "id")
    event = get_object_or_404(
        Event.objects.for_timeline().prefetch_related(Prefetch("sources", queryset=sources)), pk=pk
    )
    pairs = list(EventPair.objects.filter(event=event).values_list("a_id", "b_id"))
    related = []
    if pairs:
        related = Event.objects.visible().with_any_pair(pairs).exclude(pk=event.pk).newest_rows(10)
    can_edit = request.user.has_perm("events.change_event")
    # Editors see where the machine reads the event differently from what an editor set, to decide.
    disagreements = []
    if can_edit and event.editor_fields:
        prefetch_related_objects([event], "readings")
        disagreements = disagreements_for([event]).get(event.pk, [])
    context = {
        "event": event,
        "related": related,
        "pairs": [f"{a}-{b}" for a, b in pairs],
        "can_edit": can_edit,
        "edit_url": reverse("admin:events_event_change", args=[event.pk]) if can_edit else "",
        "disagreements": disagreements,
    }
    return render(request, "web/event_detail.html", context)


def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    if code != code.upper():
        return redirect("web:country", code=code.upper())
    country = get_object_or_404(Country.objects.prefetch_related("members", "blocs"), code=code)
    partners = Event.objects.visible().partner_counts(code)
    partner_countries = Country.objects.in_bulk(list(partners))
    ranked = sorted(partners.items(), key=lambda kv: (-kv[1], kv[0]))
    events = Event.objects.visible().with_party(code)
    context = {
        "country": country,
        "partners": [(partner_countries[c], n) for c, n in ranked if c in partner_countries],
        "chart": charts.year_bars(events.year_counts()),
        "recent": events.newest_rows(15),
        "chart_base": _chart_base(reverse("web:timeline"), QueryDict(f"country={code}")),
        "event_total": events.count(),
    }
    return render(request, "web/country_detail.html", context)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """JSON for monitors (docs/dashboard.md): 503 when the database or broker is down, no worker answers
    or polling stalled, within a second in any outage. Causes are named; exception text, which can
    hold addresses, only for staff. `?workers=0` (a web container's own check) leaves out workers
    and polling."""
    report = health.report(include_workers=request.GET.get("workers") != "0")
    # Asking who is logged in reads the session from the database: only when the database answered.
    staff = report["database"]["ok"] and _is_staff(request)
    status = 200 if report["status"] == "ok" else 503
    return JsonResponse(report if staff else health.public(report), status=status)


def _is_staff(request: HttpRequest) -> bool:
    try:
        return bool(request.user.is_staff)
    except DatabaseError:
        return False
