"""Large exports stream in bounded memory (CSV, JSON); Atom is bounded to its newest 50 entries."""

from __future__ import annotations

import datetime as dt
import json
import tracemalloc

import pytest
from defusedxml import ElementTree

from apps.events.models import Event
from apps.web.export_data import CHUNK

pytestmark = pytest.mark.django_db

EVENTS = 6 * CHUNK


@pytest.fixture
def many_events(world) -> int:
    """Six chunks of events with long titles (half of them forums), written in bulk."""
    start = dt.date(2020, 1, 1)
    Event.objects.bulk_create(
        Event(
            title=f"Event {i} " + "kerja sama kebudayaan " * 20,
            kind="forum" if i % 2 else "visit",
            date=start + dt.timedelta(days=i % 2000),
            date_precision="day",
            status="confirmed",
            confidence=0.5,
        )
        for i in range(EVENTS)
    )
    return EVENTS


def _consume(response) -> tuple[int, int, bytes]:
    """Read a streamed body piece by piece, as a server writes it out: (bytes, peak memory, first piece)."""
    assert response.streaming
    total, first = 0, b""
    tracemalloc.start()
    try:
        for piece in response.streaming_content:
            total += len(piece)
            first = first or piece
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return total, peak, first


@pytest.mark.parametrize("url", ["/events.csv", "/events.json"])
def test_a_large_export_streams_in_bounded_memory(client, many_events, url):
    _consume(client.get(url + "?kind=agreement"))  # an empty export first: imports, URLs, adapters load once
    half_size, half_peak, _first = _consume(client.get(url + "?kind=forum"))  # three chunks
    size, peak, first = _consume(client.get(url))  # six chunks
    assert size > 2_500_000 and size > 1.9 * half_size
    # Memory follows the chunk, not the export: twice the events, about the same peak ...
    assert peak < 1.25 * half_peak, f"peak {peak:,} bytes for {size:,}, {half_peak:,} for {half_size:,}"
    # ... well below the body.
    assert peak < size
    assert len(first) < 5_000  # the first piece goes out before the rest is read


def test_the_json_export_is_whole_after_streaming(client, many_events):
    body = b"".join(client.get("/events.json").streaming_content)
    data = json.loads(body)
    assert data["count"] == len(data["results"]) == many_events


def test_the_atom_feed_is_bounded(client, world):
    Event.objects.bulk_create(
        Event(title=f"Event {i}", kind="forum", status="confirmed", confidence=0.5) for i in range(60)
    )
    feed = ElementTree.fromstring(client.get("/events.atom").content)
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == 50
