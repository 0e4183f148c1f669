"""The five seed articles come out exactly as labels.json reads them."""

from __future__ import annotations

from datetime import date

import pytest

from tests.tagging.conftest import seed_records

SEEDS = seed_records()


def _published(record: dict) -> date | None:
    value = record.get("published")
    return date.fromisoformat(value) if value else None


@pytest.mark.parametrize("record", SEEDS, ids=[r["id"] for r in SEEDS])
def test_seed_main_event_matches_its_label(run, record):
    labels = record["labels"]
    got = run(record["text"], record["title"], _published(record)).to_json()
    want = labels["events"][0]
    event = got["events"][0]
    for field in ("kind", "parties", "pairs", "date", "date_precision", "location", "agreement_count"):
        assert event[field] == want.get(field), field
    assert sorted(event["topics"]) == sorted(want["topics"])
    assert got["mentioned_countries"] == sorted(labels["mentioned"])


def test_seed_forum_story_reports_the_previous_forum_as_a_second_event(run):
    record = next(r for r in SEEDS if "001" in r["id"] or "998cc" in r["id"])
    events = run(record["text"], record["title"], _published(record)).to_json()["events"]
    assert [e["date"] for e in events] == ["2025-11-08", "2024-10-26"]
    assert events[1]["end_date"] == "2024-10-27"
    assert events[1]["location"] == "Kuala Lumpur"
    assert events[1]["pairs"] == [["ASEAN", "KR"]]


def test_seed_actors_carry_their_country_and_foreign_names_resolve(run):
    record = next(r for r in SEEDS if "001" in r["id"] or "998cc" in r["id"])
    got = run(record["text"], record["title"], _published(record)).to_json()
    actors = {a["name"]: a["country"] for a in got["events"][0]["actors"]}
    assert actors["Ministry of Culture, Sports and Tourism"] == "KR"
    assert actors["Korea Foundation for International Cultural Exchange"] == "KR"
    assert actors["ASEAN Secretariat"] == "ASEAN"
    assert "National Art Gallery Malaysia" not in actors  # the venue of the 2024 forum, not this one
