"""Every failure is visible: the feed-health page and the admin's feed and article actions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from apps.news import polling
from apps.news.models import Article, Feed, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = User.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


def test_feed_health_needs_a_login(client):
    response = client.get("/feeds/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_feed_health_shows_each_feeds_state_and_failures(editor, http_server):
    source = Source.objects.create(name="Local", domain="127.0.0.1")
    broken = Feed.objects.create(url=http_server.url("/broken"), name="Broken feed", source=source)
    http_server.add("/broken", status=500)
    polling.claim_feed(broken.pk)
    polling.poll_feed(broken.pk, sync=True)
    Feed.objects.create(
        url="https://gone.example/rss",
        name="Gone feed",
        source=source,
        retired_reason="feed is gone (HTTP 410)",
    )
    Article.objects.create(
        url="https://x.example/a",
        title="Poison",
        status=Article.Status.FAILED,
        status_reason="NotImplementedError: nope",
    )
    response = editor.get("/feeds/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-feed-id="{broken.pk}" data-failures="1"' in html
    assert "HTTP 500" in html and "Broken feed" in html
    assert "retired" in html and "feed is gone (HTTP 410)" in html
    assert "NotImplementedError: nope" in html


def test_admin_poll_now_polls_the_feed(editor, http_server):
    from .conftest import long_text, rss

    http_server.add(
        "/feed", rss([{"title": "Via admin", "link": http_server.url("/a"), "content": long_text(1)}])
    )
    source = Source.objects.create(name="Local", domain="127.0.0.1")
    feed = Feed.objects.create(url=http_server.url("/feed"), source=source, next_poll_at=timezone.now())
    response = editor.post(
        "/admin/news/feed/", {"action": "poll_now", "_selected_action": [feed.pk]}, follow=True
    )
    assert response.status_code == 200
    # The poll is queued for the workers: the feed is claimed, nothing is stored here.
    assert Feed.objects.get(pk=feed.pk).state == Feed.State.IN_PROGRESS
    assert not Article.objects.filter(title="Via admin").exists()


def test_admin_adds_a_feed_and_finds_its_source(editor):
    form = {"url": "https://www.antaranews.com/rss/terkini.xml", "name": "Antara",
            "poll_interval_minutes": 30,
            "enabled": "on"}  # fmt: skip
    response = editor.post("/admin/news/feed/add/", form)
    assert response.status_code == 302
    assert Feed.objects.get().source.domain == "antaranews.com"
