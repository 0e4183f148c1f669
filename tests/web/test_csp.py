"""The Content-Security-Policy holds on every page: no template carries inline script or style, and
headless Chromium visiting the site and its admin reports no violation (nor any console error)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from apps.actors.models import Actor
from apps.events.models import Event
from apps.news.models import Article, Feed, Source

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
TEMPLATE_DIRS = [ROOT / "templates", *sorted((ROOT / "apps").glob("*/templates"))]
INLINE = {
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "<style> element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}
# Collected in every document before its own scripts run (Playwright injects it past the CSP).
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${where}`);
});
"""


def test_no_template_has_inline_script_or_style():
    found = []
    for directory in TEMPLATE_DIRS:
        for path in sorted(directory.rglob("*.html")):
            text = path.read_text()
            for what, pattern in INLINE.items():
                for match in pattern.finditer(text):
                    line = text.count("\n", 0, match.start()) + 1
                    found.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert found == []


@pytest.fixture
def site(seeded, transactional_db) -> dict[str, str]:
    """The seed data, a feed and a superuser (every admin page); the paths to visit, by who may see them."""
    User.objects.create_superuser("chief", "chief@example.org", "pw-chief")
    source = Source.objects.first() or Source.objects.create(name="Local", domain="127.0.0.1")
    Feed.objects.create(url="https://news.example.org/rss", name="Example feed", source=source)
    event = Event.objects.filter(parties__code="KR").first()
    article = Article.objects.first()
    actor = Actor.objects.first()
    public = ["/", "/?from=not-a-date", "/pairs/", "/countries/KR/", "/actors/", f"/actors/{actor.slug}/",
              "/articles/", f"/articles/{article.pk}/", f"/events/{event.pk}/", "/admin/login/"]  # fmt: skip
    staff = [
        "/feeds/", "/review/", "/admin/", "/admin/events/event/", f"/admin/events/event/{event.pk}/change/",
        f"/admin/events/event/{event.pk}/history/", "/admin/events/event/add/", "/admin/news/feed/",
        "/admin/news/article/", f"/admin/news/article/{article.pk}/change/", "/admin/actors/actor/",
        f"/admin/actors/actor/{actor.pk}/change/", "/admin/geo/country/", "/admin/axes/accessattempt/",
        "/admin/auth/user/",
    ]  # fmt: skip
    return {"public": public, "staff": staff, "event": str(event.pk)}


@pytest.fixture
def browser(live_server):
    from django.db import connections

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # ORM calls between browser steps (Playwright's loop)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync"],
        )
        page = chromium.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
        page.set_default_timeout(15_000)
        page.add_init_script(LISTEN)
        page.console_errors = []  # script errors, and any sub-resource (CSS, JS, image) that failed
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        page.on(
            "response",
            lambda r: (
                page.console_errors.append(f"HTTP {r.status} {r.url}")
                if r.status >= 400 and r.request.resource_type != "document"
                else None
            ),
        )
        yield page
        connections.close_all()
        chromium.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def violations(page, url: str) -> list[str]:
    """Open `url` and return what the browser reported against it."""
    page.console_errors.clear()
    page.goto(url, wait_until="load")
    reported = page.evaluate("window.__csp")
    return [f"{url}: {v}" for v in reported + page.console_errors]


@pytest.mark.browser
@pytest.mark.skipif(not shutil.which(CHROMIUM), reason="needs Debian's chromium at /usr/bin/chromium")
def test_every_page_passes_the_content_security_policy(site, browser, live_server):
    page = browser
    found = []
    for path in site["public"]:
        found += violations(page, live_server.url + path)
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pw-chief")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    for path in site["staff"]:
        found += violations(page, live_server.url + path)

    # Dynamic parts build their own markup after load: the parties' autocomplete and the date picker.
    page.goto(f"{live_server.url}/admin/events/event/{site['event']}/change/")
    page.locator("#id_parties + .select2").click()
    page.locator(".select2-results__option").first.wait_for()
    page.keyboard.press("Escape")
    page.locator("#calendarlink0").click()
    page.locator(".calendarbox").first.wait_for()
    found += [f"admin change form (interactive): {v}" for v in page.evaluate("window.__csp")]
    found += page.console_errors
    assert found == []


@pytest.mark.browser
@pytest.mark.skipif(not shutil.which(CHROMIUM), reason="needs Debian's chromium at /usr/bin/chromium")
def test_scripts_and_styles_from_static_files_still_work(seeded, transactional_db, browser, live_server):
    page = browser
    call_command("seed", verbosity=0)
    # The matrix's shades are classes now: a cell with events is coloured.
    page.goto(f"{live_server.url}/pairs/")
    cell = page.locator("#pair-matrix td.cell[class*='shade-']").first
    assert cell.evaluate("e => getComputedStyle(e).backgroundColor") not in ("", "rgba(0, 0, 0, 0)")
    # The language menu switches on change (static/js/tracker.js, no inline handler).
    page.select_option("#language", "id")
    page.locator("html[lang=id]").wait_for(state="attached")
    assert "Lini masa" in page.content()
    assert page.evaluate("window.__csp") == [] and page.console_errors == []
