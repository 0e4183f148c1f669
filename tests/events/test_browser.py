"""An editor corrects the machine's events in the admin, in headless Chromium; the machine then re-reads
every article and takes in later reports, and the editor's corrections stand. On the event page the
editor sees where the machine disagrees and decides.

Screenshots go to test-artifacts/.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from apps.events.building import SYSTEM_USERNAME
from apps.events.models import Event
from tests.events.conftest import codes, event_of, ingest
from tests.events.test_editors_rule import assert_corrections_kept

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_event(page, live_server, event: Event) -> None:
    page.goto(f"{live_server.url}/admin/events/event/{event.pk}/change/")


def save(page) -> None:
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/events/event/")
    assert page.locator(".messagelist .success").count() == 1, page.content()[:3000]


def remove_party(page, name: str) -> None:
    choice = page.locator("#id_parties + .select2 li.select2-selection__choice", has_text=name)
    choice.locator(".select2-selection__choice__remove").click()
    page.keyboard.press("Escape")


def add_party(page, name: str) -> None:
    page.locator("#id_parties + .select2 .select2-search__field").click()
    page.keyboard.type(name)
    page.locator(".select2-results__option", has_text=name).first.click()


def retag() -> None:
    out = StringIO()
    call_command("retag", "--all", stdout=out)
    assert ", 0 failed" in out.getvalue()


def test_corrections_made_in_the_admin_survive_retag_and_later_reports(
    machine_events, page, live_server, tmp_path
):
    events = machine_events
    open_event(page, live_server, events["kr-id"])
    page.fill("#id_date", "2025-10-28")  # the machine read 4 November
    save(page)
    open_event(page, live_server, events["vn-id"])
    remove_party(page, "Vietnam")  # the machine read Vietnam; it was Cambodia
    add_party(page, "Cambodia")
    save(page)
    open_event(page, live_server, events["jp-id"])
    add_party(page, "Thailand")  # a third party the machine missed
    save(page)
    open_event(page, live_server, events["my-kr"])
    page.fill("#id_date", "2025-10-01")
    page.select_option("#id_date_precision", "month")  # only the month is sure
    save(page)
    open_event(page, live_server, events["cn-sg"])
    page.fill("#id_location", "")  # the place the machine read is wrong
    save(page)
    page.goto(f"{live_server.url}/admin/events/event/")  # confirm, then re-date
    page.check(f"input[name=_selected_action][value='{events['in-jp'].pk}']")
    page.select_option("select[name=action]", "confirm")
    page.click("button[name=index]")
    page.wait_for_selector(".messagelist .success")
    open_event(page, live_server, events["in-jp"])
    page.fill("#id_date", "2025-05-15")
    save(page)
    assert codes(Event.objects.get(pk=events["vn-id"].pk)) == ["ID", "KH"]

    retag()
    ingest(tmp_path, ["kr-id", "vn-id"], later=True)  # later reports of the machine's first reading
    retag()
    assert_corrections_kept(events)
    assert event_of("kr-id", later=True) == events["kr-id"]
    assert event_of("vn-id", later=True) == events["vn-id"]

    # The history names the editor for every correction; nothing after it is the machine's.
    page.goto(f"{live_server.url}/admin/events/event/{events['vn-id'].pk}/history/")
    headers = [h.strip().lower() for h in page.locator("#change-history thead th").all_inner_texts()]
    column = headers.index("changed by")
    rows = page.locator("#change-history tbody tr")
    users = [rows.nth(i).locator("th, td").nth(column).inner_text().strip() for i in range(rows.count())]
    assert users[-1] == SYSTEM_USERNAME and set(users[:-1]) == {"editor"}, users  # newest first

    # The event page shows the editor where the machine disagrees.
    page.goto(f"{live_server.url}/events/{events['vn-id'].pk}/")
    row = page.locator("tr.disagreement[data-field=parties]")
    assert row.locator(".editor-value").inner_text() == "ID KH"
    assert row.locator(".machine-value").inner_text() == "ID VN"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "event-disagreement.png"), full_page=True)


def test_the_editor_keeps_their_value_or_takes_the_machines_on_the_event_page(
    machine_events, page, live_server
):
    kr_id, my_kr = machine_events["kr-id"], machine_events["my-kr"]
    open_event(page, live_server, kr_id)
    page.fill("#id_date", "2025-10-28")
    page.fill("#id_location", "Seoul")
    save(page)
    page.goto(f"{live_server.url}/events/{kr_id.pk}/")
    page.locator("tr.disagreement[data-field=date]").get_by_role("button", name="Keep the editor's").click()
    page.wait_for_url(f"**/events/{kr_id.pk}/")
    assert page.locator("tr.disagreement[data-field=date]").count() == 0
    page.locator("tr.disagreement[data-field=location]").get_by_role(
        "button", name="Use the machine's"
    ).click()
    page.wait_for_url(f"**/events/{kr_id.pk}/")
    assert page.locator("tr.disagreement").count() == 0
    kr_id.refresh_from_db()
    assert kr_id.location == "Jakarta" and kr_id.editor_fields == ["date", "date_precision", "end_date"]

    # In the review queue: the same decision, on a proposed event's row.
    open_event(page, live_server, my_kr)
    page.fill("#id_date", "2025-10-01")
    page.select_option("#id_date_precision", "month")
    save(page)
    page.goto(f"{live_server.url}/review/")
    item = page.locator(f".review-item[data-event-id='{my_kr.pk}']")
    assert item.locator("tr.disagreement[data-field=date] .machine-value").inner_text() == "2025-10-20"
    item.get_by_role("button", name="Use the machine's").click()
    page.wait_for_url("**/review/")
    my_kr.refresh_from_db()
    assert (my_kr.date.isoformat(), my_kr.date_precision) == ("2025-10-20", "day")
