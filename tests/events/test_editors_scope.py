"""Editors' word on scope, through the real pipeline: an article below the relevance threshold is stored,
searchable and listed but makes no event; an editor promotes it and its event is built and survives
`retag`; an event rejected as out of scope never comes back; every decision is kept as a label naming
the editor (issue 11, items 1 and 2)."""

from __future__ import annotations

import json
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.events.models import Event, EventSource
from apps.news.models import Article
from apps.pipeline import scope
from apps.pipeline.processing import editors_scope, retag_ids
from apps.tagging.labels import record_label
from apps.tagging.models import RelevanceLabel
from tests.events.conftest import admin_save, event_of, ingest

pytestmark = pytest.mark.django_db

# A sports story: out of scope by the codebook, scored far below the threshold, yet it reports an
# ID-TH signing (2 December 2025, Bangkok) that the machine reads as soon as the gate is open.
FOOTBALL_URL = "https://news.example/sport/pssi-fat"
FOOTBALL = {
    "url": FOOTBALL_URL,
    "title": "PSSI and Thai FA sign youth football pact",
    "text": "Indonesia's football association PSSI and the Football Association of Thailand signed a "
    "memorandum of understanding in Bangkok on 2 December 2025 on youth training and referees.",
    "published": "2025-12-03",
    "language": "en",
}


