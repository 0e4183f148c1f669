"""Text hygiene for untrusted input: what may reach the database and the templates."""

from __future__ import annotations

import html
import re
import unicodedata

import nh3

TITLE_MAX = 1000
TEXT_MAX = 1_000_000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")

# Tags kept in stored article HTML; everything else (scripts, styles, handlers, iframes) is dropped.
SAFE_TAGS = {
    "p", "br", "a", "b", "strong", "i", "em", "ul", "ol", "li", "blockquote", "h2", "h3", "h4",
    "figure", "figcaption", "table", "thead", "tbody", "tr", "td", "th", "q", "cite", "span",
}  # fmt: skip


def clean_text(value: str | None, *, limit: int = TEXT_MAX) -> str:
    """No NUL or control characters, no lone surrogates, NFC, tidy whitespace, at most `limit` chars."""
    if not value:
        return ""
    value = _SURROGATE.sub("\ufffd", value)
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    value = _CONTROL.sub("", value)
    lines = [_SPACES.sub(" ", line).strip() for line in value.split("\n")]
    value = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return value[:limit]


def clean_title(value: str | None) -> str:
    """One line; titles longer than the column are cut at a word with an ellipsis."""
    value = clean_text(html_to_text(value or "") if "<" in (value or "") else html.unescape(value or ""))
    value = " ".join(value.split())
    if len(value) > TITLE_MAX:
        value = value[: TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"
    return value


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed summary), paragraphs kept as blank lines."""
    if not fragment:
        return ""
    fragment = _SURROGATE.sub("\ufffd", fragment).replace("\x00", "")
    fragment = re.sub(r"(?i)<\s*(br|/p|/div|/li|/h[1-6]|/blockquote)\s*/?>", "\n\n", fragment)
    stripped = nh3.clean(fragment, tags=set(), clean_content_tags={"script", "style"})
    return clean_text(html.unescape(stripped))


def sanitise_html(fragment: str) -> str:
    """Article HTML as it may be stored and shown: a small allow-list of tags, safe links only."""
    if not fragment:
        return ""
    fragment = _SURROGATE.sub("\ufffd", fragment).replace("\x00", "")
    return nh3.clean(
        fragment[:TEXT_MAX], tags=SAFE_TAGS, url_schemes={"http", "https"}, link_rel="nofollow noopener"
    )
