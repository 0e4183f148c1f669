"""Editors' corrections survive the machine: `retag --all`, later reports, rejections and merges.

The editor works through the real admin (Django's test client here; in Chromium in test_browser.py);
the machine is the real pipeline, run by `ingest --sync` and `retag`.
"""

from __future__ import annotations

import datetime as dt
import importlib
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from apps.actors.models import Actor
from apps.events.building import SYSTEM_USERNAME
from apps.events.models import Event, EventSource, MachineReading
from apps.news.models import Article
from tests.events.conftest import ARTICLES, admin_save, change_form, codes, event_of, ingest, url

pytestmark = pytest.mark.django_db


def retag() -> None:
    out = StringIO()
    call_command("retag", "--all", stdout=out)
    assert ", 0 failed" in out.getvalue()


def correct_all(client, events: dict[str, Event]) -> None:
    """The corrections of issue 10, each on its own event, as an editor makes them in the admin."""
    admin_save(client, events["kr-id"], date="2025-10-28")  # the machine read 4 November
    admin_save(client, events["vn-id"], parties=["ID", "KH"])  # the machine read Vietnam
    admin_save(client, events["jp-id"], parties=["ID", "JP", "TH"])  # a third party the machine missed
    admin_save(client, events["my-kr"], date="2025-10-01", date_precision="month")  # only the month is sure
    admin_save(client, events["cn-sg"], location="")  # the place the machine read is wrong
    response = client.post(
        "/admin/events/event/", {"action": "confirm", "_selected_action": [events["in-jp"].pk]}
    )
    assert response.status_code == 302
    admin_save(client, events["in-jp"], date="2025-05-15")  # confirmed, then re-dated


def assert_corrections_kept(events: dict[str, Event]) -> None:
    for event in events.values():
        event.refresh_from_db()  # raises if the machine deleted it
    assert (events["kr-id"].date, events["kr-id"].date_precision) == (dt.date(2025, 10, 28), "day")
    assert codes(events["vn-id"]) == ["ID", "KH"]
    assert codes(events["jp-id"]) == ["ID", "JP", "TH"]
    assert (events["my-kr"].date, events["my-kr"].date_precision) == (dt.date(2025, 10, 1), "month")
    assert events["cn-sg"].location == ""
    assert events["in-jp"].status == Event.Status.CONFIRMED
    assert events["in-jp"].date == dt.date(2025, 5, 15)
    assert Event.objects.count() == len(ARTICLES)  # no twin, no re-creation
    for key, event in events.items():  # every article still reports its (corrected) event
        assert event.sources.filter(article__url=url(key)).exists(), key


def test_retag_all_keeps_every_correction_and_proposes_no_twin(machine_events, editor_client, editor):
    correct_all(editor_client, machine_events)
    marks = Event.objects.get(pk=machine_events["kr-id"].pk).editor_fields
    assert marks == ["date", "date_precision", "end_date"]  # a date is one decision
    retag()
    assert_corrections_kept(machine_events)
    retag()  # twice: still so
    assert_corrections_kept(machine_events)
    # Every entry after the machine's first one is the editor's: the machine changed nothing of theirs.
    for event in machine_events.values():
        records = list(event.history.order_by("history_date", "history_id"))
        assert records[0].history_user.username == SYSTEM_USERNAME
        assert {r.history_user.username for r in records[1:]} == {"editor"}, event


def test_later_reports_of_the_machines_reading_corroborate_the_corrected_events(
    machine_events, editor_client, tmp_path
):
    correct_all(editor_client, machine_events)
    ingest(tmp_path, ["kr-id", "vn-id"], later=True)  # they still say 4 November, and Vietnam
    assert_corrections_kept(machine_events)
    assert event_of("kr-id", later=True) == machine_events["kr-id"]
    assert event_of("vn-id", later=True) == machine_events["vn-id"]
    assert machine_events["vn-id"].sources.count() == 2
    # An article that reports the corrected parties finds the event as the editor left it, too.
    Article.objects.filter(url=url("vn-id", later=True)).update(
        text=ARTICLES["vn-id"][1].replace("Vietnam's", "Cambodia's"), title="Cambodia and Indonesia sign MoU"
    )
    retag()
    assert event_of("vn-id", later=True) == machine_events["vn-id"]
    assert Event.objects.count() == len(ARTICLES)


def test_a_corroborating_report_keeps_the_machines_reading_for_the_editor(
    machine_events, editor_client, tmp_path
):
    """The machine keeps its own reading up to date on an event an editor touched, and still fills
    what nobody set: both recorded in the history as the tagger's, the editor's save as the editor's."""
    event = machine_events["kr-id"]
    Event.objects.filter(pk=event.pk).update(location="")  # the machine had read no place
    admin_save(editor_client, event, date="2025-10-28")
    reading = MachineReading.objects.get(event=event)
    assert reading.values["date"] == "2025-11-04" and reading.values["parties"] == ["ID", "KR"]
    ingest(tmp_path, ["kr-id"], later=True)  # reads Jakarta: a place nobody set
    event.refresh_from_db()
    assert event.location == "Jakarta" and event.date == dt.date(2025, 10, 28)
    records = list(event.history.order_by("history_date", "history_id"))
    assert [(r.history_user.username, r.history_type) for r in records] == [
        (SYSTEM_USERNAME, "+"),
        ("editor", "~"),
        (SYSTEM_USERNAME, "~"),
    ]
    assert set(records[-1].diff_against(records[-2]).changed_fields) - {"confidence"} == {"location"}


