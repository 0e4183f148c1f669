"""Actors: known ones by their names and aliases in any language, persons read as their office, and
organisations the gazetteer does not know (found by `apps.tagging.orgs`).

`recognise` is the whole step: known actors (a name several actors share, or a known name the text
gives another country — "Vietnam's Ministry of Culture, Sports and Tourism" — goes to the actor of the
country the text names), then offices and new organisations. A new organisation close enough to a
known name (a spelling variant) is read as that actor; any other becomes an actor of the article
(index past the gazetteer's list, id None) and a `Candidate` that editors can accept as a new actor.

`actor_mentions`, `find_candidates` and `fuzzy_resolve` are the same steps one by one, for callers
that hold no gazetteers.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from rapidfuzz import fuzz, process

from apps.tagging.matcher import Hit
from apps.tagging.orgs import (
    DESCRIPTORS,
    HEADS,
    TAILS,
    Org,
    attribute_countries,
    chinese_orgs,
    described_companies,
    field_key,
    korean_orgs,
    latin_orgs,
    offices,
)
from apps.tagging.text import Doc

if TYPE_CHECKING:
    from apps.tagging.gazetteer import Gazetteers

FUZZY_CUTOFF = 90


@dataclass(frozen=True, slots=True)
class ActorInfo:
    id: int | None
    slug: str
    name: str
    kind: str
    country: str | None


class ActorMention(NamedTuple):
    actor: int  # index into the actor list (the gazetteer's, then the article's new organisations)
    start: int
    end: int
    fuzzy: bool = False
    kind: str = ""  # the actor's kind (company, ministry…): a company's country needs naming


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    start: int
    end: int
    kind: str
    country: str | None = None


@dataclass
class Recognised:
    mentions: list[ActorMention]
    candidates: list[Candidate]
    infos: list[ActorInfo] = field(default_factory=list)  # the gazetteer's actors, then new ones


def actor_entries(actors: list[dict]) -> list[tuple[str, tuple]]:
    entries: list[tuple[str, tuple]] = []
    for index, actor in enumerate(actors):
        for surface in {actor["name"], *actor.get("aliases", [])}:
            entries.append((surface, ("a", index)))
    return entries


def actor_mentions(doc: Doc, hits: list[Hit], actors: list[ActorInfo]) -> list[ActorMention]:
    """Known actors named in the story. A name several actors share goes to the one whose country
    the text gives it ("Vietnam's Ministry of …"), else to the one whose country the story names most."""
    country_counts: dict[str, int] = {}
    countries: list[tuple[int, int, str]] = []
    for hit in hits:
        if hit.payload[0] == "c" and not hit.payload[2]:
            country_counts[hit.payload[1]] = country_counts.get(hit.payload[1], 0) + 1
        if hit.payload[0] == "c":
            countries.append((hit.start, hit.end, hit.payload[1]))
    countries.sort()
    by_span: dict[tuple[int, int], list[int]] = {}
    for hit in hits:
        if hit.payload[0] == "a" and doc.active(hit.start, hit.end):
            by_span.setdefault((hit.start, hit.end), []).append(hit.payload[1])
    mentions = []
    for (start, end), owners in by_span.items():
        stated = _stated_country(doc, start, end, countries)
        if stated and all(actors[i].country != stated for i in owners):
            other = _same_name_elsewhere(doc.text[start:end], stated, actors)
            for i in owners if other is None else ():
                # "베트남 문화체육관광부": the Korean name of a body another country has too
                other = _same_name_elsewhere(actors[i].name, stated, actors)
                if other is not None:
                    break
            if other is not None:
                owners = [other]
        best = max(
            owners,
            key=lambda i: (
                actors[i].country == stated,
                country_counts.get(actors[i].country or "", 0),
                -owners.index(i),
            ),
        )
        mentions.append(ActorMention(best, start, end, kind=actors[best].kind))
    return mentions


_STATED_BEFORE = re.compile(r"^(?:['’]s?)?\s*$")
_STATED_AFTER = re.compile(r"^\s*(?:of|dari)?\s*$")


def _stated_country(doc: Doc, start: int, end: int, countries: list[tuple[int, int, str]]) -> str | None:
    """The country the text gives a name: "Vietnam's X", "X of Vietnam", "X Vietnam"."""
    i = bisect.bisect_left(countries, (start - 40,))
    for c_start, c_end, code in countries[i : i + 6]:
        if c_end <= start and start - c_end <= 3 and _STATED_BEFORE.match(doc.text[c_end:start]):
            return code
        if c_start >= end and c_start - end <= 4 and _STATED_AFTER.match(doc.text[end:c_start]):
            return code
    return None


def _same_name_elsewhere(surface: str, country: str, actors: list[ActorInfo]) -> int | None:
    """An actor of `country` whose name holds this one ("Ministry of Culture, Sports and Tourism of
    Vietnam" for "Vietnam's Ministry of Culture, Sports and Tourism")."""
    key = normalize_name(surface)
    for index, info in enumerate(actors):
        if info.country == country and key in normalize_name(info.name):
            return index
    return None


def org_word_entries() -> list[tuple[str, str]]:
    """The organisation words, for the shared automaton: it finds where an organisation can be."""
    entries = [(w.upper() if w == "pt" else w.capitalize(), "head") for w in HEADS]
    entries += [(w.capitalize() if w[0].isalpha() else w, "tail") for w in TAILS]
    entries += [("Sdn Bhd", "tail"), ("Menteri", "title"), ("Minister", "title")]
    return entries + [(w, "desc") for w in DESCRIPTORS]


def find_orgs(doc: Doc, org_words: list[Hit]) -> list[Org]:
    """Organisations and offices in every script the story uses."""
    descriptors = [h for h in org_words if h.payload == "desc"]
    titles = [h for h in org_words if h.payload == "title"]
    orgs = latin_orgs(doc, [h for h in org_words if h.payload in ("head", "tail")])
    if descriptors:
        taken = [(o.start, o.end) for o in orgs]
        described = described_companies(doc, descriptors)
        orgs += [o for o in described if not any(s < o.end and o.start < e for s, e in taken)]
    if doc.has_hangul():
        orgs += korean_orgs(doc)
    elif doc.has_han():
        orgs += chinese_orgs(doc)
    return orgs + offices(doc, titles) if titles else orgs


def find_candidates(doc: Doc, taken: list[tuple[int, int]], org_words: list[Hit]) -> list[Candidate]:
    """Organisation-like names that are no known actor (a known name covering most of one)."""
    result = []
    for org in find_orgs(doc, org_words):
        covered = sum(max(0, min(e, org.end) - max(s, org.start)) for s, e in taken)
        if not org.office and covered * 10 >= (org.end - org.start) * 6:
            continue
        result.append(Candidate(org.name, org.start, org.end, org.kind, org.country))
    return result


def fuzzy_resolve(
    candidates: list[Candidate], names: list[str], owners: list[int]
) -> tuple[list[ActorMention], list[Candidate]]:
    """Candidates that are known names (exactly, or spelt a little differently) become actor mentions."""
    mentions, unknown = [], []
    exact = {normalize_name(n): owners[i] for i, n in enumerate(names)}
    for cand in candidates:
        owner = exact.get(normalize_name(cand.name))
        if owner is None:
            match = process.extractOne(cand.name, names, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            owner = owners[match[2]] if match else None
        if owner is None:
            unknown.append(cand)
        else:
            mentions.append(ActorMention(owner, cand.start, cand.end, fuzzy=True))
    return mentions, unknown


def recognise(
    doc: Doc, entity_hits: list[Hit], org_hits: list[Hit], gazetteers: Gazetteers, language: str | None
) -> Recognised:
    """Every actor of the story: known ones, offices, and new organisations (proposed to editors)."""
    infos = list(gazetteers.actors)
    known = actor_mentions(doc, entity_hits, infos)
    country_hits = [h for h in entity_hits if h.payload[0] == "c" and doc.active(h.start, h.end)]
    country_spans = {(h.start, h.end) for h in country_hits}
    orgs, shadowed = [], set()
    for org in find_orgs(doc, org_hits):
        org = _cut_before_known(doc, org, known)
        if org is None or _is_state_itself(doc, org, country_spans):
            continue
        inside = [m for m in known if org.start <= m.start and m.end <= org.end]
        overlapping = [m for m in known if m.start < org.end and org.start < m.end]
        if org.office:
            orgs.append(org)
        elif inside and len(inside) == len(overlapping) and _more_than(doc, org, inside, country_spans):
            shadowed.update(
                (m.start, m.end) for m in inside
            )  # "Ministry of Digital" in "… Economy and Society"
            orgs.append(org)
        elif not overlapping:
            orgs.append(org)
    known = [m for m in known if (m.start, m.end) not in shadowed]
    known_spans = [(m.start, m.end) for m in known]
    if not orgs:
        return Recognised(known, [], infos)
    orgs = attribute_countries(
        doc,
        orgs,
        country_hits,
        language,
        _dateline_country(doc, gazetteers) if language == "en" else None,
        _city_country(gazetteers),
    )
    mentions, candidates = list(known), []
    new: dict[str, int] = {}
    by_start = {m.start: m for m in known}
    for org in orgs:
        short = _SHORT_FORM.match(doc.text, org.end, org.end + 4)
        index = by_start[short.end()].actor if short and short.end() in by_start else None
        if index is not None and doc.text.startswith(")", by_start[short.end()].end):
            # "Perbadanan Ekonomi Digital Malaysia (MDEC)": the known short form names the body
            mentions.append(ActorMention(index, org.start, org.end, fuzzy=True, kind=infos[index].kind))
            continue
        index = _known_index(org, gazetteers)
        if index is not None:
            mentions.append(ActorMention(index, org.start, org.end, fuzzy=True, kind=infos[index].kind))
            continue
        if org.office and any(s <= org.start < e for s, e in known_spans):
            continue
        key = normalize_name(org.name)
        if key not in new:
            new[key] = len(infos)
            infos.append(ActorInfo(None, "", org.name, org.kind, org.country))
            candidates.append(Candidate(org.name, org.start, org.end, org.kind, org.country))
        mentions.append(ActorMention(new[key], org.start, org.end, kind=org.kind))
    mentions.sort(key=lambda m: m.start)
    return Recognised(mentions, candidates, infos)


_SHORT_FORM = re.compile(r"\s*[(（]")
_JOIN_BEFORE = re.compile(r"(?:\s+(?:and|dan|&)|,)\s+$")


def _cut_before_known(doc: Doc, org: Org, known: list[ActorMention]) -> Org | None:
    """ "Cambodia Academy of Digital Technology and KOICA": the name stops before a known actor."""
    for m in known:
        if org.start < m.start < org.end:
            link = _JOIN_BEFORE.search(doc.text, org.start, m.start)
            if link:
                name = doc.text[org.start : link.start()]
                if len(name.split()) < 2:
                    return None
                return org._replace(name=name, end=link.start())
    return org


_LINKS = re.compile(r"\b(?:of|for|and|the|dan|untuk|bagi|&)\b|[^\w]+", re.IGNORECASE)


def _more_than(doc: Doc, org: Org, inside: list[ActorMention], countries: list[tuple[int, int]]) -> bool:
    """True when an organisation name says more than the known names and countries inside it."""
    spans = [(m.start, m.end) for m in inside]
    spans += [(start, end) for start, end in countries if start < org.end and org.start < end]
    rest = _rest_of(doc, org, spans)
    return any(word[:1].isupper() and word.lower() not in _NAME_TAILS for word in rest)


def _rest_of(doc: Doc, org: Org, spans: list[tuple[int, int]]) -> list[str]:
    """The words of an organisation's name outside the given spans, links left out."""
    pieces, pos = [], org.start
    for start, end in sorted(spans):
        if end <= org.start or start >= org.end:
            continue
        pieces.append(doc.text[pos : max(pos, start)])
        pos = max(pos, end)
    pieces.append(doc.text[pos : org.end])
    return _LINKS.sub(" ", " ".join(pieces)).split()


# Words that end a country's name in the languages read ("Korea Selatan", "Amerika Serikat").
_NAME_TAILS = {"selatan", "utara", "timur", "barat", "serikat", "syarikat", "raya", "leste", "darussalam",
               "south",
               "north", "republic", "rakyat"}  # fmt: skip


def _is_state_itself(doc: Doc, org: Org, countries: list[tuple[int, int]]) -> bool:
    """ "Pemerintah Jepang", "Government of Vietnam", the ASEAN's full name: the state, not an actor."""
    first = org.name.split(None, 1)[0].lower()
    if (
        first not in _STATE_WORDS
        and not org.name.endswith(("政府", "정부"))
        and (org.start, org.end) not in countries
    ):
        return False
    countries = [(start, end) for start, end in countries if start < org.end and org.start < end]
    rest = _rest_of(doc, org, countries)
    return not rest or (len(rest) == 1 and rest[0].lower() in _STATE_WORDS)


_STATE_WORDS = {"pemerintah", "government", "kerajaan", "negara", "政府", "정부"}


def _known_index(org: Org, gazetteers: Gazetteers) -> int | None:
    """The known actor this organisation is: the same name (of the same country when both are known),
    or a spelling variant of one."""
    owners = gazetteers.actor_by_name.get(normalize_name(org.name), [])
    if org.country:
        same = [i for i in owners if gazetteers.actors[i].country == org.country]
        if same:
            return same[0]
        if owners and org.stated and all(gazetteers.actors[i].country for i in owners):
            elsewhere = _same_name_elsewhere(org.name, org.country, gazetteers.actors)
            return elsewhere  # a known name given another country: that country's actor, or a new one
    if owners:
        return owners[0]
    if org.country:
        key = field_key(org.name, gazetteers.country_words)
        if key and (org.country, *key) in gazetteers.actor_by_field:
            return gazetteers.actor_by_field[(org.country, *key)]
    # A spelling variant ("Universitas Gajah Mada"): compared with the known names of the same first word.
    names, owners = gazetteers.fuzzy_by_word.get(org.name.split(None, 1)[0].lower(), ((), ()))
    if names and len(org.name) >= 8 and not org.office:
        match = process.extractOne(org.name, names, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        # A spelling variant keeps the words: "Korea Institute of Science and Technology" is not KAIST.
        if match and len(match[0].split()) == len(org.name.split()):
            index = owners[match[2]]
            if not org.stated or gazetteers.actors[index].country in (org.country, None):
                return index
    return None


def _dateline_country(doc: Doc, gazetteers: Gazetteers) -> str | None:
    """The country of the dateline city ("PHNOM PENH —"): home of a state body an English story names
    without one."""
    from apps.tagging.places import dateline

    line = dateline(doc)
    if line is None:
        return None
    hits = gazetteers.cities.find_in(doc, line[2], line[3])
    return gazetteers.cities.cities[hits[0].payload].country if hits else None


def _city_country(gazetteers: Gazetteers):
    """A function giving the country of a city named in Latin script, or None."""
    from apps.tagging.text import Doc as _Doc

    def country(name: str) -> str | None:
        probe = _Doc.build("", name)
        hits = gazetteers.cities.find_in(probe, probe.body_offset, probe.end)
        if hits and hits[0].start == probe.body_offset and hits[0].end == probe.end:
            return gazetteers.cities.cities[hits[0].payload].country
        return None

    return country


def with_body_offsets(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """Candidates with offsets in the stored article text (as tags keep them)."""
    return [replace(c, start=c.start - doc.body_offset, end=c.end - doc.body_offset) for c in candidates]


@lru_cache(maxsize=8192)
def normalize_name(name: str) -> str:
    return " ".join(_NON_WORD.sub(" ", name.lower()).split())


_NON_WORD = re.compile(r"[^\w]+")
