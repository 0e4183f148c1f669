"""Exports: CSV (streamed), the GDELT-style column set, the JSON shape of docs/contracts.md, Atom."""

from __future__ import annotations

import csv
import io
import json

import pytest
from defusedxml import ElementTree
from django.http import StreamingHttpResponse

from tests.web.builders import make_actor, make_event

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def events(world):
    kofice = make_actor("KOFICE", "KR")
    signed = make_event(
        "Indonesia and Korea sign AI MoU",
        parties=("ID", "KR"),
        topics=("ai", "culture"),
        actors=(kofice,),
        location="Jakarta",
        sources=2,
    )
    forum = make_event("ASEAN-Korea forum", parties=("ASEAN", "KR", "SG"), kind="forum", date="2025-11-01",
                       precision="month")  # fmt: skip
    visit = make_event("Japan visit", parties=("JP", "US"), kind="visit", date="2021-06-23")
    return {"signed": signed, "forum": forum, "visit": visit}


def _text(response) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode()


def test_csv_streams_one_row_per_event_with_the_filters(client, events):
    response = client.get("/events.csv?pair=KR-ID")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(_text(response))))
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == str(events["signed"].pk)
    assert row["date"] == "2025-04-23" and row["date_precision"] == "day"
    assert row["parties"] == "ID KR" and row["pairs"] == "ID-KR"
    assert row["topics"] == "ai culture" and row["actors"] == "KOFICE"
    assert row["source_count"] == "2" and row["location"] == "Jakarta"
    assert row["url"].endswith(f"/events/{events['signed'].pk}/")


def test_csv_writes_dates_to_their_precision_and_every_pair(client, events):
    rows = list(csv.DictReader(io.StringIO(_text(client.get("/events.csv?kind=forum")))))
    assert [r["date"] for r in rows] == ["2025-11"]
    assert rows[0]["pairs"] == "ASEAN-KR ASEAN-SG KR-SG"


def test_gdelt_export_has_cameo_codes_per_kind_and_one_row_per_dyad(client, events):
    rows = list(csv.DictReader(io.StringIO(_text(client.get("/events.csv?format=gdelt")))))
    by_event: dict[str, list[dict]] = {}
    for row in rows:
        by_event.setdefault(row["GLOBALEVENTID"], []).append(row)
    signed = by_event[str(events["signed"].pk)]
    assert len(signed) == 1
    assert signed[0]["EventCode"] == "057" and signed[0]["EventRootCode"] == "05"
    assert signed[0]["SQLDATE"] == "20250423" and signed[0]["Year"] == "2025"
    assert {signed[0]["Actor1CountryCode"], signed[0]["Actor2CountryCode"]} == {"IDN", "KOR"}
    assert signed[0]["NumArticles"] == "2"
    assert by_event[str(events["visit"].pk)][0]["EventCode"] == "043"
    forum = by_event[str(events["forum"].pk)]
    assert len(forum) == 3  # ASEAN-KR, ASEAN-SG, KR-SG
    assert {r["EventCode"] for r in forum} == {"050"}
    assert {r["Actor1CountryCode"] for r in forum} == {"ASEAN", "KOR"}  # blocs keep their code


def test_json_export_has_the_design_shape(client, events):
    response = client.get("/events.json?pair=ID-KR")
    assert response.status_code == 200
    data = json.loads(_text(response))
    assert data["count"] == 1
    record = data["results"][0]
    assert set(record) == {
        "id", "title", "kind", "date", "date_precision", "end_date", "location", "parties", "pairs",
        "actors", "topics", "status", "confidence", "agreement_count", "sources", "url",
    }  # fmt: skip
    assert record["parties"] == ["ID", "KR"] and record["pairs"] == [["ID", "KR"]]
    assert record["actors"] == [{"name": "KOFICE", "slug": "kofice", "country": "KR"}]
    assert record["topics"] == ["ai", "culture"]
    assert len(record["sources"]) == 2
    assert set(record["sources"][0]) == {"url", "title", "publisher", "published_at", "language"}
    assert record["sources"][0]["publisher"] == "Korea.net"
    assert record["date"] == "2025-04-23" and record["end_date"] is None


def test_json_export_of_nothing_is_an_empty_list(client, events):
    data = json.loads(_text(client.get("/events.json?country=CN")))
    assert data == {"count": 0, "results": []}


def test_atom_feed_honours_filters_and_lists_newest_first(client, events):
    response = client.get("/events.atom?pair=ID-KR&kind=agreement&topic=ai")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Indonesia and Korea sign AI MoU [ID–KR]"]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith(f"/events/{events['signed'].pk}/")
    assert "pair=ID-KR" in feed.find(f"{ATOM}link").get("href")


def test_atom_feed_without_filters_has_every_visible_event(client, events):
    feed = ElementTree.fromstring(client.get("/events.atom").content)
    assert len(feed.findall(f"{ATOM}entry")) == 3


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(world, client):
    make_event('=HYPERLINK("http://evil.example","click")', parties=("ID", "KR"), location="@SUM(A1)")
    rows = list(csv.reader(io.StringIO(_text(client.get("/events.csv")))))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil.example","click")' in cells
    assert "'@SUM(A1)" in cells
    assert not any(cell.startswith(("=", "@", "+")) for cell in cells)
