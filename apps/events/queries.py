"""Event queries named for what the pages need; each has a query-count test."""

from __future__ import annotations

from django.db import models

from apps.news.models import Article, search_query

# Newest first, undated last: the order of the timeline and every export (index events_event_timeline_nl).
NEWEST_FIRST = (models.F("date").desc(nulls_last=True), models.F("id").desc())
# The stored vector Event.search_vector is built from these (index events_event_search).
SEARCH_FIELDS = ("title", "summary", "location")


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

    def matching(self, text: str) -> EventQuerySet:
        """Events whose title, summary or place, or one of the newest SEARCH_MAX_ARTICLES matching
        source articles, matches the words of `text` (full-text search with the 'simple'
        configuration: the texts are in many languages). Both sides read stored vectors through
        their GIN indexes; the articles are bounded before they meet the event sources."""
        from apps.events.models import EventSource

        own = self.model.objects.filter(search_vector=search_query(text)).values("pk")
        sourced = EventSource.objects.filter(article_id__in=Article.objects.newest_matching_ids(text))
        return self.filter(pk__in=own.union(sourced.values("event_id")))

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

    def with_party(self, code: str) -> EventQuerySet:
        """Events in which the country or bloc takes part (a subquery: no join, no duplicates)."""
        links = self.model.parties.through.objects.filter(country_id=code)
        return self.filter(pk__in=links.values("event_id"))

    def newest_rows(self, limit: int | None = None) -> list:
        """The newest `limit` events (or the already sliced ones) with everything a list row shows.

        Picking the ids first keeps the GROUP BY of `for_timeline()` to the rows on the page.
        """
        events = self.order_by(*NEWEST_FIRST)[:limit] if limit is not None else self
        ids = list(events.values_list("pk", flat=True))
        return list(self.model.objects.filter(pk__in=ids).for_timeline().order_by(*NEWEST_FIRST))

    def year_counts(self) -> list[tuple[int, int]]:
        """(year, number of events) for dated events, oldest first: the country page's chart."""
        from django.db.models.functions import ExtractYear

        rows = (
            self.order_by()
            .filter(date__isnull=False)
            .annotate(year=ExtractYear("date"))
            .values("year")
            .annotate(n=models.Count("pk"))
            .order_by("year")
        )
        return [(row["year"], row["n"]) for row in rows]

    def partner_counts(self, code: str) -> dict[str, int]:
        """{partner code: number of these events} over the pair index, for one country: two queries."""
        from apps.events.models import EventPair

        partners: dict[str, int] = {}
        events = self.order_by().values("pk")
        for side, other in (("a_id", "b_id"), ("b_id", "a_id")):
            rows = (
                EventPair.objects.filter(**{side: code}, event__in=events)
                .values(other)
                .annotate(n=models.Count("event_id"))
                .order_by()
            )
            for row in rows:
                partners[row[other]] = partners.get(row[other], 0) + row["n"]
        return partners

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
