"""The extract, evaluate_extraction and retag commands."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.tagging.conftest import DEVSET, SEEDS


def test_extract_prints_the_design_json(reference_data, tmp_path):
    out = StringIO()
    call_command("extract", str(SEEDS / "001_998cc32ee41e7498.txt"), "--published", "2025-11-04", stdout=out)
    data = json.loads(out.getvalue())
    assert list(data) == [
        "language",
        "title",
        "published_date",
        "mentioned_countries",
        "actors",
        "topics",
        "relevance",
        "events",
    ]
    assert list(data["relevance"]) == ["score", "in_scope", "reasons"]
    assert data["relevance"]["in_scope"] is True and 0.5 < data["relevance"]["score"] <= 1.0
    event = data["events"][0]
    assert list(event) == [
        "kind", "title", "date", "end_date", "date_precision", "location", "parties", "pairs", "actors",
        "topics", "agreement_count", "confidence", "evidence",
    ]  # fmt: skip
    assert (event["kind"], event["date"], event["location"]) == ("forum", "2025-11-08", "Singapore")
    assert event["pairs"] == [["ASEAN", "KR"]]
    actor = next(
        a for a in data["actors"] if a["name"] == "Korea Foundation for International Cultural Exchange"
    )
    assert actor["country"] == "KR" and actor["kind"] == "foundation"
    text = (SEEDS / "001_998cc32ee41e7498.txt").read_text(encoding="utf-8").partition("\n")[2]
    start, end = actor["evidence"][0]
    assert text[start:end] == "KOFICE"


def test_extract_reads_stdin_with_a_title(reference_data, monkeypatch):
    text = "Korea Selatan dan China menandatangani 9 kerja sama di bidang kecerdasan buatan dan budaya."
    monkeypatch.setattr("sys.stdin", StringIO(text))
    out = StringIO()
    call_command("extract", "-", "--title", "Korsel-China Teken 9 Kerja Sama AI-Budaya", stdout=out)
    data = json.loads(out.getvalue())
    assert data["title"] == "Korsel-China Teken 9 Kerja Sama AI-Budaya"
    assert data["events"][0]["agreement_count"] == 9


def test_extract_rejects_a_bad_date(reference_data):
    with pytest.raises(CommandError, match="--published"):
        call_command("extract", "-", "--published", "4/11/2025")


@pytest.mark.skipif(not DEVSET.exists(), reason="the development set is not in tests/data yet")
def test_evaluate_extraction_meets_the_targets_on_the_devset(reference_data):
    out = StringIO()
    call_command("evaluate_extraction", str(DEVSET), stdout=out)
    whole = out.getvalue().split("\n\n")[0]  # the whole set's block comes first
    rows = {line.split()[0] + (" " + line.split()[1] if line.startswith(("country", "date ")) else ""): line
            for line in whole.splitlines() if line.strip()}  # fmt: skip
    assert float(rows["relevance"].split()[1]) >= 0.9 and float(rows["relevance"].split()[2]) >= 0.9
    assert float(rows["country pairs"].split()[4]) >= 0.9
    assert float(rows["kind"].split()[1]) >= 0.85
    assert float(rows["date exact"].split()[2]) >= 0.85
    assert float(rows["actors"].split()[2]) >= 0.7  # actor recall (issue 11)
    assert "seeds exact (parties, pairs, kind, date, date_precision): 5/5" in out.getvalue()


def test_retag_rebuilds_events_of_stored_articles(seeded):
    from apps.events.models import Event

    before = Event.objects.count()
    out = StringIO()
    call_command("retag", "--all", stdout=out)
    assert "re-tagged 5 article(s), 0 failed" in out.getvalue()
    assert Event.objects.count() == before  # the curated seed events are corroborated, not duplicated
