"""In headless Chromium, with a real Celery worker: an editor opens the review queue, finds an article
the relevance stage kept out in the out-of-scope lane, promotes it and sees its event on the timeline;
then rejects another event as out of scope, and `retag` does not bring it back.

Screenshots go to test-artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command

from apps.events.models import Event, EventSource
from apps.tagging.models import RelevanceLabel
from tests.events.conftest import event_of, ingest
from tests.events.test_browser import ARTIFACTS
from tests.events.test_editors_scope import ingest_football
from tests.workers import Worker, purge_broker, start_worker, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(transactional_db) -> Iterator[Worker]:
    purge_broker()
    worker = start_worker("scope")
    yield worker
    worker.kill()
    purge_broker()


def test_an_editor_promotes_an_article_from_the_lane_and_rejects_an_event_as_out_of_scope(
    page, live_server, worker, tmp_path
):
    football = ingest_football(tmp_path)  # below the threshold: no event
    ingest(tmp_path, ["kr-id"])  # in scope: a proposed event
    signing = event_of("kr-id")
    assert not EventSource.objects.filter(article=football).exists()

    # The queue's second lane lists the article, with its score and reasons.
    page.goto(f"{live_server.url}/review/")
    page.get_by_role("link", name="Out of scope (below the relevance threshold)").click()
    page.wait_for_url("**/review/?lane=out-of-scope")
    item = page.locator(f".scope-item[data-article-id='{football.pk}']")
    assert item.locator("a").first.inner_text() == "PSSI and Thai FA sign youth football pact"
    assert item.locator(".relevance-score").inner_text() == f"{football.relevance:.2f}"
    assert item.locator(".relevance-reasons li").count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review-out-of-scope-lane.png"), full_page=True)

    # Promote: the label names the editor, and the worker builds the event.
    item.get_by_role("button", name="Promote").click()
    page.wait_for_url("**/review/?lane=out-of-scope")
    assert "Promoted: PSSI and Thai FA sign youth football pact" in page.locator(".alert").first.inner_text()
    label = RelevanceLabel.objects.get(article=football)
    assert (label.decision, label.user.username) == ("promote", "editor")
    promoted = wait_for(
        lambda: Event.objects.filter(sources__article=football).first(),
        message="the worker builds the promoted article's event",
    )
    page.goto(f"{live_server.url}/")
    row = page.locator(f".event-row[data-event-id='{promoted.pk}']")
    assert row.count() == 1 and row.get_attribute("data-parties") == "ID TH"
    page.goto(f"{live_server.url}/review/?lane=out-of-scope")
    assert page.locator(f".scope-item[data-article-id='{football.pk}']").count() == 0

    # Reject the other event as out of scope: it leaves the queue and the timeline, labelled.
    page.goto(f"{live_server.url}/review/")
    page.locator(f".review-item[data-event-id='{signing.pk}']").get_by_role(
        "button", name="Reject as out of scope"
    ).click()
    page.wait_for_url("**/review/")
    assert page.locator(f".review-item[data-event-id='{signing.pk}']").count() == 0
    assert page.locator(f".review-item[data-event-id='{promoted.pk}']").count() == 1
    page.screenshot(path=str(ARTIFACTS / "review-after-promote-and-reject.png"), full_page=True)
    signing.refresh_from_db()
    assert signing.status == Event.Status.REJECTED
    article = EventSource.objects.get(event=signing).article
    assert list(article.relevance_labels.values_list("decision", "user__username")) == [
        ("reject_out_of_scope", "editor")
    ]
    page.goto(f"{live_server.url}/")
    assert page.locator(f".event-row[data-event-id='{signing.pk}']").count() == 0

    out = StringIO()
    call_command("retag", "--all", stdout=out)
    assert ", 0 failed" in out.getvalue()
    assert set(Event.objects.values_list("pk", "status")) == {
        (promoted.pk, Event.Status.PROPOSED),
        (signing.pk, Event.Status.REJECTED),
    }
    page.goto(f"{live_server.url}/")
    assert page.locator(f".event-row[data-event-id='{promoted.pk}']").count() == 1
