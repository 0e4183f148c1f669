"""tag_article on stored articles: tags with evidence, events built or corroborated, history by "tagger"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from apps.actors.models import ActorAlias
from apps.events.building import SYSTEM_USERNAME
from apps.events.models import Event
from apps.news.models import Article
from apps.pipeline.processing import process_article_now, process_articles_now, process_batch
from apps.tagging import gazetteer
from apps.tagging import service as tagging_service
from apps.tagging.matcher import prepare
from apps.tagging.models import ActorCandidate, ArticleCountry
from tests.concurrency import at_once

ID_TEXT = (
    "Kementerian Kebudayaan, Olahraga, dan Pariwisata Korea Selatan dan Kementerian Ekonomi Kreatif "
    "menandatangani nota kesepahaman kerja sama industri kreatif dan kecerdasan buatan (AI) di Jakarta, "
    "Selasa (4/11/2025). Kerja sama ini mencakup pelatihan animator dan pertukaran budaya.\n\n"
    "Korea Selatan dan Indonesia sepakat memperluas kerja sama itu. Yayasan Budaya Nusantara Raya ikut hadir."
)
EN_TEXT = (
    "South Korea's Ministry of Culture, Sports and Tourism and Indonesia's Ministry of Creative Economy "
    "signed a memorandum of understanding on creative industries and artificial intelligence in Jakarta "
    "on Tuesday. The agreement covers training for animators and cultural exchange."
)


def tag_article(article):
    """Tag one article and build its events (the pipeline's batch path, a batch of one)."""
    return process_batch([article])[0]


tag_articles = process_batch


def tag_only(article):
    """Tagging alone, without the event stage."""
    return tagging_service.tag_articles([article])[0]


def _article(url: str, title: str, text: str, published: dt.date, **extra) -> Article:
    when = timezone.make_aware(dt.datetime.combine(published, dt.time(9)))
    return Article.objects.create(url=url, title=title, text=text, published_at=when, **extra)


@pytest.fixture
def signing(reference_data) -> Article:
    return _article(
        "https://example.id/berita/1",
        "Korsel dan Indonesia Teken MoU Industri Kreatif",
        ID_TEXT,
        dt.date(2025, 11, 5),
    )


def test_tag_article_stores_tags_with_offsets_and_marks_parties(signing):
    extraction = tag_only(signing)
    signing.refresh_from_db()
    assert signing.status == Article.Status.PROCESSED
    assert signing.tagged_at is not None
    assert signing.language == "id"
    tags = {t.country_id: t for t in ArticleCountry.objects.filter(article=signing)}
    assert tags["KR"].is_party and tags["ID"].is_party
    start, end = tags["KR"].spans[0]
    assert signing.text[start:end] == "Korea Selatan"
    actor_names = set(signing.actor_tags.values_list("actor__name", flat=True))
    assert "Ministry of Culture, Sports and Tourism" in actor_names
    assert set(signing.topic_tags.values_list("topic_id", flat=True)) >= {"ai", "culture"}
    assert signing.date_tags.filter(value="2025-11-04").exists()
    assert extraction.events[0].kind == "agreement"
    assert not Event.objects.exists()  # tagged only


def test_tag_article_proposes_an_event_recorded_as_changed_by_tagger(signing):
    tag_article(signing)
    event = Event.objects.get()
    assert event.status == Event.Status.PROPOSED
    assert event.kind == "agreement"
    assert event.date == dt.date(2025, 11, 4) and event.date_precision == "day"
    assert event.location == "Jakarta"
    assert sorted(event.parties.values_list("code", flat=True)) == ["ID", "KR"]
    assert list(event.pairs.values_list("a_id", "b_id")) == [("ID", "KR")]
    source = event.sources.get()
    assert source.article == signing
    assert signing.text[source.evidence_start : source.evidence_end] == source.evidence
    assert event.history.earliest().history_user.username == SYSTEM_USERNAME


def test_same_signing_in_indonesian_and_english_is_one_event_with_two_sources(signing):
    tag_article(signing)
    english = _article(
        "https://example.com/news/2",
        "Seoul and Jakarta sign creative industry MoU",
        EN_TEXT,
        dt.date(2025, 11, 5),
    )
    tag_article(english)
    event = Event.objects.get()
    assert set(event.sources.values_list("article__url", flat=True)) == {signing.url, english.url}


def test_retagging_the_same_article_leaves_the_same_rows(signing):
    tag_article(signing)
    first = list(Event.objects.values_list("pk", "kind", "date"))
    tag_article(signing)
    assert list(Event.objects.values_list("pk", "kind", "date")) == first
    assert Event.objects.get().sources.count() == 1


def test_confirmed_event_is_never_changed_only_given_sources(signing):
    tag_article(signing)
    event = Event.objects.get()
    Event.objects.filter(pk=event.pk).update(
        status=Event.Status.CONFIRMED, title="Curated title", location=""
    )
    english = _article(
        "https://example.com/news/3",
        "Seoul and Jakarta sign creative industry MoU",
        EN_TEXT,
        dt.date(2025, 11, 5),
    )
    tag_article(english)
    event.refresh_from_db()
    assert event.title == "Curated title" and event.location == ""
    assert event.sources.count() == 2


def test_unknown_organisations_become_candidates_counted_once_per_article(signing):
    tag_only(signing)
    tag_only(signing)
    candidate = ActorCandidate.objects.get(normalized="yayasan budaya nusantara raya")
    assert candidate.mention_count == 1
    assert candidate.kind == "foundation"
    assert candidate.example_article == signing


def test_editing_an_alias_rebuilds_the_gazetteers(reference_data):
    before = gazetteer.load()
    mcst = before.actors[[a.slug for a in before.actors].index("mcst-korea")]
    assert mcst.slug == "mcst-korea"
    ActorAlias.objects.create(actor_id=mcst.id, name="Kemenbudpar Korea", language="id")
    after = gazetteer.load()
    assert after is not before
    text = "Kemenbudpar Korea menggelar forum budaya."
    hits = after.entities.find(text, prepare(text))
    assert [after.actors[h.payload[1]].slug for h in hits if h.group == "" and h.payload[0] == "a"] == [
        "mcst-korea"
    ]


def _copies(n: int, *, day: int = 5, prefix: str = "batch") -> list[Article]:
    return [
        _article(
            f"https://example.com/{prefix}/{i}",
            f"Seoul and Jakarta sign MoU ({i})",
            EN_TEXT,
            dt.date(2025, 11, day),
        )
        for i in range(n)
    ]


def test_a_batch_gives_the_rows_one_article_at_a_time_gives(signing):
    english = _article(
        "https://example.com/news/4", "Seoul and Jakarta sign MoU", EN_TEXT, dt.date(2025, 11, 5)
    )
    tag_articles([signing, english])
    event = Event.objects.get()
    assert set(event.sources.values_list("article__url", flat=True)) == {signing.url, english.url}
    assert sorted(event.parties.values_list("code", flat=True)) == ["ID", "KR"]
    assert set(event.topics.values_list("slug", flat=True)) >= {"ai", "culture"}
    actors = set(event.actors.values_list("slug", flat=True))
    assert "mcst-korea" in actors
    assert Article.objects.filter(status=Article.Status.PROCESSED, tagged_at__isnull=False).count() == 2
    assert {a.language for a in Article.objects.all()} == {"id", "en"}
    # Re-tagging the batch leaves the same rows.
    tag_articles(list(Article.objects.order_by("pk")))
    assert Event.objects.get().pk == event.pk and event.sources.count() == 2


def test_a_batch_is_tagged_in_a_number_of_queries_that_does_not_grow_with_it(reference_data):
    from django.test.utils import CaptureQueriesContext

    tag_articles(_copies(1))  # the event exists: later reports corroborate it
    counts = []
    for size in (5, 40):
        _copies(size, prefix=f"size-{size}")
        with CaptureQueriesContext(connection) as queries:
            tag_articles(list(Article.objects.filter(tagged_at__isnull=True)))
        counts.append(len(queries))
    assert counts[1] <= counts[0] + 5, counts
    assert Event.objects.count() == 1 and Event.objects.get().sources.count() == 46


def test_a_machine_event_is_created_with_one_history_record_holding_its_parties(signing):
    tag_article(signing)
    event = Event.objects.get()
    records = list(event.history.all())
    assert [r.history_type for r in records] == ["+"]
    assert records[0].history_user.username == SYSTEM_USERNAME
    assert sorted(records[0].parties.values_list("country_id", flat=True)) == ["ID", "KR"]
    assert set(records[0].topics.values_list("topic_id", flat=True)) >= {"ai", "culture"}
    assert list(event.pairs.values_list("a_id", "b_id")) == [("ID", "KR")]
    assert set(event.actors.values_list("slug", flat=True)) >= {"mcst-korea"}


def test_more_reports_raise_confidence_without_burying_the_history(signing):
    tag_article(signing)
    event = Event.objects.get()
    before = event.confidence
    tag_articles(_copies(3))
    event.refresh_from_db()
    assert event.confidence > before and event.sources.count() == 4
    assert event.history.count() == 1  # confidence alone is not an edit to list


def test_a_redelivered_batch_is_split_and_every_article_is_still_tagged_once(reference_data):
    articles = _copies(3)
    assert process_articles_now([a.pk for a in articles], redelivered=True) == ["split"]
    for article in articles:  # what the worker does with each single-article message
        process_article_now(article.pk)
    assert Article.objects.filter(status=Article.Status.PROCESSED).count() == 3
    assert set(Article.objects.values_list("attempts", flat=True)) == {1}  # one single delivery each
    assert Event.objects.get().sources.count() == 3
    assert process_articles_now([a.pk for a in articles]) == []  # all done: nothing to do again

    more = _copies(3, prefix="more")
    Article.objects.filter(pk=more[1].pk).update(attempts=1)  # a single delivery that never finished
    assert process_articles_now([a.pk for a in more]) == ["split"]
    for article in more:
        process_article_now(article.pk)
    assert Article.objects.filter(pk__in=[a.pk for a in more], status=Article.Status.PROCESSED).count() == 3
    assert Article.objects.get(pk=more[1].pk).attempts == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_reporting_the_same_new_event_at_once_leave_one_event():
    from django.core.management import call_command

    call_command("seed", "--reference-only", verbosity=0)
    from apps.events.building import system_user

    gazetteer.load()  # built once, and the tagger user created, before the workers race
    system_user()
    at_once(tag_articles, [_copies(25, prefix=f"worker-{n}") for n in range(4)])
    assert Event.objects.count() == 1
    assert Event.objects.get().sources.count() == 100


def test_one_party_events_are_corroborated_apart_from_the_pairs_of_that_party(signing):
    law = (
        "South Korea passed a law against sexual deepfakes on Tuesday. The National Assembly of South Korea "
        "approved the bill in Seoul on 3 November 2025, criminalising possession of deepfake pornography."
    )
    reports = [
        _article(f"https://example.kr/law/{n}", "South Korea passes deepfake law", law, dt.date(2025, 11, 4))
        for n in range(3)
    ]
    tag_articles([signing, reports[0]])  # KR alone, and KR with ID, in one batch
    tag_articles(reports[1:])  # a later batch finds the one-party event, not the pair's
    law_event = Event.objects.get(kind="regulation")
    assert list(law_event.parties.values_list("code", flat=True)) == ["KR"]
    assert law_event.sources.count() == 3
    assert Event.objects.get(kind="agreement").sources.count() == 1
    assert Event.objects.count() == 2
