"""Feed bytes → items. feedparser is given bytes only (never a URL or a path, so it never fetches),
after any DOCTYPE is removed so that no entity is ever expanded and no external DTD is read."""

from __future__ import annotations

import calendar
import re
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from xml.etree.ElementTree import ParseError  # noqa: S405 - only the exception type

import feedparser
from defusedxml import ElementTree as SafeTree

from apps.news.cleaning import clean_text, clean_title, html_to_text

if TYPE_CHECKING:
    from apps.news.fetching import FetchResult

# Below this many characters of text an item is a teaser: the page is fetched for the full text.
FULL_TEXT_MIN_CHARS = 600
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_PROLOG_LIMIT = 65536


class FeedError(ValueError):
    """Bytes that are not a feed at all."""


@dataclass
class FeedItem:
    url: str
    title: str
    text: str
    html: str = ""
    published_at: datetime | None = None
    authors: list[str] = field(default_factory=list)
    guid: str = ""
    language: str = ""

    @property
    def has_full_text(self) -> bool:
        return len(self.text) >= FULL_TEXT_MIN_CHARS


@dataclass
class ParsedFeed:
    title: str
    link: str
    language: str
    items: list[FeedItem]
    total_items: int
    problem: str = ""


def strip_doctype(data: bytes) -> bytes:
    """Remove the DOCTYPE (with any internal subset) from the prolog: entities declared there, such as a
    billion-laughs chain, then never exist, and no external DTD is named."""
    match = _DOCTYPE.search(data, 0, _PROLOG_LIMIT)
    if match is None:
        return data
    start = match.start()
    bracket = data.find(b"[", start, start + 4096)
    close = data.find(b">", start)
    if bracket != -1 and (close == -1 or bracket < close):
        end = data.find(b"]", bracket)
        end = data.find(b">", end) if end != -1 else -1
        if end == -1:
            raise FeedError("unterminated DOCTYPE internal subset")
    else:
        end = close
    if end == -1:
        raise FeedError("unterminated DOCTYPE")
    return data[:start] + data[end + 1 :]


def _when(entry, *names: str) -> datetime | None:
    for name in names:
        with warnings.catch_warnings():
            # feedparser warns about its updated → published fallback, which is what we want here.
            warnings.simplefilter("ignore", DeprecationWarning)
            parsed = entry.get(f"{name}_parsed")
        if parsed:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
            except (OverflowError, ValueError):
                continue
    raw = next((entry.get(name) for name in names if entry.get(name)), None)
    if raw:
        # Non-RFC dates (Portuguese or Italian day names, "Dec 16 2023 02:02:33 PM"): dateparser reads them.
        import dateparser

        value = dateparser.parse(raw[:100], settings={"RETURN_AS_TIMEZONE_AWARE": True, "TIMEZONE": "UTC"})
        if value is not None:
            return value
    return None


def _entry_text(entry) -> tuple[str, str]:
    contents = entry.get("content") or []
    body = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary", "")
    chosen = body if len(body) > len(summary) else summary
    return html_to_text(chosen), chosen


def parse_fetched_feed(result: FetchResult) -> ParsedFeed:
    """The feed in a fetched response: its content type and URL, and the per-fetch item cap."""
    from django.conf import settings

    return parse_feed(
        result.body,
        content_type=result.headers.get("content-type", ""),
        base_url=result.url,
        max_items=settings.INGEST_MAX_ITEMS_PER_FETCH,
    )


def parse_feed(
    data: bytes, *, content_type: str = "", base_url: str = "", max_items: int = 200
) -> ParsedFeed:
    """Items of an RSS 0.9x/1.0/2.0 or Atom document; a malformed feed keeps the items read before the
    fault. At most `max_items` items (the newest first, as feeds list them)."""
    if not isinstance(data, bytes):
        raise TypeError("parse_feed takes the feed's bytes")
    data = strip_doctype(data)
    headers = {"content-type": content_type} if content_type else {}
    if base_url:
        headers["content-location"] = base_url
    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=True, resolve_relative_uris=True)
    if not parsed.entries and not parsed.feed and parsed.get("bozo"):
        raise FeedError(f"not a feed: {parsed.get('bozo_exception')}")
    channel = parsed.feed
    language = (channel.get("language") or "").split("-")[0].lower()[:8]
    items: list[FeedItem] = []
    for entry in parsed.entries[:max_items]:
        link = entry.get("link") or ""
        if not link and str(entry.get("id", "")).startswith("http"):
            link = entry["id"]
        text, raw_html = _entry_text(entry)
        title = clean_title(entry.get("title", "")) or clean_title(text[:200])
        if not (link or text) or not title:
            continue
        authors = [a.get("name", "") for a in entry.get("authors", []) if a.get("name")]
        if not authors and entry.get("author"):
            authors = [entry["author"]]
        items.append(
            FeedItem(
                url=link.strip(),
                title=title,
                text=clean_text(text),
                html=raw_html,
                published_at=_when(entry, "published", "updated", "created"),
                authors=[clean_title(a) for a in authors][:20],
                guid=str(entry.get("id", ""))[:1000],
                language=language,
            )
        )
    fault = parsed.get("bozo_exception") if parsed.get("bozo") else None
    # A missing content type or a corrected charset is not a fault: the items were read correctly.
    benign = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)
    problem = "" if fault is None or isinstance(fault, benign) else str(fault)
    return ParsedFeed(
        title=clean_title(channel.get("title", "")),
        link=channel.get("link", ""),
        language=language,
        items=items,
        total_items=len(parsed.entries),
        problem=problem[:500],
    )


def parse_opml(data: bytes) -> list[tuple[str, str]]:
    """(feed URL, title) for every outline of an OPML file; defusedxml refuses entities and DTDs."""
    try:
        root = SafeTree.fromstring(data)
    except (ParseError, ValueError) as exc:
        raise FeedError(f"not an OPML document: {exc}") from None
    feeds = []
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl") or outline.get("xmlurl")
        if url:
            feeds.append((url.strip(), (outline.get("title") or outline.get("text") or "").strip()))
    return feeds
