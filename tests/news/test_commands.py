"""The ingestion commands exactly as docs/contracts.md specifies them."""

from __future__ import annotations

import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.news.models import Article, Feed

from .conftest import FEEDS_DIR, SEEDS_DIR, long_text, rss

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command(*args, stdout=out, stderr=StringIO())
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


@pytest.fixture
def inbox(tmp_path):
    """A directory with one file of every supported kind."""
    shutil.copy(next(SEEDS_DIR.glob("001_*.txt")), tmp_path / "forum.txt")
    shutil.copy(FEEDS_DIR / "qq_tech_gb2312.xml", tmp_path / "qq.xml")
    (tmp_path / "page.html").write_text(
        f"<html><head><title>Museum exchange</title></head><body><article><h1>Museum exchange</h1>"
        f"<p>{long_text(3)}</p></article></body></html>"
    )
    lines = [
        {"url": "https://news.example/j1", "title": "Jsonl one", "text": long_text(4),
         "published": "2025-11-04", "language": "en"},
        {"url": "https://news.example/j2", "title": "Jsonl two", "text": long_text(5)},
    ]  # fmt: skip
    (tmp_path / "batch.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    return tmp_path


def test_ingest_directory_prints_a_line_per_article_and_a_summary(inbox, settings):
    output, error = run("ingest", str(inbox))
    assert error is None, output
    lines = output.strip().splitlines()
    assert sum(line.startswith("created #") for line in lines) == 5
    assert lines[-1] == "summary: 5 created, 0 duplicate, 0 queued, 0 failed"
    assert Article.objects.count() == 5
    forum = Article.objects.get(url__endswith="forum.txt")
    assert forum.title == next(SEEDS_DIR.glob("001_*.txt")).read_text().splitlines()[0].strip()
    assert Article.objects.get(url="https://news.example/j1").published_at.date().isoformat() == "2025-11-04"
    assert Article.objects.get(title="拟298亿元重组盛大游戏后 世纪华通发20亿回购预案")

    again, error = run("ingest", str(inbox))
    assert error is None
    assert again.strip().splitlines()[-1] == "summary: 0 created, 5 duplicate, 0 queued, 0 failed"


def test_ingest_reports_failures_and_exits_non_zero(tmp_path):
    (tmp_path / "bad.jsonl").write_text(
        '{"url": "https://news.example/ok", "title": "Fine", "text": "t"}\nnot json\n'
    )
    output, error = run(
        "ingest", str(tmp_path / "bad.jsonl"), str(tmp_path / "missing.txt"), "file:///etc/passwd"
    )
    assert isinstance(error, CommandError)
    assert "failed" in output and "invalid JSON" in output
    assert "no such file or directory" in output
    assert "only http(s) URLs and local paths" in output
    assert output.strip().splitlines()[-1] == "summary: 1 created, 0 duplicate, 0 queued, 3 failed"


def test_ingest_sync_fetches_a_remote_feed(http_server):
    items = [
        {"title": f"Remote {n}", "link": http_server.url(f"/s/{n}"), "content": long_text(n)}
        for n in range(3)
    ]
    http_server.add("/feed.xml", rss(items), headers={"Content-Type": "application/rss+xml"})
    output, error = run("ingest", http_server.url("/feed.xml"), "--sync")
    # Tagging runs in-process with --sync; its outcome is reported per article (created or failed).
    assert Article.objects.filter(title__startswith="Remote").count() == 3
    assert "summary:" in output


def test_add_feed_registers_feed_and_source_once():
    output, error = run("add_feed", "https://www.korea.net/rss/news.xml", "--name", "Korea.net")
    assert error is None and output.startswith("added feed #")
    feed = Feed.objects.get()
    assert feed.name == "Korea.net" and feed.source.domain == "korea.net"
    output, _ = run("add_feed", "https://www.korea.net/rss/news.xml")
    assert output.startswith("exists feed #") and Feed.objects.count() == 1


def test_add_feed_refuses_non_http_urls():
    _, error = run("add_feed", "file:///etc/passwd")
    assert isinstance(error, CommandError) and "scheme" in str(error)


def test_import_opml_registers_every_feed(tmp_path):
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        '<outline text="A" xmlUrl="https://a.example/rss"/><outline text="B" xmlUrl="https://b.example/atom"/>'
        "</body></opml>"
    )
    output, error = run("import_opml", str(opml))
    assert error is None
    assert output.strip().splitlines()[-1] == "summary: 2 added, 0 existing, 0 failed"
    assert set(Feed.objects.values_list("url", flat=True)) == {
        "https://a.example/rss",
        "https://b.example/atom",
    }


def test_poll_feeds_sync_polls_due_feeds_and_all(http_server):
    items = [
        {"title": f"P{n}", "link": http_server.url(f"/p/{n}"), "content": long_text(n)} for n in range(2)
    ]
    http_server.add("/feed", rss(items))
    run("add_feed", http_server.url("/feed"))
    output, error = run("poll_feeds", "--sync")
    assert error is None and output.startswith("new 2 new")
    assert Article.objects.count() == 2
    output, _ = run("poll_feeds", "--sync")
    assert output.strip() == "polled 0 feed(s)"  # nothing due any more
    output, _ = run("poll_feeds", "--sync", "--all")
    assert output.startswith("unchanged 0 new")


def test_add_feed_refuses_urls_longer_than_the_column():
    _, error = run("add_feed", "https://feeds.example/" + "x" * 3000)
    assert isinstance(error, CommandError) and "longer than 2000" in str(error)
    assert not Feed.objects.exists()
