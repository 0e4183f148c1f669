"""The event QuerySet methods the pages call: right answers in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.events.models import Event
from tests.web.builders import make_event


def _events(n: int) -> None:
    pairs = [("ID", "KR"), ("CN", "KR"), ("JP", "KR"), ("ID", "SG")]
    for i in range(n):
        make_event(
            f"E{i}",
            parties=pairs[i % 4],
            date=dt.date(2021 + i % 3, 1 + i % 12, 1),
            topics=("ai",),
            sources=1,
        )


@pytest.mark.parametrize("n", [4, 24])
def test_partner_counts_count_each_partner_in_two_queries(world, django_assert_num_queries, n):
    _events(n)
    with django_assert_num_queries(2):
        partners = Event.objects.visible().partner_counts("KR")
    assert partners == {"ID": n // 4, "CN": n // 4, "JP": n // 4}


@pytest.mark.parametrize("n", [4, 24])
def test_year_counts_group_dated_events_in_one_query(world, django_assert_num_queries, n):
    _events(n)
    make_event("undated", parties=("ID", "KR"), date=None)
    with django_assert_num_queries(1):
        years = Event.objects.with_party("KR").year_counts()
    assert sum(count for _, count in years) == 3 * n // 4
    assert [year for year, _ in years] == sorted(year for year, _ in years)


@pytest.mark.parametrize("n", [4, 24])
def test_newest_rows_load_a_page_with_its_parties_topics_and_actors_in_fixed_queries(
    world, django_assert_num_queries, n
):
    _events(n)
    make_event("undated", parties=("ID", "KR"), date=None)
    with django_assert_num_queries(5):  # ids, rows, then parties, topics and actors
        rows = Event.objects.visible().newest_rows(3)
    assert len(rows) == 3
    assert [row.date for row in rows] == sorted((row.date for row in rows), reverse=True)
    assert all(row.source_count == 1 for row in rows)


def test_with_party_finds_each_event_once(world):
    make_event("three", parties=("ID", "KR", "SG"))
    make_event("other", parties=("CN", "JP"))
    assert list(Event.objects.with_party("KR").values_list("title", flat=True)) == ["three"]
