"""Person flows in headless Chromium (Debian's, through Playwright) against a real server on loopback.

Screenshots of the timeline, the matrix and the event page go to test-artifacts/ for people to look at.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from apps.events.models import Event
from tests.web.builders import make_actor, make_event

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="needs Debian's chromium at /usr/bin/chromium"),
]


@pytest.fixture
def browser_page(live_server):
    from django.db import connections

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes between
    # browser steps are still plain synchronous calls, so Django's async guard is lifted here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
        page.set_default_timeout(10_000)
        yield page
        # ORM calls made while Playwright's loop runs get their own connection (asgiref keys them by
        # context); close it here, inside that context, or it outlives the test database.
        connections.close_all()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


@pytest.fixture
def history(world):
    kofice = make_actor("KOFICE", "KR", kind="foundation")
    happy = make_actor("Happy Music", "ID", kind="company")
    return {
        "mou": make_event("Happy Music and Aetherium sign AI idol collaboration", parties=("ID", "KR"),
                          date="2025-04-23", topics=("ai", "music"), actors=(happy,), location="Yogyakarta"),
        "forum": make_event("Indonesia–Korea culture forum", parties=("ID", "KR"), kind="forum",
                            date="2024-10-26", topics=("culture",), actors=(kofice,), location="Jakarta"),
        "asean": make_event("6th ASEAN-Korea Innovative Culture Forum", parties=("ASEAN", "KR"), kind="forum",
                            date="2025-11-08", topics=("ai", "culture"), actors=(kofice,),
                            location="Singapore"),
        "cn": make_event("South Korea and China sign 9 agreements", parties=("CN", "KR"), date="2025-06-01",
                         precision="month", topics=("ai", "culture")),
        "jp": make_event("Japan–US AI dialogue", parties=("JP", "US"), kind="visit", date="2023-02-10",
                         status="proposed", topics=("ai",)),
    }  # fmt: skip


def _rows(page) -> list[dict]:
    return page.eval_on_selector_all(
        "li.event-row",
        "els => els.map(e => ({id: +e.dataset.eventId, date: e.dataset.date, parties: e.dataset.parties}))",
    )


def test_person_picks_a_pair_sees_only_its_events_opens_one_and_follows_a_source(
    live_server, browser_page, history
):
    page = browser_page
    page.route(
        re.compile(r"https://korea\.net\.example/.*"),
        lambda route: route.fulfill(status=200, content_type="text/html", body="<h1>Original report</h1>"),
    )
    page.goto(f"{live_server.url}/")
    assert len(_rows(page)) == 5
    _shot(page, "timeline.png")

    page.fill("#pair-a", "Indonesia")
    page.fill("#pair-b", "Korea Selatan")
    page.click("#apply-filters")
    page.wait_for_url(re.compile(r".*pair=ID-KR.*"))
    rows = _rows(page)
    assert [r["id"] for r in rows] == [history["mou"].pk, history["forum"].pk]
    assert all(set(r["parties"].split()) >= {"ID", "KR"} for r in rows)
    assert page.locator(".chip[data-filter=pair]").inner_text().startswith("Indonesia – South Korea")
    _shot(page, "timeline-pair-id-kr.png")

    page.click(f"li[data-event-id='{history['mou'].pk}'] a.event-title")
    page.wait_for_url(f"**/events/{history['mou'].pk}/")
    assert "Happy Music and Aetherium" in page.locator("h1").inner_text()
    assert page.locator(f"li[data-event-id='{history['forum'].pk}']").count() == 1  # related, same pair
    _shot(page, "event.png")

    page.click("a.source-link")
    page.wait_for_url(re.compile(r"https://korea\.net\.example/news/\d+"))
    assert page.locator("h1").inner_text() == "Original report"


def test_pair_matrix_cell_opens_the_timeline_for_that_pair(live_server, browser_page, history):
    page = browser_page
    page.goto(f"{live_server.url}/pairs/")
    assert page.locator("a[data-pair='ID-KR']").inner_text() == "2"
    _shot(page, "pair-matrix.png")
    page.click("a[data-pair='ASEAN-KR']")
    page.wait_for_url(re.compile(r".*/\?pair=ASEAN-KR$"))
    assert [r["id"] for r in _rows(page)] == [history["asean"].pk]


def test_editor_corrects_an_event_date_in_the_admin_and_sees_it_move_on_the_timeline(
    live_server, browser_page, history
):
    User.objects.create_superuser("editor", "editor@example.org", "correct horse battery")
    event = history["forum"]
    page = browser_page
    page.goto(f"{live_server.url}/?pair=ID-KR")
    assert [r["id"] for r in _rows(page)] == [history["mou"].pk, event.pk]

    page.goto(f"{live_server.url}/admin/login/?next=/admin/events/event/{event.pk}/change/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.wait_for_url(f"**/admin/events/event/{event.pk}/change/")
    page.fill("#id_date", "2025-09-15")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/events/event/")
    assert Event.objects.get(pk=event.pk).date.isoformat() == "2025-09-15"

    page.goto(f"{live_server.url}/?pair=ID-KR")
    rows = _rows(page)
    assert [r["id"] for r in rows] == [event.pk, history["mou"].pk]  # now the newest
    assert rows[0]["date"] == "2025-09-15"
    heading = page.locator(f"li[data-event-id='{event.pk}']").locator("xpath=../preceding-sibling::h2[1]")
    assert heading.inner_text().upper() == "SEPTEMBER 2025"
    assert page.locator("#edit-event").count() == 0  # the public page is not the editor's


def test_editor_confirms_a_proposed_event_from_the_review_queue(live_server, browser_page, history):
    User.objects.create_superuser("editor", "editor@example.org", "correct horse battery")
    page = browser_page
    page.goto(f"{live_server.url}/admin/login/?next=/review/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.wait_for_url("**/review/")
    proposed = history["jp"]
    item = page.locator(f".review-item[data-event-id='{proposed.pk}']")
    assert item.count() == 1
    _shot(page, "review-queue.png")
    item.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/review/")
    assert page.locator(f".review-item[data-event-id='{proposed.pk}']").count() == 0
    assert "Confirmed: Japan–US AI dialogue" in page.locator(".alert").inner_text()
    assert Event.objects.get(pk=proposed.pk).status == "confirmed"