def ingest_football(tmp_path: Path) -> Article:
    path = tmp_path / "football.jsonl"
    path.write_text(json.dumps(FOOTBALL) + "\n", encoding="utf-8")
    call_command("ingest", str(path), "--sync", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return Article.objects.get(url=FOOTBALL_URL)


def retag() -> None:
    out = StringIO()
    call_command("retag", "--all", stdout=out)
    assert ", 0 failed" in out.getvalue()


def labels() -> list[tuple[int, str, bool, str]]:
    return list(
        RelevanceLabel.objects.order_by("id").values_list(
            "article_id", "decision", "in_scope", "user__username"
        )
    )


@pytest.fixture
def football(editor, tmp_path) -> Article:
    article = ingest_football(tmp_path)
    assert article.status == Article.Status.PROCESSED
    assert article.relevance < scope.threshold(), article.relevance_reasons
    assert not EventSource.objects.filter(article=article).exists()
    return article


def test_below_the_threshold_an_article_is_stored_searchable_and_listed_and_in_the_lane(
    football, editor_client, tmp_path
):
    ingest(tmp_path, ["kr-id"])  # in scope: it makes its event and stays out of the lane
    assert list(scope.out_of_scope_lane()) == [football]
    assert football.relevance_reasons and all(r[0] in "+-" for r in football.relevance_reasons)
    assert Event.objects.count() == 1
    assert f'href="/articles/{football.pk}/"' in editor_client.get("/articles/").content.decode()
    found = editor_client.get("/articles/?q=youth football").content.decode()
    assert f'href="/articles/{football.pk}/"' in found
    lane = editor_client.get("/review/?lane=out-of-scope").content.decode()
    assert f'data-article-id="{football.pk}"' in lane and "PSSI and Thai FA sign youth football pact" in lane


def test_promote_builds_the_event_and_retag_keeps_it(
    football, editor, editor_client, django_capture_on_commit_callbacks
):
    score = football.relevance
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = editor_client.post(f"/review/articles/{football.pk}/promote/")
    assert response.status_code == 302 and response["Location"] == "/review/?lane=out-of-scope"
    assert len(queued) == 1 and labels() == [(football.pk, "promote", True, "editor")]
    assert retag_ids([football.pk]) == 1  # what the queued task runs, in a worker

    event = Event.objects.get(sources__article=football)
    assert event.status == Event.Status.PROPOSED and event.kind == "agreement"
    assert sorted(event.parties.values_list("code", flat=True)) == ["ID", "TH"]
    assert (event.date.isoformat(), event.location) == ("2025-12-02", "Bangkok")
    football.refresh_from_db()
    assert football.relevance == pytest.approx(score)  # the score stays the machine's; the editor decided
    assert list(scope.out_of_scope_lane()) == []

    retag()
    retag()
    assert Event.objects.get(sources__article=football) == event
    assert Event.objects.count() == 1
    # Without the editor's label, the machine would hide it again.
    RelevanceLabel.objects.all().delete()
    retag()
    assert not Event.objects.exists()
    assert list(scope.out_of_scope_lane()) == [football]


def test_an_event_rejected_as_out_of_scope_never_comes_back(machine_events, editor_client):
    out, wrong = machine_events["kr-id"], machine_events["vn-id"]
    editor_client.post(f"/review/{out.pk}/", {"action": "reject_out_of_scope"})
    editor_client.post(f"/review/{wrong.pk}/", {"action": "reject"})
    out.refresh_from_db()
    assert out.status == Event.Status.REJECTED
    assert out.history.first().history_change_reason == "rejected by an editor as out of scope"
    retag()
    assert event_of("kr-id") == out and Event.objects.get(pk=out.pk).status == Event.Status.REJECTED
    # Deleting a rejected event leaves nothing for the machine to match (docs/editing.md, Limits): a
    # wrong reading is proposed again, but an article an editor put out of scope makes no event.
    Event.objects.filter(pk__in=[out.pk, wrong.pk]).delete()
    retag()
    assert event_of("vn-id").status == Event.Status.PROPOSED
    assert not EventSource.objects.filter(article__url__contains="/first/kr-id").exists()
    assert Event.objects.count() == len(machine_events) - 1


def test_every_decision_is_kept_as_a_label_naming_the_editor(machine_events, editor_client):
    e = machine_events
    article = {key: EventSource.objects.get(event=event).article_id for key, event in e.items()}
    editor_client.post(f"/review/{e['kr-id'].pk}/", {"action": "confirm"})
    editor_client.post(f"/review/{e['vn-id'].pk}/", {"action": "reject"})
    editor_client.post(f"/review/{e['jp-id'].pk}/", {"action": "reject_out_of_scope"})
    for action, key in (("confirm", "my-kr"), ("reject", "cn-sg"), ("reject_out_of_scope", "in-jp")):
        response = editor_client.post(
            "/admin/events/event/", {"action": action, "_selected_action": [e[key].pk]}
        )
        assert response.status_code == 302
    assert labels() == [
        (article["kr-id"], "confirm", True, "editor"),
        (article["vn-id"], "reject_wrong", True, "editor"),
        (article["jp-id"], "reject_out_of_scope", False, "editor"),
        (article["my-kr"], "confirm", True, "editor"),
        (article["cn-sg"], "reject_wrong", True, "editor"),
        (article["in-jp"], "reject_out_of_scope", False, "editor"),
    ]
    statuses = dict(Event.objects.values_list("pk", "status"))
    assert [statuses[e[k].pk] for k in ("kr-id", "vn-id", "jp-id", "my-kr", "cn-sg", "in-jp")] == [
        "confirmed", "rejected", "rejected", "confirmed", "rejected", "rejected"
    ]  # fmt: skip

    # Changing one's mind is a new label: the latest decides. Rejecting a rejected event again as out of
    # scope changes no status but says something new.
    editor_client.post(f"/review/{e['vn-id'].pk}/", {"action": "reject_out_of_scope"})
    assert labels()[-1] == (article["vn-id"], "reject_out_of_scope", False, "editor")
    assert editors_scope([article["vn-id"], article["kr-id"]]) == {
        article["vn-id"]: False,
        article["kr-id"]: True,
    }
    # The status field of the change form is a decision too.
    RelevanceLabel.objects.all().delete()
    admin_save(editor_client, e["jp-id"], status="confirmed")
    assert labels() == [(article["jp-id"], "confirm", True, "editor")]


def test_editors_scope_reads_each_articles_latest_label_in_one_query(football, editor):
    other = Article.objects.create(url="https://news.example/other", title="Other", text="Text.")
    record_label(football, "promote", editor)
    record_label(football, "reject_out_of_scope", editor)
    record_label(other, "confirm", editor)
    with CaptureQueriesContext(connection) as ctx:
        scope_of = editors_scope([football.pk, other.pk, 999999])
    assert scope_of == {football.pk: False, other.pk: True} and len(ctx) == 1
    assert editors_scope([]) == {}