def test_a_rejected_event_keeps_its_reports_and_is_not_proposed_again(machine_events, editor_client):
    rejected = machine_events["kr-id"]
    response = editor_client.post(
        "/admin/events/event/", {"action": "reject", "_selected_action": [rejected.pk]}
    )
    assert response.status_code == 302
    retag()
    rejected.refresh_from_db()
    assert rejected.status == Event.Status.REJECTED
    assert event_of("kr-id") == rejected
    assert (
        not Event.objects.filter(status=Event.Status.PROPOSED, parties__code="KR")
        .filter(parties__code="ID")
        .exists()
    )


def test_a_merged_duplicate_is_not_proposed_again(machine_events, editor_client):
    target, duplicate = machine_events["kr-id"], machine_events["my-kr"]
    response = editor_client.post(f"/review/{duplicate.pk}/", {"action": "merge", "target": target.pk})
    assert response.status_code == 302
    assert not Event.objects.filter(pk=duplicate.pk).exists()
    retag()
    assert Event.objects.count() == len(ARTICLES) - 1
    assert event_of("my-kr") == target  # its report stays with the event it was merged into
    target.refresh_from_db()
    assert target.status == Event.Status.CONFIRMED and "parties" in target.editor_fields
    assert codes(target) == ["ID", "KR", "MY"]


def test_an_editors_source_is_never_withdrawn_and_a_touched_event_outlives_its_machine_sources(
    machine_events, editor_client
):
    corrected, untouched = machine_events["kr-id"], machine_events["cn-sg"]
    admin_save(editor_client, corrected, date="2025-10-28")
    # The editor adds the India–Japan article as a source of the corrected event.
    in_jp = Article.objects.get(url=url("in-jp"))
    response = editor_client.post(
        f"/admin/events/event/{corrected.pk}/change/",
        {
            **change_form(corrected),
            "sources-TOTAL_FORMS": "1",
            "sources-0-article": in_jp.pk,
            "sources-0-evidence": "Cited by the editor.",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert EventSource.objects.get(event=corrected, article=in_jp).by_editor
    # Both first articles now report something else: their machine sources are withdrawn.
    for key in ("kr-id", "cn-sg"):
        Article.objects.filter(url=url(key)).update(title="Weather", text="Rain fell in Bogor on Monday.")
    retag()
    assert not Event.objects.filter(pk=untouched.pk).exists()  # nobody touched it: it goes
    corrected.refresh_from_db()  # an editor touched it: it stays, with the editor's source
    assert list(corrected.sources.values_list("article_id", "evidence")) == [
        (in_jp.pk, "Cited by the editor.")
    ]


def test_existing_events_learn_what_editors_set_from_their_history(machine_events, editor_client):
    """The migration reads the marks and the machine's reading of events edited before the rule."""
    event = machine_events["vn-id"]
    admin_save(editor_client, event, parties=["ID", "KH"], location="Phnom Penh")
    Event.objects.filter(pk=event.pk).update(editor_fields=[])  # as before the rule
    MachineReading.objects.all().delete()
    migration = importlib.import_module("apps.events.migrations.0005_editors_keep_their_fields")
    migration.learn_from_history(django_apps, None)
    event.refresh_from_db()
    assert set(event.editor_fields) == {"parties", "location"}
    reading = MachineReading.objects.get(event=event)
    assert reading.values["parties"] == ["ID", "VN"] and reading.values["location"] == "Hanoi"
    assert (reading.parties, reading.year) == ("ID VN", 2025)
    assert Event.objects.get(pk=machine_events["kr-id"].pk).editor_fields == []  # untouched


def test_an_event_an_editor_creates_is_theirs_in_what_they_filled(editor_client, tmp_path):
    mcst = Actor.objects.get(slug="mcst-korea")
    data = {
        "title": "Korea and Indonesia agree on creative industries",
        "kind": "agreement",
        "status": "proposed",
        "confidence": "0.5",
        "date": "2025-11-01",
        "date_precision": "month",
        "parties": ["ID", "KR"],
        "event_actors-TOTAL_FORMS": "1",
        "event_actors-INITIAL_FORMS": "0",
        "event_actors-0-actor": mcst.pk,
        "event_actors-0-role": "signatory",
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
    }
    response = editor_client.post("/admin/events/event/add/", data)
    assert response.status_code == 302, response.content[:3000]
    event = Event.objects.get()
    assert {"title", "kind", "date", "date_precision", "parties", "actors"} <= set(event.editor_fields)
    assert "location" not in event.editor_fields and not MachineReading.objects.exists()
    ingest(tmp_path, ["kr-id"])  # the same signing, read by the machine: 4 November, Jakarta, two ministries
    assert event_of("kr-id") == event and Event.objects.count() == 1
    event.refresh_from_db()
    assert (event.date, event.date_precision) == (dt.date(2025, 11, 1), "month")  # theirs
    assert list(event.actors.values_list("slug", flat=True)) == ["mcst-korea"]  # theirs
    assert event.location == "Jakarta"  # nobody set it: the machine fills it
