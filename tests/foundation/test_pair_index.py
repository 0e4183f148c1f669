"""Filtering by country pair goes through the EventPair index, never a scan of events."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection

from apps.events.models import Event, EventPair

pytestmark = pytest.mark.django_db

CODES = ["CN", "KR", "JP", "ID", "MY", "SG", "TH", "VN", "PH", "US", "IN", "AU", "FR", "DE", "GB", "BR"]


def _many_events(n: int) -> None:
    rng = random.Random(7)
    events = Event.objects.bulk_create(
        Event(title=f"event {i}", kind="agreement", date=dt.date(2020, 1, 1) + dt.timedelta(days=i % 1500),
              date_precision="day")
        for i in range(n)
    )  # fmt: skip
    through = Event.parties.through
    links, pairs = [], []
    for event in events:
        a, b = sorted(rng.sample(CODES, 2))
        links += [through(event_id=event.pk, country_id=a), through(event_id=event.pk, country_id=b)]
        pairs.append(EventPair(event=event, a_id=a, b_id=b))
    through.objects.bulk_create(links)
    EventPair.objects.bulk_create(pairs)


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_eventpair")
        cursor.execute("ANALYZE events_event")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(" ".join(str(col) for col in row) for row in cursor.fetchall())


def test_pair_filter_uses_the_pair_index(reference_data):
    _many_events(3000)
    queryset = Event.objects.with_any_pair([("KR", "ID")]).values("pk")
    plan = _plan(queryset)
    assert "events_eventpair_unique" in plan, plan
    assert "Seq Scan on events_eventpair" not in plan, plan
    expected = EventPair.objects.filter(a_id="ID", b_id="KR").count()
    assert expected > 0
    assert queryset.count() == expected


def test_pair_filter_ignores_order_and_case(reference_data):
    _many_events(50)
    forward = set(Event.objects.with_any_pair([("CN", "KR")]).values_list("pk", flat=True))
    backward = set(Event.objects.with_any_pair([("kr", "cn")]).values_list("pk", flat=True))
    assert forward == backward
    assert forward == set(EventPair.objects.filter(a_id="CN", b_id="KR").values_list("event_id", flat=True))


def test_every_kind_of_party_change_keeps_the_pairs(reference_data):
    event = Event.objects.create(title="t", kind="forum")
    event.parties.set(["CN", "KR", "JP"])
    assert event.pairs.count() == 3
    event.parties.remove("JP")
    assert set(event.pairs.values_list("a_id", "b_id")) == {("CN", "KR")}
    event.parties.set(["CN"])
    assert event.pairs.count() == 0
    event.parties.add("ID", "VN")
    assert set(event.pairs.values_list("a_id", "b_id")) == {("CN", "ID"), ("CN", "VN"), ("ID", "VN")}
    event.parties.clear()
    assert event.pairs.count() == 0
