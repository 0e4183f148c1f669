"""The timeline filters (docs/contracts.md "Web"): parse, validate and apply the query string.

Every parameter is validated before any event is read, so a bad value answers 400 with a message that
names the parameter instead of silently showing the unfiltered list.
"""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.actors.models import Actor
from apps.events.models import Event
from apps.geo.models import Country
from apps.tagging.models import Topic

# The parameters the timeline and the exports understand; anything else is refused.
TIMELINE_PARAMS = {"pair", "country", "kind", "topic", "actor", "from", "to", "q", "status", "page"}
EXPORT_PARAMS = TIMELINE_PARAMS | {"format"}
MAX_VALUES_PER_PARAM = 20
MAX_PARAMS = 60
MAX_Q_LENGTH = 200
STATUS_CHOICES = (("confirmed", "confirmed"), ("proposed", "proposed"), ("all", "all"))
_CODE = re.compile(r"^[A-Za-z]{2,8}$")


class BadFilter(Exception):
    """A query string the timeline refuses; `str()` is the message shown to the person."""


def check_params(query: QueryDict, allowed: set[str]) -> None:
    """Refuse unknown parameters (lookup or ordering injection) and floods of values."""
    total = 0
    for key in query:
        if key not in allowed:
            raise BadFilter(_("Unknown parameter “%(name)s”.") % {"name": key[:40]})
        values = query.getlist(key)
        if any("\x00" in v for v in values):
            # PostgreSQL refuses NUL in text: stop it here rather than as a database error.
            raise BadFilter(_("%(name)s: null characters are not allowed.") % {"name": key[:40]})
        total += len(values)
        if len(values) > MAX_VALUES_PER_PARAM:
            raise BadFilter(
                _("Too many values for “%(name)s” (at most %(max)d).")
                % {"name": key, "max": MAX_VALUES_PER_PARAM}
            )
    if total > MAX_PARAMS:
        raise BadFilter(_("Too many parameters (at most %(max)d).") % {"max": MAX_PARAMS})


class MultiValueField(forms.Field):
    """A repeatable GET parameter (`?pair=CN-KR&pair=ID-KR`) as a list of stripped, non-empty strings."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return [v.strip() for v in value if v and v.strip()]


def _known_codes(codes: set[str]) -> set[str]:
    return set(Country.objects.filter(code__in=codes).values_list("code", flat=True)) if codes else set()


class EventFilterForm(forms.Form):
    """Validation of every timeline parameter, with messages that name the parameter."""

    def clean_pair(self) -> list[tuple[str, str]]:
        raw = self.cleaned_data.get("pair") or []
        pairs = []
        for value in raw:
            parts = value.upper().split("-")
            if len(parts) != 2 or not all(_CODE.match(p) for p in parts):
                raise forms.ValidationError(
                    _("“%(value)s” is not a pair of codes like CN-KR.") % {"value": value[:40]}
                )
            if parts[0] == parts[1]:
                raise forms.ValidationError(_("“%(value)s” pairs a country with itself.") % {"value": value})
            pairs.append((min(parts), max(parts)))
        unknown = {c for p in pairs for c in p} - _known_codes({c for p in pairs for c in p})
        if unknown:
            raise forms.ValidationError(
                _("Unknown country code: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
            )
        return sorted(set(pairs))

    def clean_country(self) -> list[str]:
        raw = self.cleaned_data.get("country") or []
        codes = {c.upper() for c in raw}
        bad = {c for c in codes if not _CODE.match(c)}
        unknown = bad | (codes - bad - _known_codes(codes - bad))
        if unknown:
            raise forms.ValidationError(
                _("Unknown country code: %(codes)s.") % {"codes": ", ".join(sorted(c[:12] for c in unknown))}
            )
        return sorted(codes)

    def clean_topic(self) -> list[str]:
        raw = set(self.cleaned_data.get("topic") or [])
        known = set(Topic.objects.filter(slug__in=raw).values_list("slug", flat=True)) if raw else set()
        if raw - known:
            raise forms.ValidationError(
                _("Unknown topic: %(topics)s.") % {"topics": ", ".join(sorted(t[:40] for t in raw - known))}
            )
        return sorted(raw)

    def clean_actor(self) -> Actor | None:
        slug = self.cleaned_data.get("actor")
        if not slug:
            return None
        actor = Actor.objects.filter(slug=slug).first()
        if actor is None:
            raise forms.ValidationError(_("Unknown actor: “%(slug)s”.") % {"slug": slug[:60]})
        return actor

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and end < start:
            self.add_error("to", _("The end date is before the start date."))
        return data


class DateParamFilter(django_filters.DateFilter):
    """YYYY-MM-DD only: `2025-13-01`, `yesterday` or `2025-1-1 OR 1=1` are refused, not guessed."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        kwargs.setdefault("error_messages", {"invalid": gettext_lazy("Enter a date as YYYY-MM-DD.")})
        super().__init__(*args, **kwargs)


