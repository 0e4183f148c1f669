"""q= reads stored, indexed vectors, and joins at most SEARCH_MAX_ARTICLES matching articles to events."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.events.models import Event, EventSource
from apps.news.models import Article
from tests.web.builders import ids, make_article, make_event

pytestmark = pytest.mark.django_db


def _event_sourced_by(title: str, article: Article) -> Event:
    event = make_event(title, sources=0)
    EventSource.objects.create(event=event, article=article, evidence="…")
    return event


def _article(text: str, day: int) -> Article:
    article = make_article(title=f"Berita {day}", text=text)
    Article.objects.filter(pk=article.pk).update(published_at=dt.datetime(2025, 1, day, tzinfo=dt.UTC))
    return article


def test_a_common_word_joins_only_the_newest_matching_articles(world, settings, django_assert_num_queries):
    settings.SEARCH_MAX_ARTICLES = 2
    events = [_event_sourced_by(f"Event {day}", _article("Kerja sama budaya.", day)) for day in (1, 2, 3, 4)]
    own = make_event("Forum kerja sama digital", sources=0)  # its own title matches, whatever the limit

    with django_assert_num_queries(1):  # both sides and the limit are subqueries of one statement
        found = set(Event.objects.matching("kerja").values_list("pk", flat=True))

    assert found == {events[3].pk, events[2].pk, own.pk}
    assert Article.objects.matching("kerja").count() == 4  # the limit is the events' join, not the articles'


def test_the_timeline_search_honours_the_limit(world, client, settings):
    settings.SEARCH_MAX_ARTICLES = 1
    old = _event_sourced_by("Older", _article("Kolaborasi kecerdasan buatan.", 1))
    new = _event_sourced_by("Newer", _article("Kolaborasi kecerdasan buatan.", 9))

    shown = ids(client.get("/?q=kolaborasi"))

    assert shown == [new.pk]
    assert old.pk not in shown


def test_the_stored_vectors_follow_every_write(world):
    article = make_article(title="Seminar", text="Pertukaran pelajar.")
    event = _event_sourced_by("Seminar", article)
    assert not Article.objects.matching("gamelan").exists()

    article.text = "Pertunjukan gamelan di Seoul."
    article.save()
    event.location = "Yogyakarta"
    event.save()

    assert list(Article.objects.matching("gamelan")) == [article]
    assert list(Event.objects.matching("gamelan")) == [event]
    assert list(Event.objects.matching("yogyakarta")) == [event]


def test_phrases_and_exclusions_still_work(world):
    both = _event_sourced_by("A", make_article(text="Kerja sama kecerdasan buatan dengan Korea."))
    _event_sourced_by("B", make_article(text="Sama seperti tahun lalu, kerja keras dengan China."))

    assert list(Event.objects.matching('"kerja sama"')) == [both]
    assert list(Event.objects.matching("kerja -korea").values_list("title", flat=True)) == ["B"]


def test_articles_never_load_their_stored_vector(world, django_assert_num_queries):
    article = make_article(text="Teks panjang.")
    loaded = Article.objects.get(pk=article.pk)
    assert "search_vector" in loaded.get_deferred_fields()
    with django_assert_num_queries(1):  # read on demand only
        assert "panjang" in loaded.search_vector
