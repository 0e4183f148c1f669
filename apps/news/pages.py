"""HTML page → article fields with trafilatura, given decoded and size-capped text (never its own fetcher)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import make_aware

from apps.news.canonical import canonical_from_html
from apps.news.cleaning import clean_text, clean_title

HTML_CHARS_MAX = 3_000_000
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE)
_HTML_LANG = re.compile(r"""<html[^>]*\blang\s*=\s*["']?([a-zA-Z\-_]{2,10})""", re.IGNORECASE)


@dataclass
class Page:
    title: str
    text: str
    published_at: datetime | None = None
    authors: list[str] = field(default_factory=list)
    language_hint: str = ""
    canonical_url: str | None = None


def decode_html(body: bytes, charset: str = "") -> str:
    """Decode with the HTTP charset, else the page's <meta charset>, else UTF-8, else a detector."""
    candidates = [charset] if charset else []
    match = _META_CHARSET.search(body[:4096])
    if match:
        candidates.append(match.group(1).decode("ascii", "ignore"))
    candidates.append("utf-8")
    for name in candidates:
        try:
            return body.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(body[:1_000_000]).best()
    return str(best) if best is not None else body.decode("utf-8", "replace")


def _parse_when(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value[:10])
        if day is None:
            return None
        parsed = datetime(day.year, day.month, day.day)
    return parsed if parsed.tzinfo else make_aware(parsed)


def extract_page(html: str, url: str = "") -> Page | None:
    """Title, main text, date, authors and language hint of a page; None when no article text is found."""
    import trafilatura

    html = html[:HTML_CHARS_MAX]
    document = trafilatura.bare_extraction(
        html, url=url or None, with_metadata=True, include_comments=False, include_tables=False
    )
    if document is None or not (document.text or "").strip():
        return None
    title = clean_title(document.title or "")
    text = clean_text(document.text)
    # trafilatura keeps the page's <h1>; the title is stored on its own.
    first, _, rest = text.partition("\n")
    if title and first.strip() == title:
        text = rest.strip()
    lang = _HTML_LANG.search(html[:5000])
    authors = [clean_title(a) for a in (document.author or "").split(";") if a.strip()]
    return Page(
        title=title,
        text=text,
        published_at=_parse_when(document.date),
        authors=authors[:20],
        language_hint=(document.language or (lang.group(1) if lang else "") or "")[:8],
        canonical_url=canonical_from_html(html, url) if url.startswith("http") else None,
    )
