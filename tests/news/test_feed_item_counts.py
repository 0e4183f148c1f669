"""Feed items that cannot be stored as offered are counted on the feed and shown in feed health:
items dropped for a link that is no usable URL, teasers whose page is fetched, and teaser pages that
could not be read."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from apps.news import polling
from apps.news.models import Article, Feed, Source
from apps.news.tasks import poll_feed
from tests.workers import wait_for

from .conftest import long_text, rss

BAD_LINKS = ["mailto:desk@example.org", "ftp://files.example.org/story.txt", "javascript:alert(1)"]


def make_feed(url: str) -> Feed:
    source, _ = Source.objects.get_or_create(domain="127.0.0.1", defaults={"name": "Local"})
    return Feed.objects.create(url=url, name="Counted feed", source=source)


def poll(feed: Feed) -> polling.PollResult:
    assert polling.claim_feed(feed.pk)
    result = polling.poll_feed(feed.pk, sync=True)
    feed.refresh_from_db()
    return result


def with_bad_links(server, good: int, start: int = 0) -> bytes:
    items = [{"title": f"Story {n}", "link": server.url(f"/story/{n}"), "content": long_text(n)}
             for n in range(start, start + good)]  # fmt: skip
    items += [
        {"title": f"Bad {n}", "link": link, "content": long_text(100 + n)} for n, link in enumerate(BAD_LINKS)
    ]
    return rss(items)


@pytest.mark.django_db
def test_items_with_unusable_links_are_counted_on_the_feed(http_server):
    http_server.add("/feed", with_bad_links(http_server, good=2))
    feed = make_feed(http_server.url("/feed"))
    result = poll(feed)
    assert (result.new_items, result.bad_links) == (2, 3)
    assert Article.objects.count() == 2
    assert (feed.items_total, feed.items_bad_link) == (2, 3)
    # The feed changes and still offers them: each poll that reads them counts them again.
    http_server.add("/feed", with_bad_links(http_server, good=3))
    assert poll(feed).bad_links == 3
    assert (feed.items_total, feed.items_bad_link) == (3, 6)


@pytest.mark.django_db
def test_teasers_and_their_unreadable_pages_are_counted(http_server, refused_server):
    page = f"""<html lang="en"><head><title>Readable story</title></head><body><article>
    <h1>Readable story</h1><p>{long_text(1)}</p><p>{long_text(2)}</p></article></body></html>"""
    http_server.add("/readable", page, headers={"Content-Type": "text/html; charset=utf-8"})
    refused_server.add("/private", page, headers={"Content-Type": "text/html; charset=utf-8"})
    http_server.add("/feed", rss([
        {"title": "Readable story", "link": http_server.url("/readable"), "description": "Teaser one."},
        {"title": "Missing page", "link": http_server.url("/missing"), "description": "Teaser two."},
        {"title": "Private page", "link": refused_server.url("/private"), "description": "Teaser three."},
    ]))  # fmt: skip
    feed = make_feed(http_server.url("/feed"))
    result = poll(feed)
    assert result.teasers == 3
    # The readable page is stored whole, the missing one from its summary; the refused one not at all.
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Missing page", "Readable story"]
    assert refused_server.requests == []
    assert (feed.items_teaser, feed.items_teaser_unreadable, feed.items_bad_link) == (3, 2, 0)


@pytest.mark.worker
def test_a_worker_counts_the_teaser_page_it_could_not_read(workers, http_server):
    http_server.add("/feed", rss([
        {"title": "Missing page", "link": http_server.url("/missing"), "description": "Only a teaser."},
    ]))  # fmt: skip
    feed = make_feed(http_server.url("/feed"))
    workers("w1")
    assert polling.claim_feed(feed.pk)
    poll_feed.delay(feed.pk)
    wait_for(
        lambda: Article.objects.filter(title="Missing page").exists(), timeout=60, message="summary stored"
    )
    wait_for(
        lambda: Feed.objects.filter(pk=feed.pk, items_teaser=1, items_teaser_unreadable=1).exists(),
        timeout=30,
        message="teaser counted as unreadable",
    )
    assert Article.objects.get().text == "Only a teaser."


@pytest.mark.django_db
def test_feed_health_shows_the_counts(client, http_server):
    client.force_login(User.objects.create_superuser("editor", "editor@example.org", "pw"))
    http_server.add("/feed", with_bad_links(http_server, good=1))
    feed = make_feed(http_server.url("/feed"))
    poll(feed)
    Feed.objects.filter(pk=feed.pk).update(items_teaser=4, items_teaser_unreadable=1)
    html = client.get("/feeds/").content.decode()
    assert 'data-bad-links="3"' in html
    assert 'data-teasers="4" data-teasers-unreadable="1"' in html
    admin_html = client.get(f"/admin/news/feed/{feed.pk}/change/").content.decode()
    assert "Items dropped because their link is not a usable URL." in admin_html
