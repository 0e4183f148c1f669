"""Canonical URLs: one story reached by many links has one key."""

from __future__ import annotations

import pytest

from apps.news.canonical import BadURL, canonical_from_html, canonicalize


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "HTTPS://WWW.Example.COM:443/a?utm_source=x&utm_medium=y&id=3#top",
            "https://www.example.com/a?id=3",
        ),
        ("http://example.com:80/a?b=2&a=1&fbclid=zzz&gclid=q", "http://example.com/a?a=1&b=2"),
        ("https://example.com/news/story/amp", "https://example.com/news/story"),
        ("https://example.com/news/story.amp.html", "https://example.com/news/story"),
        ("https://example.com/amp/news/story", "https://example.com/news/story"),
        ("https://example.com/story?amp=1", "https://example.com/story"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
    ],
)
def test_canonical_form(url, expected):
    assert canonicalize(url) == expected


def test_rel_canonical_on_the_same_site_is_used():
    html = '<html><head><link rel="canonical" href="/news/42?utm_campaign=x"></head></html>'
    assert canonical_from_html(html, "https://m.example.com/n/42?ref=home") == "https://m.example.com/news/42"


def test_rel_canonical_to_another_site_is_ignored():
    html = '<link href="https://other.org/stolen" rel="canonical">'
    assert canonical_from_html(html, "https://example.com/a") is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("javascript:alert(1)", "scheme"),
        ("http://exa\x00mple.com/", "NUL"),
        ("https://example.com/" + "a" * 9000, "longer than 8192"),
        ("http:///nohost", "no host"),
    ],
)
def test_bad_urls_are_refused_with_a_reason(url, reason):
    with pytest.raises(BadURL, match=reason):
        canonicalize(url)
