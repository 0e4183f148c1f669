"""Machine events built from real articles by the real pipeline, and editors who correct them.

Each article reports one signing; the pipeline reads it as the comment says. The tests correct the
machine's events as an editor would and check that what the editor set survives the machine.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from apps.events.models import Event
from apps.news.models import Article

ARTICLES = {
    # ID-KR agreement, 2025-11-04 (day), Jakarta, MCST and the Ministry of Creative Economy.
    "kr-id": (
        "South Korea and Indonesia sign creative industry MoU",
        "South Korea's Ministry of Culture, Sports and Tourism and Indonesia's Ministry of Creative Economy "
        "signed a memorandum of understanding on creative industries and artificial intelligence in Jakarta "
        "on 4 November 2025. The agreement covers training for animators and cultural exchange.",
    ),
    # ID-VN agreement, 2025-11-04 (day), Hanoi.
    "vn-id": (
        "Vietnam and Indonesia sign MoU on artificial intelligence",
        "Vietnam's Ministry of Science and Technology and Indonesia's Ministry of Communication and Digital "
        "signed a memorandum of understanding on artificial intelligence and digital talent in Hanoi on "
        "4 November 2025. The agreement covers research exchanges and training.",
    ),
    # ID-JP agreement, 2025-11-12 (day), Tokyo.
    "jp-id": (
        "Japan and Indonesia sign creative industry MoU",
        "Japan's Ministry of Economy, Trade and Industry and Indonesia's Ministry of Creative Economy signed "
        "a memorandum of understanding on animation and artificial intelligence in Tokyo on 12 November "
        "2025. The agreement covers training for animators.",
    ),
    # KR-MY agreement, 2025-10-20 (day), Kuala Lumpur.
    "my-kr": (
        "Malaysia and South Korea sign culture MoU",
        "Malaysia's Ministry of Tourism, Arts and Culture and South Korea's Ministry of Culture, Sports and "
        "Tourism signed a memorandum of understanding on K-pop and heritage in Kuala Lumpur on 20 October "
        "2025. The agreement covers cultural exchange.",
    ),
    # CN-SG agreement, 2025-09-03 (day), Singapore.
    "cn-sg": (
        "China and Singapore sign AI agreement",
        "China's Ministry of Science and Technology and Singapore's Infocomm Media Development Authority "
        "signed an agreement on artificial intelligence governance in Singapore on 3 September 2025.",
    ),
    # IN-JP agreement, 2025-07-02 (day), New Delhi.
    "in-jp": (
        "India and Japan sign AI MoU",
        "India's Ministry of Electronics and Information Technology and Japan's Ministry of Internal Affairs "
        "and Communications signed a memorandum of understanding on artificial intelligence in New Delhi on "
        "2 July 2025.",
    ),
}
# Later reports of the same signings, in other words: the machine reads them as it read the first.
LATER = {
    "kr-id": (
        "Seoul, Jakarta agree on creative economy cooperation",
        "Indonesia's Ministry of Creative Economy and South Korea's Ministry of Culture, Sports and Tourism "
        "signed an MoU on artificial intelligence for the creative industries in Jakarta on 4 November 2025.",
    ),
    "vn-id": (
        "Indonesia and Vietnam ink digital talent pact",
        "Indonesia's Ministry of Communication and Digital and Vietnam's Ministry of Science and Technology "
        "signed a pact on artificial intelligence and digital talent in Hanoi on 4 November 2025. The "
        "memorandum of understanding covers research exchanges.",
    ),
}


def url(key: str, later: bool = False) -> str:
    return f"https://news.example/{'later' if later else 'first'}/{key}"


def write_jsonl(path: Path, keys: list[str], *, later: bool = False) -> Path:
    texts = LATER if later else ARTICLES
    rows = [
        {"url": url(key, later), "title": texts[key][0], "text": texts[key][1], "published": "2025-11-05",
         "language": "en"}
        for key in keys
    ]  # fmt: skip
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def ingest(tmp_path: Path, keys: list[str], *, later: bool = False, sync: bool = True) -> None:
    """Articles arrive the way the product takes them in: `ingest` (tagged here with --sync, else by
    the workers)."""
    name = f"{'later' if later else 'first'}-{'-'.join(keys)}.jsonl"
    args = [str(write_jsonl(tmp_path / name, keys, later=later))] + (["--sync"] if sync else [])
    call_command("ingest", *args, stdout=open(os.devnull, "w"))  # noqa: SIM115


def event_of(key: str, later: bool = False) -> Event:
    """The one event the article reports."""
    article = Article.objects.get(url=url(key, later))
    return Event.objects.get(sources__article=article)


def codes(event: Event) -> list[str]:
    return sorted(event.parties.values_list("code", flat=True))


@pytest.fixture
def machine_events(editor, tmp_path) -> dict[str, Event]:
    """The six signings, read by the machine: one proposed event each (the editor exists, too)."""
    ingest(tmp_path, list(ARTICLES))
    events = {key: event_of(key) for key in ARTICLES}
    assert len({e.pk for e in events.values()}) == len(ARTICLES)
    assert all(e.status == Event.Status.PROPOSED and e.editor_fields == [] for e in events.values())
    return events


def change_form(event: Event, **changes) -> dict:
    """The admin change form of the event as it is, with `changes` (no inline rows touched)."""
    event.refresh_from_db()
    data = {
        "title": event.title,
        "kind": event.kind,
        "status": event.status,
        "confidence": str(event.confidence),
        "date": event.date.isoformat() if event.date else "",
        "date_precision": event.date_precision,
        "end_date": event.end_date.isoformat() if event.end_date else "",
        "location": event.location,
        "parties": codes(event),
        "topics": list(event.topics.values_list("slug", flat=True)),
        "agreement_count": event.agreement_count or "",
        "summary": event.summary,
        "event_actors-TOTAL_FORMS": "0",
        "event_actors-INITIAL_FORMS": "0",
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def admin_save(client, event: Event, **changes) -> None:
    response = client.post(f"/admin/events/event/{event.pk}/change/", change_form(event, **changes))
    assert response.status_code == 302, response.content[:3000]


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def page(live_server, editor):
    """A Chromium page logged in to the admin as the editor."""
    from django.db import connections

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes between
    # browser steps are still plain synchronous calls, so Django's async guard is lifted here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/admin/login/?next=/admin/")
        page.fill("#id_username", "editor")
        page.fill("#id_password", "pw-editor")
        page.click("input[type=submit]")
        page.wait_for_url("**/admin/")
        yield page
        connections.close_all()  # the connection ORM calls opened inside Playwright's context
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
