"""Event queries named for what the pages need; each has a query-count test."""

from __future__ import annotations

from django.db import models


def normalize_pair(a: str, b: str) -> tuple[str, str]:
    """Codes of a pair in the order the index stores them (sorted)."""
    a, b = a.upper(), b.upper()
    return (a, b) if a <= b else (b, a)


class EventQuerySet(models.QuerySet):
    def visible(self) -> EventQuerySet:
        """What the public timeline shows by default: confirmed and proposed events."""
        return self.exclude(status="rejected")

    def with_any_pair(self, pairs: list[tuple[str, str]]) -> EventQuerySet:
        """Events whose parties include both codes of any of the pairs, through the pair index."""
        q = models.Q()
        for a, b in pairs:
            a, b = normalize_pair(a, b)
            q |= models.Q(a_id=a, b_id=b)
        from apps.events.models import EventPair

        return self.filter(pk__in=EventPair.objects.filter(q).values("event_id"))

    def with_any_party(self, codes: list[str]) -> EventQuerySet:
        return self.filter(parties__code__in=[c.upper() for c in codes]).distinct()

    def for_timeline(self) -> EventQuerySet:
        """Everything a list row shows, in a fixed number of queries."""
        return self.prefetch_related(
            "parties",
            "topics",
            models.Prefetch("event_actors", queryset=_event_actors()),
        ).annotate(source_count=models.Count("sources", distinct=True))

    # --- Added for the dashboard (apps.web) ---

    def month_counts(self) -> list[tuple]:
        """(first day of month, number of events) for dated events, oldest first: the timeline chart.

        Counts rows: call it on a queryset filtered through subqueries (as the dashboard's filters
        are), not on one with a multi-valued join, or events would count once per joined row.
        """
        from django.db.models.functions import TruncMonth

        rows = (
            self.order_by()
            .filter(date__isnull=False)
            .annotate(month=TruncMonth("date"))
            .values("month")
            .annotate(n=models.Count("pk"))
            .order_by("month")
        )
        return [(row["month"], row["n"]) for row in rows]

    def pair_counts(self) -> list[tuple[str, str, int]]:
        """(a, b, number of events) over the pair index for these events: the pair matrix."""
        from apps.events.models import EventPair

        rows = (
            EventPair.objects.filter(event__in=self.order_by().values("pk"))
            .values("a_id", "b_id")
            .annotate(n=models.Count("event_id"))  # (a, b, event) is unique: no DISTINCT needed
            .order_by()
        )
        return [(row["a_id"], row["b_id"], row["n"]) for row in rows]


def _event_actors() -> models.QuerySet:
    from apps.events.models import EventActor

    return EventActor.objects.select_related("actor", "actor__country")
