"""Countries and blocs named in the text, and the rules that keep names that are not countries out.

Names come from the database (CLDR names in six languages, curated aliases and press nicknames);
they share one automaton with the actors so that "China" inside "Bank of China" is read as part of
the company. A weak name ("AS", "Korea", a two-letter Hangul name) counts only when the article
backs it up: a strong name of the same country, an actor of that country, or a pairing with
another country ("ASEAN-Korea", "AS dan China").
"""

from __future__ import annotations

import re
from typing import NamedTuple

from apps.tagging.matcher import Hit
from apps.tagging.text import Doc, is_cjk_char

# Countries the tracker follows closely: their short names are not treated as weak.
CORE = {
    "KR", "KP", "CN", "JP", "US", "ID", "MY", "SG", "TH", "VN", "PH", "IN", "AU", "GB", "FR", "DE", "RU",
    "TW", "HK", "BN", "KH", "LA", "MM", "TL", "ASEAN", "EU", "CA", "NZ", "SA", "AE",
}  # fmt: skip
# Country names that are also ordinary words or personal names in the languages we read.
AMBIGUOUS = {
    "chad", "jordan", "georgia", "niger", "guinea", "turkey", "cuba", "mali", "oman", "chile", "togo",
    "samoa", "jersey", "man", "china town", "dominica", "peru", "iran", "israel", "malta", "monaco",
}  # fmt: skip
NAME_LANGUAGES = ("en", "id", "ms", "ko", "zh", "ja")
# The word before a name that makes it a language, not a country ("bahasa Korea").
_LANGUAGE_BEFORE = {"bahasa", "berbahasa", "dialek", "aksara", "huruf"}
_LANGUAGE_AFTER = re.compile(r"(?:\s+language\b|어|語|语)")
_PAIRING = re.compile(
    r"^\s*(?:-|–|—|/|&|·|,|dan|and|serta|dengan|with|와|과|및|和|与|と)?\s*$", re.IGNORECASE
)


class CountryMention(NamedTuple):
    code: str
    start: int
    end: int
    weak: bool


def is_weak_name(code: str, surface: str) -> bool:
    if surface.lower() in AMBIGUOUS:
        return True
    if code in CORE:
        return False
    return is_cjk_char(surface[0]) and len(surface) <= 2


def country_entries(countries: list[dict], aliases: list[dict]) -> list[tuple[str, tuple]]:
    """(surface form, payload) pairs for every country name and alias."""
    entries: list[tuple[str, tuple]] = []
    for country in countries:
        code = country["code"]
        names = country.get("names") or {}
        surfaces = {country["name"], *(names.get(lang, "") for lang in NAME_LANGUAGES)}
        for surface in filter(None, surfaces):
            entries.append((surface, ("c", code, is_weak_name(code, surface))))
    for alias in aliases:
        entries.append((alias["name"], ("c", alias["country"], bool(alias.get("weak")))))
    return entries


def country_mentions(doc: Doc, hits: list[Hit], actor_countries: set[str]) -> list[CountryMention]:
    """The country names in the story that really name a country."""
    candidates: list[CountryMention] = []
    seen: set[tuple[int, str]] = set()
    for hit in hits:
        if hit.payload[0] != "c" or not doc.active(hit.start, hit.end):
            continue
        _, code, weak = hit.payload
        if (hit.start, code) in seen:
            continue
        seen.add((hit.start, code))
        if _is_language(doc, hit):
            continue
        candidates.append(CountryMention(code, hit.start, hit.end, weak))
    # A name that is weak in one entry but strong in another counts as strong.
    strong_spans = {(c.start, c.code) for c in candidates if not c.weak}
    candidates = [c for c in candidates if not c.weak or (c.start, c.code) not in strong_spans]
    candidates = _one_code_per_span(candidates)
    strong = {c.code for c in candidates if not c.weak} | actor_countries
    kept = []
    for i, mention in enumerate(candidates):
        if not mention.weak or mention.code in strong or _paired(doc, candidates, i):
            kept.append(mention)
    return kept


def _one_code_per_span(mentions: list[CountryMention]) -> list[CountryMention]:
    """An ambiguous name ("Korea" as KR and KP) keeps the country named elsewhere as strong."""
    by_span: dict[tuple[int, int], list[CountryMention]] = {}
    for m in mentions:
        by_span.setdefault((m.start, m.end), []).append(m)
    strong = {m.code for m in mentions if not m.weak}
    result = []
    for group in by_span.values():
        group.sort(key=lambda m: (m.code not in strong, m.weak))
        result.append(group[0])
    result.sort(key=lambda m: m.start)
    return result


def _is_language(doc: Doc, hit: Hit) -> bool:
    if doc.word_before(hit.start) in _LANGUAGE_BEFORE:
        return True
    return bool(_LANGUAGE_AFTER.match(doc.text, hit.end, hit.end + 10))


def _paired(doc: Doc, mentions: list[CountryMention], i: int) -> bool:
    """True when a neighbouring name is another country joined by "-", "dan", "and", "와"…"""
    mention = mentions[i]
    for j in (i - 1, i + 1):
        if not 0 <= j < len(mentions) or mentions[j].code == mention.code or mentions[j].weak:
            continue
        other = mentions[j]
        gap = doc.text[other.end : mention.start] if j < i else doc.text[mention.end : other.start]
        if len(gap) <= 8 and _PAIRING.match(gap):
            return True
    return False
