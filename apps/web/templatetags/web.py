"""Template helpers for the dashboard: dates to their precision, vocab labels, query-string links."""

from __future__ import annotations

from django import template
from django.utils.formats import date_format

from apps.web import labels

register = template.Library()


@register.filter
def event_date(event) -> str:
    """The event date written to its precision in the active language ("8 November 2025", "Juni 2021")."""
    if event.date is None:
        return ""
    if event.date_precision == "year":
        return str(event.date.year)
    if event.date_precision == "month":
        return date_format(event.date, "YEAR_MONTH_FORMAT")
    text = date_format(event.date, "DATE_FORMAT")
    if event.end_date and event.end_date != event.date:
        text = f"{text} – {date_format(event.end_date, 'DATE_FORMAT')}"
    return text


@register.filter
def kind_label(kind: str) -> str:
    return labels.KIND_LABELS.get(kind, kind)


@register.filter
def kind_class(kind: str) -> str:
    return labels.KIND_CLASSES.get(kind, "text-bg-secondary")


@register.filter
def status_label(status: str) -> str:
    return labels.STATUS_LABELS.get(status, status)


@register.filter
def role_label(role: str) -> str:
    return labels.ROLE_LABELS.get(role, role)


@register.filter
def actor_kind_label(kind: str) -> str:
    return labels.ACTOR_KIND_LABELS.get(kind, kind)


@register.filter
def decision_label(decision: str) -> str:
    return labels.DECISION_LABELS.get(decision, decision)


@register.filter
def party_codes(event) -> str:
    """Space-separated party codes for data-parties (reads the prefetched parties)."""
    return " ".join(sorted(c.code for c in event.parties.all()))


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """The current query string with another page number."""
    query = context["request"].GET.copy()
    query["page"] = str(number)
    return "?" + query.urlencode()
