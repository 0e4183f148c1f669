"""The out-of-scope lane of the review queue: articles the relevance stage kept out of event building,
newest first, for editors only, each with a Promote button; its query pinned."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.news.models import Article
from apps.pipeline import scope
from apps.tagging.labels import record_label
from apps.tagging.models import RelevanceLabel
from tests.web.builders import make_article, make_event

pytestmark = pytest.mark.django_db

LANE = "/review/?lane=out-of-scope"
REASONS = [
    "- sports vocabulary in the headline",
    "- no AI/culture subject in the headline or lead",
    "+ countries in the headline",
    "- only companies",
]


def read(title: str, score: float | None, *, day: int = 1, status: str = "processed", **kwargs) -> Article:
    """An article as the relevance stage left it (score and reasons), published on 2025-11-`day`."""
    article = make_article(title, publisher=kwargs.pop("publisher", "Kompas"))
    Article.objects.filter(pk=article.pk).update(
        status=status,
        relevance=score,
        relevance_reasons=REASONS if score is not None else None,
        tagged_at=dt.datetime(2025, 11, 20, tzinfo=dt.UTC) if status == "processed" else None,
        published_at=dt.datetime(2025, 11, day, 8, tzinfo=dt.UTC),
    )
    article.refresh_from_db()
    return article


@pytest.fixture
def editor(db) -> User:
    user = User.objects.create_user("editor", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_event"))
    return user


@pytest.fixture
def articles(world) -> dict[str, Article]:
    threshold = scope.threshold()
    made = {
        "old": read("Old transfer story", 0.05, day=2),
        "new": read("New match report", 0.2, day=9, publisher="Antara"),
        "in_scope": read("AI pact signed", max(threshold, 0.9), day=5),
        "pending": read("Not read yet", 0.1, day=6, status="pending"),
        "unscored": read("Read before the relevance stage", None, day=7),
    }
    # Below the threshold but the source of an event (promoted before, or an editor's source): not listed.
    made["with_event"] = read("Low score with an event", 0.1, day=8)
    event = make_event("An event", sources=0)
    event.sources.create(article=made["with_event"], evidence="")
    return made


def lane_ids(html: str) -> list[int]:
    return [
        int(pk) for pk in re.findall(r'class="card shadow-sm mb-2 scope-item" data-article-id="(\d+)"', html)
    ]


def test_the_lane_lists_processed_articles_below_the_threshold_without_an_event_newest_first(
    client, editor, articles
):
    client.force_login(editor)
    html = client.get(LANE).content.decode()
    assert lane_ids(html) == [articles["new"].pk, articles["old"].pk]
    assert f'href="/articles/{articles["new"].pk}/"' in html and "New match report" in html
    assert "Antara" in html and "2025-11-09" in html
    assert '<span class="relevance-score">0.20</span>' in html
    # The top three reasons, not the fourth.
    assert "sports vocabulary in the headline" in html and "only companies" not in html
    assert f'action="/review/articles/{articles["new"].pk}/promote/"' in html
    assert "csrfmiddlewaretoken" in html
    assert '<span class="badge text-bg-secondary out-of-scope-count">2</span>' in html
    # The proposed lane counts the out-of-scope articles in its tab too.
    assert (
        '<span class="badge text-bg-secondary out-of-scope-count">2</span>'
        in client.get("/review/").content.decode()
    )


def test_the_lane_is_for_editors_only(client, articles):
    viewer = User.objects.create_user("viewer", password="pw", is_staff=True)
    assert client.get(LANE).status_code in (302, 403)
    client.force_login(viewer)
    assert client.get(LANE).status_code == 403
    assert client.post(f"/review/articles/{articles['old'].pk}/promote/").status_code == 403
    assert not RelevanceLabel.objects.exists()


def test_a_bad_lane_answers_400_and_promote_wants_post(client, editor, articles):
    client.force_login(editor)
    assert client.get("/review/?lane=rejected").status_code == 400
    assert client.get(f"/review/articles/{articles['old'].pk}/promote/").status_code == 405
    assert client.post("/review/articles/999999/promote/").status_code == 404


def test_promote_keeps_the_label_with_the_editor_and_queues_the_article_once_committed(
    client, editor, articles, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    old = articles["old"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(f"/review/articles/{old.pk}/promote/", {"next": LANE})
    assert response.status_code == 302 and response["Location"] == LANE
    label = RelevanceLabel.objects.get(article=old)
    assert (label.decision, label.in_scope, label.user) == ("promote", True, editor)
    assert len(callbacks) == 1  # the worker's re-read, sent when the label is committed
    # Until the worker has read it again, the lane says so instead of offering the button again.
    html = client.get(LANE).content.decode()
    assert "Promoted by editor: a worker is building its event" in html
    assert f'action="/review/articles/{old.pk}/promote/"' not in html
    # Read again and still no event (the machine found none): the lane says that, with the way out.
    Article.objects.filter(pk=old.pk).update(tagged_at=label.created_at + dt.timedelta(seconds=1))
    html = client.get(LANE).content.decode()
    assert "Promoted by editor, but the machine found no event in it" in html
    assert 'href="/admin/events/event/add/"' in html


def test_an_article_an_editor_ruled_out_shows_the_decision_and_can_still_be_promoted(
    client, editor, articles
):
    client.force_login(editor)
    record_label(articles["new"], "reject_out_of_scope", editor)
    html = client.get(LANE).content.decode()
    assert "Rejected as out of scope (editor)" in html
    assert f'action="/review/articles/{articles["new"].pk}/promote/"' in html


def test_the_lane_count_is_capped(client, editor, articles, monkeypatch):
    monkeypatch.setattr(scope, "LANE_MAX", 1)
    client.force_login(editor)
    html = client.get(LANE).content.decode()
    assert '<span class="badge text-bg-secondary out-of-scope-count">1+</span>' in html
    assert lane_ids(html) == [articles["new"].pk]


def test_a_page_of_the_lane_is_two_queries_whatever_its_size(editor, articles):
    def page_queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            rows = list(scope.out_of_scope_lane()[:20])
            for article in rows:
                _ = (article.source.name, list(article.relevance_labels.all()))
                _ = [label.user for label in article.relevance_labels.all()]
        return len(rows), len(ctx)

    assert page_queries() == (2, 2)
    for i in range(30):
        article = read(f"Story {i}", 0.1, day=1 + i % 28, publisher=f"Paper {i}")
        record_label(article, "reject_out_of_scope", editor)
    assert page_queries() == (20, 2)


def test_the_lane_speaks_indonesian(client, editor, articles):
    client.force_login(editor)
    record_label(articles["old"], "reject_out_of_scope", editor)
    html = client.get(LANE, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Di luar cakupan (di bawah ambang relevansi)" in html and "Peristiwa yang diusulkan" in html
    assert "Masukkan ke cakupan" in html and "Ditolak karena di luar cakupan (editor)" in html
    make_event("Proposed", status="proposed")
    queue = client.get("/review/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Tolak (salah baca)" in queue and "Tolak karena di luar cakupan" in queue
