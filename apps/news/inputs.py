"""What the commands ingest: local files and directories, remote feeds and pages, and feed registration."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import make_aware

from apps.news.canonical import BadURL, canonicalize
from apps.news.feeds import FeedError, parse_feed, parse_fetched_feed
from apps.news.fetching import FetchError, Refused, check_url, fetch
from apps.news.ingest import ArticleInput, Outcome, feed_item_input, source_for, store_articles
from apps.news.models import Feed, url_hash
from apps.news.pages import decode_html, extract_page
from apps.news.polling import FEED_ACCEPT, STORE_CHUNK, fetch_and_store_page

FILE_TYPES = {".txt", ".html", ".htm", ".xml", ".rss", ".atom", ".jsonl"}
FILE_MAX_BYTES = 50 * 1024 * 1024
_FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf", b"<channel")


def add_feed(url: str, *, name: str = "") -> tuple[Feed, bool]:
    """Register a feed (and its publisher); an already registered URL is returned as it is."""
    check_url(url)
    if len(url) > Feed._meta.get_field("url").max_length:
        raise Refused(f"refused: feed URL longer than {Feed._meta.get_field('url').max_length} characters")
    existing = Feed.objects.filter(url_hash=url_hash(url)).first()
    if existing:
        return existing, False
    source = source_for(url, name=name)
    feed, created = Feed.objects.get_or_create(
        url_hash=url_hash(url), defaults={"url": url, "name": name[:255], "source": source}
    )
    return feed, created


def files_under(path: Path) -> list[Path]:
    """The ingestible files of a directory (recursively, sorted) or the file itself."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FILE_TYPES)
    return [path]


def looks_like_feed(body: bytes, content_type: str = "") -> bool:
    head = body[:2048].lower()
    return any(marker in head for marker in _FEED_MARKERS) or any(
        kind in content_type for kind in ("rss", "atom", "rdf")
    )


def store_in_chunks(entries: Iterable[ArticleInput | Outcome], *, enqueue: bool) -> Iterator[Outcome]:
    """One outcome per entry, in order: the inputs are stored STORE_CHUNK entries at a time (a few
    queries per chunk); an outcome already known (a bad line, an unreadable file) keeps its place."""
    chunk: list[ArticleInput | Outcome] = []
    for entry in entries:
        chunk.append(entry)
        if len(chunk) == STORE_CHUNK:
            yield from _store_entries(chunk, enqueue=enqueue)
            chunk = []
    yield from _store_entries(chunk, enqueue=enqueue)


def _store_entries(chunk: list[ArticleInput | Outcome], *, enqueue: bool) -> Iterator[Outcome]:
    stored = iter(store_articles([e for e in chunk if isinstance(e, ArticleInput)], enqueue=enqueue))
    for entry in chunk:
        yield entry if isinstance(entry, Outcome) else next(stored)


def read_file(path: Path) -> Iterator[ArticleInput | Outcome]:
    """The articles of a file to store (a feed or .jsonl file holds many), or why it cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in FILE_TYPES:
        yield Outcome("failed", str(path), reason=f"unsupported file type {suffix or '(none)'}")
        return
    if path.stat().st_size > FILE_MAX_BYTES:
        yield Outcome("failed", str(path), reason=f"file larger than {FILE_MAX_BYTES} bytes")
        return
    body = path.read_bytes()
    file_url = path.resolve().as_uri()
    if suffix == ".txt":
        text = decode_html(body)
        title, _, rest = text.lstrip("\ufeff").partition("\n")
        yield ArticleInput(url=file_url, title=title, text=rest)
    elif suffix in {".html", ".htm"}:
        page = extract_page(decode_html(body), "")
        if page is None:
            yield Outcome("failed", file_url, reason="no article text found in the page")
            return
        data = ArticleInput(
            url=file_url, title=page.title or path.stem, text=page.text, published_at=page.published_at,
            authors=page.authors, language_hint=page.language_hint,
        )  # fmt: skip
        yield data
    elif suffix == ".jsonl":
        yield from _jsonl_entries(body, file_url)
    else:
        try:
            parsed = parse_feed(body, max_items=10**6)
        except FeedError as exc:
            yield Outcome("failed", file_url, reason=str(exc))
            return
        for item in parsed.items:
            yield feed_item_input(item, None)


def _when(value) -> object:
    if not value or not isinstance(value, str):
        return None
    parsed = parse_datetime(value)
    if parsed is None and (day := parse_date(value[:10])):
        parsed = parse_datetime(f"{day.isoformat()}T00:00:00")
    if parsed is not None and parsed.tzinfo is None:
        parsed = make_aware(parsed)
    return parsed


def _jsonl_entries(body: bytes, file_url: str) -> Iterator[ArticleInput | Outcome]:
    for number, line in enumerate(body.decode("utf-8", "replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("not an object")
        except ValueError as exc:
            yield Outcome("failed", f"{file_url}#line={number}", reason=f"invalid JSON: {exc}")
            continue
        authors = record.get("authors")
        data = ArticleInput(
            url=str(record.get("url") or f"{file_url}#line={number}"),
            title=str(record.get("title") or ""),
            text=str(record.get("text") or ""),
            published_at=_when(record.get("published")),
            language=str(record.get("language") or ""),
            authors=[str(a) for a in authors if a] if isinstance(authors, list) else [],
        )  # fmt: skip
        yield data


def ingest_remote(url: str, *, enqueue: bool) -> Iterator[Outcome]:
    """An http(s) URL: a feed (every item stored; teasers get their page) or a single article page."""
    return store_in_chunks(_remote_entries(url, enqueue=enqueue), enqueue=enqueue)


def _remote_entries(url: str, *, enqueue: bool) -> Iterator[ArticleInput | Outcome]:
    """What a remote URL holds to store; a teaser's page is fetched and stored as it comes."""
    try:
        canonicalize(url)
        result = fetch(url, accept=FEED_ACCEPT + ", text/html;q=0.8")
    except (BadURL, FetchError) as exc:
        yield Outcome("failed", url[:200], reason=getattr(exc, "reason", str(exc)))
        return
    if not result.ok:
        yield Outcome("failed", url, reason=f"HTTP {result.status}")
        return
    if not looks_like_feed(result.body, result.content_type):
        page = extract_page(decode_html(result.body, result.charset), result.url)
        if page is None:
            yield Outcome("failed", url, reason="no article text found on the page")
            return
        data = ArticleInput(
            url=page.canonical_url or result.url, title=page.title, text=page.text,
            published_at=page.published_at, authors=page.authors, language_hint=page.language_hint,
        )  # fmt: skip
        yield data
        return
    try:
        parsed = parse_fetched_feed(result)
    except FeedError as exc:
        yield Outcome("failed", url, reason=str(exc))
        return
    for item in parsed.items:
        data = feed_item_input(item, None)
        if item.has_full_text or not item.url.startswith("http"):
            yield data
        else:
            yield fetch_and_store_page(item.url, fallback=data, enqueue=enqueue)
