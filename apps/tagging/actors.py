"""Actors: known ones by their names and aliases in any language (exact, then fuzzy), and unknown
organisation names proposed as candidates for editors.

A candidate is a run of capitalised words with an organisation word (Kementerian, Universitas,
Yayasan, Ministry, University, Foundation, Inc., Group…). A candidate close enough to a known
name (a spelling variant) is read as that actor instead of being proposed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import fuzz, process

from apps.tagging.matcher import Hit
from apps.tagging.text import Doc

FUZZY_CUTOFF = 90


@dataclass(frozen=True, slots=True)
class ActorInfo:
    id: int | None
    slug: str
    name: str
    kind: str
    country: str | None


class ActorMention(NamedTuple):
    actor: int  # index into Gazetteers.actors
    start: int
    end: int
    fuzzy: bool = False


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    start: int
    end: int
    kind: str


_ORG_HEAD = {
    "kementerian": "ministry", "badan": "ministry", "lembaga": "ministry",
    "komisi": "ministry", "otoritas": "ministry", "direktorat": "ministry", "dinas": "ministry",
    "universitas": "university", "institut": "university", "politeknik": "university",
    "sekolah": "university",
    "yayasan": "foundation", "asosiasi": "foundation", "perhimpunan": "foundation", "pusat": "other",
    "dewan": "government", "pemerintah": "government", "kedutaan": "government",
    "ministry": "ministry", "agency": "ministry", "university": "university", "institute": "university",
    "foundation": "foundation", "association": "foundation", "council": "government", "embassy": "government",
    "commission": "ministry", "authority": "ministry",
}  # fmt: skip
_ORG_TAIL = {
    "inc": "company", "inc.": "company", "corp": "company", "corp.": "company", "corporation": "company",
    "group": "company", "co.": "company", "ltd": "company", "ltd.": "company", "holdings": "company",
    "entertainment": "company", "technologies": "company", "labs": "company", "university": "university",
    "institute": "university", "foundation": "foundation", "agency": "ministry", "ministry": "ministry",
    "center": "other", "centre": "other", "association": "foundation", "council": "government",
    "tbk": "company", "tbk.": "company", "studio": "company", "studios": "company", "pictures": "company",
    "records": "company", "films": "company", "media": "company", "museum": "other", "library": "other",
}  # fmt: skip
_CAP = r"(?:[A-Z][\w&.'-]*|[A-Z]{2,})"
_LINK = r"(?:\s+(?:dan|untuk|of|for|and|the|&|,)\s*|\s+)"
_HEAD_RE = re.compile(
    r"\b(?:" + "|".join(w.capitalize() for w in _ORG_HEAD) + rf")(?:{_LINK}{_CAP}){{1,7}}",
)
_TAIL_RE = re.compile(rf"\b{_CAP}(?:\s+{_CAP}){{0,5}}\s+(?:" + "|".join(
    re.escape(w.capitalize()) if w[0].isalpha() else re.escape(w) for w in _ORG_TAIL
) + r")(?![\w])")  # fmt: skip
_TRAILING_LINK = re.compile(r"(?:\s+(?:dan|untuk|of|for|and|the|&)|,)+$")


def actor_entries(actors: list[dict]) -> list[tuple[str, tuple]]:
    entries: list[tuple[str, tuple]] = []
    for index, actor in enumerate(actors):
        for surface in {actor["name"], *actor.get("aliases", [])}:
            entries.append((surface, ("a", index)))
    return entries


def actor_mentions(doc: Doc, hits: list[Hit], actors: list[ActorInfo]) -> list[ActorMention]:
    """Known actors named in the story; a name several actors share goes to the one whose country
    the story names most ("Ministry of Foreign Affairs" in a story about China)."""
    country_counts: dict[str, int] = {}
    for hit in hits:
        if hit.payload[0] == "c" and not hit.payload[2]:
            country_counts[hit.payload[1]] = country_counts.get(hit.payload[1], 0) + 1
    by_span: dict[tuple[int, int], list[int]] = {}
    for hit in hits:
        if hit.payload[0] == "a" and doc.active(hit.start, hit.end):
            by_span.setdefault((hit.start, hit.end), []).append(hit.payload[1])
    mentions = []
    for (start, end), owners in by_span.items():
        best = max(owners, key=lambda i: (country_counts.get(actors[i].country or "", 0), -owners.index(i)))
        mentions.append(ActorMention(best, start, end))
    return mentions


def org_word_entries() -> list[tuple[str, str]]:
    """The organisation words, for the shared automaton: it finds where a candidate can be."""
    return [(w.capitalize(), "head") for w in _ORG_HEAD] + [
        (w.capitalize() if w[0].isalpha() else w, "tail") for w in _ORG_TAIL
    ]


def find_candidates(doc: Doc, taken: list[tuple[int, int]], org_words: list[Hit]) -> list[Candidate]:
    """Organisation-like names that overlap no known actor, looked for where an organisation word is."""
    found: dict[tuple[int, int], Candidate] = {}
    matches = []
    for hit in org_words:
        if hit.start < doc.body_offset:
            continue
        if hit.payload == "head":
            m = _HEAD_RE.match(doc.text, hit.start, doc.end)
        else:
            m = _TAIL_RE.search(doc.text, max(doc.body_offset, hit.start - 90), min(doc.end, hit.end + 1))
            m = m if m and m.end() == hit.end else None
        if m:
            matches.append((m, hit.payload == "head"))
    for m, head in matches:
        table = _ORG_HEAD if head else _ORG_TAIL
        text = _TRAILING_LINK.sub("", m.group())
        start, end = m.start(), m.start() + len(text)
        if "\n" in text or len(text.split()) < 2 or not doc.active(start, end):
            continue
        if any(s < end and start < e for s, e in taken):
            continue
        word = text.split()[0 if head else -1].lower()
        found.setdefault((start, end), Candidate(text, start, end, table.get(word, "other")))
    # Keep the longest of overlapping candidates.
    result: list[Candidate] = []
    for cand in sorted(found.values(), key=lambda c: (c.start, -(c.end - c.start))):
        if not result or cand.start >= result[-1].end:
            result.append(cand)
    return result


def fuzzy_resolve(
    candidates: list[Candidate], names: list[str], owners: list[int]
) -> tuple[list[ActorMention], list[Candidate]]:
    """Candidates that are spelling variants of known names become actor mentions."""
    mentions, unknown = [], []
    for cand in candidates:
        match = process.extractOne(cand.name, names, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if match is None:
            unknown.append(cand)
        else:
            mentions.append(ActorMention(owners[match[2]], cand.start, cand.end, fuzzy=True))
    return mentions, unknown


def normalize_name(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", name.lower()).split())
