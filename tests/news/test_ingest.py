"""Storing articles: upserts on the canonical URL, cleaning, duplicates grouped, hand-off on commit."""

from __future__ import annotations

import pytest

from apps.news import ingest
from apps.news.ingest import ArticleInput, store_article, store_articles
from apps.news.models import Article, ArticleBand
from tests.concurrency import at_once

from .conftest import SEEDS_DIR, long_text

pytestmark = pytest.mark.django_db


def seed(name: str) -> tuple[str, str]:
    path = next(SEEDS_DIR.glob(f"{name}_*.txt"))
    title, _, body = path.read_text().partition("\n")
    return title, body


def test_storing_twice_leaves_one_row_keyed_by_canonical_url():
    first = store_article(
        ArticleInput("https://news.example/a?utm_source=rss", "Title", long_text(1)), enqueue=False
    )
    again = store_article(
        ArticleInput("https://NEWS.example/a#comments", "Title", long_text(1)), enqueue=False
    )
    assert first.status == "created" and again.status == "duplicate"
    assert again.article_id == first.article_id
    assert Article.objects.get().url == "https://news.example/a"


def test_very_long_url_is_stored_under_its_hash():
    url = "https://news.example/" + "x" * 5000
    outcome = store_article(ArticleInput(url, "Long", "text"), enqueue=False)
    article = Article.objects.get(pk=outcome.article_id)
    assert article.url == url and len(article.url_hash) == 64


def test_nul_bytes_surrogates_and_huge_titles_are_cleaned():
    outcome = store_article(
        ArticleInput(
            "https://news.example/dirty", "Bad\x00 title \ud800 " + "word " * 2500, "body\x00 text \udfff end"
        ),
        enqueue=False,
    )
    article = Article.objects.get(pk=outcome.article_id)
    assert "\x00" not in article.title and "\x00" not in article.text
    assert "\ud800" not in article.title and "\udfff" not in article.text
    assert len(article.title) <= 1000 and article.title.endswith("…")


def test_input_without_title_or_with_bad_url_fails_with_a_reason():
    assert (
        store_article(ArticleInput("https://news.example/x", "  ", "text"), enqueue=False).reason
        == "no title"
    )
    outcome = store_article(ArticleInput("javascript:alert(1)", "Title", "text"), enqueue=False)
    assert outcome.status == "failed" and "scheme" in outcome.reason
    assert not Article.objects.exists()


def test_stored_html_is_sanitised():
    html = '<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:evil()">l</a><b>b</b></p>'
    outcome = store_article(ArticleInput("https://news.example/h", "T", "Hi", html=html), enqueue=False)
    stored = Article.objects.get(pk=outcome.article_id).html
    assert "<script" not in stored and "onclick" not in stored and "javascript:" not in stored
    assert "<b>b</b>" in stored


def test_syndicated_copy_joins_the_first_copy_group():
    title, body = seed("001")
    original = store_article(ArticleInput("https://korea.net/story", title, body), enqueue=False)
    edited = body.replace("Singapura", "Singapore")[:-200] + " Baca juga berita lainnya di situs kami."
    copy = store_article(ArticleInput("https://other-site.example/copy", title, edited), enqueue=False)
    other_title, other_body = seed("002")
    unrelated = store_article(ArticleInput("https://third.example/x", other_title, other_body), enqueue=False)
    assert copy.status == "created" and copy.reason == f"copy of #{original.article_id}"
    assert Article.objects.get(pk=copy.article_id).duplicate_of_id == original.article_id
    assert Article.objects.get(pk=unrelated.article_id).duplicate_of_id is None
    assert ArticleBand.objects.filter(article_id=original.article_id).count() == 16


def test_exact_copy_under_another_url_is_grouped():
    title, body = seed("003")
    first = store_article(ArticleInput("https://a.example/1", title, body), enqueue=False)
    second = store_article(ArticleInput("https://b.example/2", title, body), enqueue=False)
    assert Article.objects.get(pk=second.article_id).duplicate_of_id == first.article_id


def test_language_is_detected_offline():
    title, body = seed("004")
    indonesian = store_article(ArticleInput("https://x.example/id", title, body), enqueue=False)
    korean = store_article(
        ArticleInput(
            "https://x.example/ko",
            "한국과 인도네시아 문화 협력",
            "한국과 인도네시아는 문화 협력 협정을 체결했다. " * 5,
        ),
        enqueue=False,
    )
    stated = store_article(
        ArticleInput("https://x.example/ms", "Tajuk", "teks", language="ms"), enqueue=False
    )
    assert Article.objects.get(pk=indonesian.article_id).language == "id"
    assert Article.objects.get(pk=korean.article_id).language == "ko"
    assert Article.objects.get(pk=stated.article_id).language == "ms"


