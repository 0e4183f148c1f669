"""A machine reading of an event as plain data: the fields it holds, how a report matches it, how the
machine enriches it, and where it disagrees with what an editor set.

An event's fields are the machine's reading until an editor sets some of them (`Event.editor_fields`);
from then on the machine's reading is kept beside the event (`MachineReading`), and the rule is:
the machine may add sources, fill and enrich what nobody set and keep its own reading up to date, but
never changes what an editor set. apps/events/building.py applies the rule, apps/events/editing.py
records what editors set.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from apps.tagging.results import EventResult

# What a reading holds: the fields the machine reads from an article.
READING_FIELDS = (
    "kind",
    "date",
    "date_precision",
    "end_date",
    "location",
    "parties",
    "actors",
    "topics",
    "agreement_count",
)
# What an editor can set: the reading's fields and the ones only people decide.
EDITOR_FIELDS = ("title", "summary", "status", "confidence", *READING_FIELDS)
# A date is one decision: setting its day, its precision or its end sets all three.
DATE_FIELDS = ("date", "date_precision", "end_date")
# How disagreements are shown and settled: one entry per decision.
DECISIONS = ("kind", "date", "location", "parties", "actors", "topics", "agreement_count")
PRECISION_ORDER = {"day": 0, "month": 1, "year": 2, "": 3}


def fields_set_by(changed) -> set[str]:
    """The editor fields that changing these fields sets (a date with its precision and end)."""
    fields = {name for name in changed if name in EDITOR_FIELDS}
    if fields & set(DATE_FIELDS):
        fields |= set(DATE_FIELDS)
    return fields


def decision_fields(decision: str) -> tuple[str, ...]:
    """The fields one decision (a row of the disagreement table) covers."""
    return DATE_FIELDS if decision == "date" else (decision,)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def values_of(event, *, parties, actors, topics) -> dict:
    """An event's fields in the form of a reading (JSON-ready: dates as ISO text, lists sorted)."""
    return {
        "kind": event.kind,
        "date": _iso(event.date),
        "date_precision": event.date_precision or "",
        "end_date": _iso(event.end_date),
        "location": event.location or "",
        "parties": sorted(set(parties)),
        "actors": sorted(set(actors)),
        "topics": sorted(set(topics)),
        "agreement_count": event.agreement_count,
    }


@dataclass(frozen=True)
class View:
    """One way of seeing an event when a report is matched to it: as it now is, or as the machine read
    it. Both are tried, so a report of the machine's reading finds an event an editor corrected."""

    kind: str
    date: date | None
    date_precision: str
    actors: frozenset[int]

    @classmethod
    def of_values(cls, values: dict) -> View:
        return cls(
            kind=values.get("kind") or "other",
            date=date.fromisoformat(values["date"]) if values.get("date") else None,
            date_precision=values.get("date_precision") or "",
            actors=frozenset(values.get("actors") or ()),
        )


def enrich_values(values: dict, result: EventResult, actor_ids: list[int]) -> bool:
    """What another report adds to a reading, as the builder adds it to an untouched event: a sharper
    date, a place, a count, topics and actors. True when the reading changed."""
    before = dict(values)
    precision = result.date_precision or ""
    if result.date and PRECISION_ORDER[precision] < PRECISION_ORDER[values.get("date_precision") or ""]:
        values["date"], values["date_precision"] = result.date.isoformat(), precision
    if not values.get("location") and result.location:
        values["location"] = result.location[:120]
    if values.get("agreement_count") is None and result.agreement_count:
        values["agreement_count"] = result.agreement_count
    values["topics"] = sorted(set(values.get("topics") or ()) | set(result.topics))
    values["actors"] = sorted(set(values.get("actors") or ()) | set(actor_ids))
    return values != before


def decision_value(values: dict, decision: str):
    """The JSON value of one decision in a reading (a date is its day, precision and end together)."""
    if decision == "date":
        return [values.get("date"), values.get("date_precision") or "", values.get("end_date")]
    return values.get(decision)


# The labels the event page already uses for these facts (so they are translated).
DECISION_LABELS = {
    "kind": _("Kind"),
    "date": _("Date"),
    "location": _("Place"),
    "parties": _("Parties"),
    "actors": _("Actors"),
    "topics": _("Topics"),
    "agreement_count": _("Agreements signed"),
}


@dataclass(frozen=True)
class Disagreement:
    """Where the machine's reading and an editor's value differ: the editor decides."""

    field: str
    editor: str
    machine: str

    @property
    def label(self) -> str:
        return str(DECISION_LABELS[self.field])


def disagreements(event, current: dict, reading: dict, settled: dict, actor_names: dict[int, str]) -> list:
    """The decisions an editor made that the machine's reading contradicts and the editor has not
    already settled against this very reading (`current`: the event's values as `values_of` gives them)."""
    found = []
    set_by_editor = set(event.editor_fields)
    for decision in DECISIONS:
        if not set_by_editor & set(decision_fields(decision)):
            continue
        mine, machine = decision_value(current, decision), decision_value(reading, decision)
        if mine == machine or settled.get(decision) == machine:
            continue
        found.append(
            Disagreement(decision, show(current, decision, actor_names), show(reading, decision, actor_names))
        )
    return found


def show(values: dict, decision: str, actor_names: dict[int, str]) -> str:
    """A decision's value as people read it (a date to its precision, codes, names)."""
    value = values.get(decision)
    if decision == "date":
        if not values.get("date"):
            return "—"
        day, precision = values["date"], values.get("date_precision")
        text = day[:4] if precision == "year" else day[:7] if precision == "month" else day
        return text + (f" – {values['end_date']}" if values.get("end_date") else "")
    if decision == "actors":
        return "; ".join(sorted(actor_names.get(pk, f"#{pk}") for pk in value or ())) or "—"
    if decision == "topics":
        return " ".join(f"#{slug}" for slug in value or ()) or "—"
    if decision == "parties":
        return " ".join(value or ()) or "—"
    return "—" if value in (None, "") else str(value)