class MultiFilter(django_filters.Filter):
    field_class = MultiValueField


class EventFilter(django_filters.FilterSet):
    """The timeline filters of docs/contracts.md; `from` and `to` are renamed below (Python keywords)."""

    pair = MultiFilter(method="filter_pair")
    country = MultiFilter(method="filter_country")
    kind = django_filters.MultipleChoiceFilter(choices=Event.Kind.choices)
    topic = MultiFilter(method="filter_topic")
    actor = django_filters.CharFilter(method="filter_actor", max_length=120)
    date_from = DateParamFilter(field_name="date", lookup_expr="gte")
    date_to = DateParamFilter(field_name="date", lookup_expr="lte")
    q = django_filters.CharFilter(method="filter_q", max_length=MAX_Q_LENGTH)
    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES, method="filter_status")

    class Meta:
        model = Event
        fields: list[str] = []
        form = EventFilterForm

    def filter_pair(self, queryset, name, value):
        return queryset.with_any_pair(value)

    def filter_country(self, queryset, name, value):
        # A subquery rather than a join keeps one row per event (no DISTINCT needed for counts).
        through = Event.parties.through.objects.filter(country_id__in=value).values("event_id")
        return queryset.filter(pk__in=through)

    def filter_topic(self, queryset, name, value):
        through = Event.topics.through.objects.filter(topic_id__in=value).values("event_id")
        return queryset.filter(pk__in=through)

    def filter_actor(self, queryset, name, value):
        return queryset.filter(pk__in=value.event_roles.values("event_id"))

    def filter_q(self, queryset, name, value):
        return queryset.matching(value)

    def filter_status(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(status=value)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.visible()
        return queryset

    def error_message(self) -> str:
        """The form's errors as one line that names each parameter."""
        parts = []
        for field, errors in self.form.errors.items():
            parts.append(f"{field}: {' '.join(errors)}")
        return " ".join(parts)


# `from` and `to` are the public names; Python will not let them be attribute names.
EventFilter.base_filters["from"] = EventFilter.base_filters.pop("date_from")
EventFilter.base_filters["to"] = EventFilter.base_filters.pop("date_to")


def bind(query: QueryDict, allowed: set[str] = TIMELINE_PARAMS) -> EventFilter:
    """A validated EventFilter over all events, or BadFilter naming what is wrong."""
    check_params(query, allowed)
    data = query.copy()
    for key in ("format", "page"):
        data.pop(key, None)
    filterset = EventFilter(data=data, queryset=Event.objects.all())
    if not filterset.is_valid():
        raise BadFilter(filterset.error_message())
    return filterset


def parse_page(query: QueryDict) -> int:
    raw = query.get("page", "1")
    if not raw.isdigit() or not 0 < int(raw) < 10**6:
        raise BadFilter(_("page: “%(value)s” is not a page number.") % {"value": raw[:20]})
    return int(raw)
