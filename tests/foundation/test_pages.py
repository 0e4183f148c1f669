"""The timeline lists the seed events newest first; /healthz reports the services."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

EVENT_TAG = re.compile(r"<[^>]*\bdata-event-id=\"(\d+)\"[^>]*>")
DATE_ATTR = re.compile(r'\bdata-date="([^"]*)"')


def event_rows(html: str) -> list[tuple[str, str]]:
    """(id, date) of every event element, read from the data- attributes the contract names."""
    rows = []
    for match in EVENT_TAG.finditer(html):
        date = DATE_ATTR.search(match.group(0))
        rows.append((match.group(1), date.group(1) if date else ""))
    return rows


def test_timeline_lists_the_six_seed_events_newest_first(seeded, client):
    response = client.get("/")
    assert response.status_code == 200
    rows = event_rows(response.content.decode())
    assert len(rows) == 6
    dates = [date for _, date in rows if date]
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == "2025-11-08"


def test_healthz_reports_database_and_broker(db, client):
    response = client.get("/healthz")
    state = response.json()
    assert state["database"]["ok"] is True
    assert state["broker"]["ok"] is True
    assert state["broker"]["mode"] == "redis"
    # No worker runs in this test: a monitor must see that (tests/web/test_health.py has the rest).
    assert response.status_code == 503 and state["causes"] == ["no live worker"]