def test_tagging_is_queued_only_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = store_article(ArticleInput("https://x.example/queued", "T", long_text(5)))
        assert len(callbacks) == 0  # nothing is queued before the commit
    assert len(callbacks) == 1
    Article.objects.filter(pk=first.article_id).update(attempts=1)  # its tagging has started
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        store_article(ArticleInput("https://x.example/queued", "T", long_text(5)))  # duplicate: no task
    assert len(callbacks) == 0


@pytest.mark.django_db(transaction=True)
def test_two_writers_storing_the_same_article_at_once_leave_one_row():
    outcomes = at_once(
        lambda _: store_article(ArticleInput("https://race.example/a", "Race", long_text(9)), enqueue=False),
        list(range(8)),
    )
    assert Article.objects.count() == 1
    assert sorted(o.status for o in outcomes) == ["created"] + ["duplicate"] * 7
    assert {o.article_id for o in outcomes} == {Article.objects.get().pk}


def test_a_redelivered_batch_requeues_only_articles_whose_tagging_never_started(
    django_capture_on_commit_callbacks,
):
    never = store_article(
        ArticleInput("https://x.example/never", "Never started", long_text(11)), enqueue=False
    )
    started = store_article(
        ArticleInput("https://x.example/started", "Started", long_text(12)), enqueue=False
    )
    Article.objects.filter(pk=started.article_id).update(attempts=1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert (
            store_article(ArticleInput("https://x.example/never", "Never started", long_text(11))).status
            == "duplicate"
        )
        assert (
            store_article(ArticleInput("https://x.example/started", "Started", long_text(12))).status
            == "duplicate"
        )
    assert len(callbacks) == 1
    assert never.article_id != started.article_id


def test_lost_articles_are_found_by_age_status_and_attempts(django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from apps.pipeline.processing import requeue_lost_articles

    old = timezone.now() - timedelta(hours=2)
    inputs = [ArticleInput(f"https://x.example/l{n}", f"Lost {n}", long_text(20 + n)) for n in range(5)]
    ids = [store_article(data, enqueue=False).article_id for data in inputs]
    Article.objects.filter(pk__in=ids).update(updated_at=old)
    Article.objects.filter(pk=ids[1]).update(attempts=2)  # a delivery started: not lost
    Article.objects.filter(pk=ids[2]).update(status=Article.Status.PROCESSED)
    Article.objects.filter(pk=ids[3]).update(updated_at=timezone.now())  # recent: maybe still queued
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert requeue_lost_articles(older_than=3600, limit=1) == 1  # a bounded batch: the oldest first
        assert requeue_lost_articles(older_than=3600, limit=1) == 1
        # Both are queued again, and touched: the next sweeps leave them alone for as long again.
        assert requeue_lost_articles(older_than=3600) == 0
    assert len(callbacks) == 2
    assert requeue_lost_articles(older_than=0) == 3


@pytest.mark.django_db(transaction=True)
def test_the_lost_work_sweep_skips_articles_a_batch_is_processing():
    import threading
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from apps.pipeline.processing import requeue_lost_articles
    from tests.workers import purge_broker

    inputs = [ArticleInput(f"https://x.example/b{n}", f"Busy {n}", long_text(40 + n)) for n in range(2)]
    busy, idle = [store_article(data, enqueue=False).article_id for data in inputs]
    Article.objects.update(updated_at=timezone.now() - timedelta(hours=1))
    locked, release = threading.Event(), threading.Event()

    def batch_in_progress() -> None:  # what process_articles_now holds while it tags
        with transaction.atomic():
            list(Article.objects.select_for_update().filter(pk=busy))
            locked.set()
            release.wait(30)
        connection.close()

    thread = threading.Thread(target=batch_in_progress)
    thread.start()
    try:
        assert locked.wait(30)
        assert requeue_lost_articles(older_than=60) == 1
        assert Article.objects.get(pk=idle).updated_at > timezone.now() - timedelta(minutes=1)
        assert Article.objects.get(pk=busy).updated_at < timezone.now() - timedelta(minutes=30)
    finally:
        release.set()
        thread.join()
        purge_broker()


# --- a chunk at a time --------------------------------------------------------------------------


def chunk(prefix: str, count: int, first: int = 100) -> list[ArticleInput]:
    return [
        ArticleInput(f"https://chunk.example/{prefix}{n}", f"Chunk {prefix}{n}", long_text(first + n))
        for n in range(count)
    ]


def test_a_chunk_of_50_is_stored_in_a_few_queries_whatever_its_size(django_assert_max_num_queries):
    # URLs, source (created here), content hashes, bands, the inserts: the same few for 50 as for 1.
    with django_assert_max_num_queries(12):
        outcomes = store_articles(chunk("a", 50), enqueue=False)
    assert [o.status for o in outcomes] == ["created"] * 50
    assert Article.objects.count() == 50 and ArticleBand.objects.count() == 50 * 16
    assert [o.article_id for o in outcomes] == [
        Article.objects.get(url=f"https://chunk.example/a{n}").pk for n in range(50)
    ]
    with django_assert_max_num_queries(1):
        again = store_articles(chunk("a", 50), enqueue=False)
    assert [(o.status, o.article_id) for o in again] == [("duplicate", o.article_id) for o in outcomes]


def test_copies_within_a_chunk_join_the_first_copy_group():
    title, body = seed("001")
    edited = body.replace("Singapura", "Singapore")[:-200] + " Baca juga berita lainnya di situs kami."
    other_title, other_body = seed("002")
    outcomes = store_articles(
        [
            ArticleInput("https://korea.net/story", title, body),
            ArticleInput("https://other-site.example/copy", title, edited),  # near-duplicate
            ArticleInput("https://third.example/x", other_title, other_body),
            ArticleInput("https://fourth.example/same", title, body),  # exact copy
            ArticleInput("https://fifth.example/copy-of-copy", title, edited),  # exact copy of the copy
        ],
        enqueue=False,
    )
    original = outcomes[0].article_id
    assert [o.status for o in outcomes] == ["created"] * 5
    assert [o.reason for o in outcomes] == ["", f"copy of #{original}", "", f"copy of #{original}",
                                            f"copy of #{original}"]  # fmt: skip
    groups = dict(Article.objects.values_list("id", "duplicate_of_id"))
    assert [groups[o.article_id] for o in outcomes] == [None, original, None, original, original]


def test_copies_in_a_chunk_of_a_stored_article_join_its_group():
    title, body = seed("001")
    original = store_article(ArticleInput("https://korea.net/story", title, body), enqueue=False)
    edited = body.replace("Singapura", "Singapore")[:-200] + " Baca juga berita lainnya di situs kami."
    copies = [ArticleInput(f"https://{site}.example/copy", title, edited) for site in ("a", "b")]
    outcomes = store_articles(copies, enqueue=False)
    assert [o.reason for o in outcomes] == [f"copy of #{original.article_id}"] * 2


def test_the_same_url_twice_in_a_chunk_is_stored_once():
    outcomes = store_articles(
        [
            ArticleInput("https://news.example/twice?utm_source=rss", "Twice", long_text(30)),
            ArticleInput("https://news.example/twice#top", "Twice again", long_text(31)),
        ],
        enqueue=False,
    )
    assert [o.status for o in outcomes] == ["created", "duplicate"]
    assert outcomes[1].article_id == outcomes[0].article_id == Article.objects.get().pk
    assert outcomes[1].url == "https://news.example/twice"


def test_failures_in_a_chunk_fail_only_those_inputs():
    outcomes = store_articles(
        [
            ArticleInput("https://news.example/ok1", "Fine", long_text(40)),
            ArticleInput("javascript:alert(1)", "Title", "text"),
            ArticleInput("https://news.example/untitled", "  ", "text"),
            ArticleInput("https://news.example/ok2", "Fine too", long_text(41)),
        ],
        enqueue=False,
    )
    assert [o.status for o in outcomes] == ["created", "failed", "failed", "created"]
    assert "scheme" in outcomes[1].reason and outcomes[2].reason == "no title"
    assert set(Article.objects.values_list("url", flat=True)) == {
        "https://news.example/ok1",
        "https://news.example/ok2",
    }


def test_a_chunk_queues_its_new_and_never_started_articles_in_one_batch_on_commit(
    django_capture_on_commit_callbacks, monkeypatch
):
    queued: list[list[int]] = []
    monkeypatch.setattr(ingest, "enqueue_processing", lambda ids: queued.append(sorted(ids)))
    stored = store_articles(chunk("q", 3), enqueue=False)
    Article.objects.filter(pk=stored[1].article_id).update(attempts=1)  # its tagging has started
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        outcomes = store_articles(chunk("q", 5))
        assert queued == []  # nothing is queued before the commit
    assert len(callbacks) == 1
    assert [o.status for o in outcomes] == ["duplicate"] * 3 + ["created"] * 2
    expected = [stored[0].article_id, stored[2].article_id, outcomes[3].article_id, outcomes[4].article_id]
    assert queued == [sorted(expected)]

    Article.objects.update(attempts=1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        store_articles(chunk("q", 5))  # only duplicates whose tagging started
        store_articles(chunk("r", 5), enqueue=False)
    assert callbacks == [] and len(queued) == 1


@pytest.mark.django_db(transaction=True)
def test_writers_storing_the_same_chunk_at_once_leave_one_row_per_url():
    inputs = chunk("race", 30)
    results = at_once(lambda _: store_articles(inputs, enqueue=False), list(range(4)))
    assert len(results) == 4
    assert Article.objects.count() == 30
    ids = {a.url: a.pk for a in Article.objects.all()}
    for outcomes in results:
        assert {o.status for o in outcomes} <= {"created", "duplicate"}
        assert [o.article_id for o in outcomes] == [ids[d.url] for d in inputs]
    assert sum(o.status == "created" for outcomes in results for o in outcomes) == 30
