"""Where the machine's reading disagrees with an editor, editors see it and decide."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from apps.events.models import Event
from tests.events.conftest import admin_save, codes, ingest

pytestmark = pytest.mark.django_db


def rows(html: str) -> dict[str, tuple[str, str]]:
    """field -> (editor's value, machine's value) of the disagreement table(s) in a page."""
    found = re.findall(
        r'<tr class="disagreement" data-field="(\w+)">.*?<td class="editor-value">(.*?)</td>\s*'
        r'<td class="machine-value">(.*?)</td>',
        html,
        re.S,
    )
    return {field: (mine, machine) for field, mine, machine in found}


def item(body: str, kind: str, event: Event) -> str:
    """The HTML of one card of the review queue."""
    start = body.index(f'{kind}" data-event-id="{event.pk}"')
    end = body.find('-item" data-event-id=', start + 1)
    return body[start : end if end > 0 else len(body)]


def page(client, event: Event) -> str:
    response = client.get(f"/events/{event.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_event_page_shows_editors_where_the_machine_reads_differently(
    machine_events, editor_client, client
):
    admin_save(editor_client, machine_events["vn-id"], parties=["ID", "KH"], location="")
    admin_save(editor_client, machine_events["my-kr"], date="2025-10-01", date_precision="month")
    assert rows(page(editor_client, machine_events["vn-id"])) == {
        "location": ("—", "Hanoi"),
        "parties": ("ID KH", "ID VN"),
    }
    assert rows(page(editor_client, machine_events["my-kr"])) == {"date": ("2025-10", "2025-10-20")}
    assert rows(page(editor_client, machine_events["kr-id"])) == {}  # nobody touched it
    client.logout()
    assert "disagreement" not in page(client, machine_events["vn-id"])  # the public sees the event only


def test_the_review_queue_shows_them_for_proposed_and_confirmed_events(machine_events, editor_client):
    admin_save(editor_client, machine_events["kr-id"], date="2025-10-28")
    admin_save(editor_client, machine_events["in-jp"], date="2025-05-15", status="confirmed")
    body = editor_client.get("/review/").content.decode()
    proposed = body.split(
        f'class="card shadow-sm mb-3 review-item" data-event-id="{machine_events["kr-id"].pk}"'
    )
    assert rows(proposed[1].split("review-item")[0]) == {"date": ("2025-10-28", "2025-11-04")}
    disputed = body.split(
        f'class="card shadow-sm mb-3 disputed-item" data-event-id="{machine_events["in-jp"].pk}"'
    )
    assert rows(disputed[1].split("-item")[0]) == {"date": ("2025-05-15", "2025-07-02")}


def test_keeping_the_editors_value_hides_it_until_the_machine_reads_something_else(
    machine_events, editor_client, tmp_path
):
    event = machine_events["kr-id"]
    admin_save(editor_client, event, date="2025-10-28", location="")
    response = editor_client.post(
        f"/review/{event.pk}/", {"action": "keep", "field": "date", "next": f"/events/{event.pk}/"}
    )
    assert response.status_code == 302 and response["Location"] == f"/events/{event.pk}/"
    assert rows(page(editor_client, event)) == {"location": ("—", "Jakarta")}
    event.refresh_from_db()
    assert event.date == dt.date(2025, 10, 28) and "date" in event.editor_fields
    # A later report that reads the same date changes nothing; the kept value stays kept.
    ingest(tmp_path, ["kr-id"], later=True)
    assert "date" not in rows(page(editor_client, event))


def test_using_the_machines_value_gives_the_field_back_to_the_machine(machine_events, editor_client, editor):
    event = machine_events["vn-id"]
    admin_save(editor_client, event, parties=["ID", "KH"], date="2025-11-20")
    editor_client.post(f"/review/{event.pk}/", {"action": "use", "field": "parties"})
    editor_client.post(f"/review/{event.pk}/", {"action": "use", "field": "date"})
    event.refresh_from_db()
    assert codes(event) == ["ID", "VN"] and event.date == dt.date(2025, 11, 4)
    assert event.editor_fields == []  # both are the machine's again
    assert list(event.pairs.values_list("a_id", "b_id")) == [("ID", "VN")]
    assert rows(page(editor_client, event)) == {}
    latest = event.history.latest()
    assert latest.history_user == editor


def test_only_editors_decide_and_only_on_known_fields(machine_events, editor_client, viewer):
    event = machine_events["kr-id"]
    admin_save(editor_client, event, date="2025-10-28")
    assert editor_client.post(f"/review/{event.pk}/", {"action": "use", "field": "title"}).status_code == 400
    assert editor_client.post(f"/review/{event.pk}/", {"action": "keep"}).status_code == 400
    looker = Client()
    looker.force_login(viewer)
    assert looker.post(f"/review/{event.pk}/", {"action": "use", "field": "date"}).status_code == 403
    event.refresh_from_db()
    assert event.date == dt.date(2025, 10, 28)
