"""Canonical URLs: the unique key of an article, so one story reached by many links is stored once."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

MAX_URL_LENGTH = 8192

# Parameters that identify a click, a campaign or a session, never the content.
TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
    "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "ocid", "cmpid", "spm", "ref", "ref_src", "ref_url",
    "smid", "sr_share", "share", "amp", "outputtype", "ito", "at_medium", "at_campaign", "guccounter",
}  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hmb_", "vero_", "oly_")

_AMP_SUFFIX = re.compile(r"(?:/amp/?|\.amp(?:\.html)?)$", re.IGNORECASE)
_LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


class BadURL(ValueError):
    """A URL that cannot be an article's key; the message says why."""


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def canonicalize(url: str) -> str:
    """Lower-case scheme and host, no default port, fragment, tracking parameters or AMP suffix;
    remaining query parameters sorted."""
    url = (url or "").strip()
    if "\x00" in url:
        raise BadURL("URL contains a NUL byte")
    if len(url) > MAX_URL_LENGTH:
        raise BadURL(f"URL longer than {MAX_URL_LENGTH} characters ({len(url)})")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https", "file", "urn"}:
        raise BadURL(f"URL scheme {scheme or '(none)'!r} cannot identify an article")
    if scheme == "urn":
        return url
    host = (parts.hostname or "").lower().rstrip(".")
    if scheme in {"http", "https"} and not host:
        raise BadURL("URL has no host")
    port = parts.port if parts.port and parts.port != {"http": 80, "https": 443}.get(scheme) else None
    netloc = f"[{host}]" if ":" in host else host
    if port:
        netloc = f"{netloc}:{port}"
    path = _AMP_SUFFIX.sub("", parts.path) or "/"
    if path.startswith("/amp/"):
        path = path[4:]
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k))
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def _same_site(a: str, b: str) -> bool:
    host_a = (urlsplit(a).hostname or "").split(".")[-2:]
    host_b = (urlsplit(b).hostname or "").split(".")[-2:]
    return bool(host_a) and host_a == host_b


def canonical_from_html(html: str, page_url: str) -> str | None:
    """The page's own `<link rel="canonical">`, when it points to the same site (a page may not claim
    another publisher's key)."""
    for tag in _LINK_TAG.findall(html[:200_000]):
        attrs = {m[0].lower(): m[1] or m[2] or m[3] for m in _ATTR.findall(tag)}
        if "canonical" in attrs.get("rel", "").lower().split() and attrs.get("href"):
            candidate = urljoin(page_url, attrs["href"].strip())
            if urlsplit(candidate).scheme in {"http", "https"} and _same_site(candidate, page_url):
                return canonicalize(candidate)
    return None
