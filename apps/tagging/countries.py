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
    known = {code for _, (_, code, _) in entries}
    entries.extend((name, ("c", code, False)) for name, code in PRESS_NAMES if code in known)
    return entries


# Short names the Korean and Chinese press use that CLDR does not list (curated aliases may add more).
PRESS_NAMES = [("사우디", "SA"), ("인니", "ID"), ("沙特", "SA"), ("말레이", "MY")]


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
    if doc.has_hangul() or doc.has_han():
        candidates = _with_press_abbreviations(doc, candidates)
    strong = {c.code for c in candidates if not c.weak} | actor_countries
    kept = []
    for i, mention in enumerate(candidates):
        if not mention.weak or mention.code in strong or _paired(doc, candidates, i):
            kept.append(mention)
    return kept


# One-character names the Korean and Chinese press use in headlines and pairs: "韓 제작사", "中 AI 앱",
# "한-아세안", "한일 정상", "中埃联合考古", "中马合作", "越方" (the Vietnamese side).
_ZH_SHORT = {
    "韩": "KR", "韓": "KR", "日": "JP", "美": "US", "俄": "RU", "英": "GB", "法": "FR", "德": "DE",
         "马": "MY",
    "泰": "TH", "越": "VN", "老": "LA", "柬": "KH", "新": "SG", "菲": "PH", "缅": "MM", "印尼": "ID",
         "印": "IN",
    "埃": "EG", "澳": "AU", "蒙": "MN", "朝": "KP", "乌": "UZ", "沙": "SA", "欧": "EU", "文": "BN",
         "东盟": "ASEAN",
    "中": "CN",
}  # fmt: skip
_KO_SHORT = {
    "한": "KR", "일": "JP", "중": "CN", "미": "US", "러": "RU", "베": "VN", "인니": "ID", "아세안": "ASEAN",
    "인도": "IN", "태": "TH", "필": "PH", "몽": "MN", "캄": "KH", "싱": "SG", "말": "MY", "호": "AU",
          "북": "KP",
}  # fmt: skip
_KO_HAN = {"韓": "KR", "中": "CN", "日": "JP", "美": "US", "北": "KP", "英": "GB", "佛": "FR", "獨": "DE",
           "露": "RU",
           "越": "VN", "泰": "TH", "印": "IN"}  # fmt: skip
_ZH_ABBR = "|".join(sorted(_ZH_SHORT, key=len, reverse=True))
_ZH_RELATION = (
    "两国|双方|合作|关系|友好|建交|人文|文化|联合|共同|交流|之间|间|青年|媒体|科技|数字|经贸|友谊|考古|文明|将|在|签署"
    "|携手|论坛|峰会|高层|外交|教育|旅游"
)
_ZH_PAIR = re.compile(rf"(?<![\u4e00-\u9fff])(?:中({_ZH_ABBR})|({_ZH_ABBR})中)(?=(?:{_ZH_RELATION}))")
_ZH_SIDE = re.compile(rf"({_ZH_ABBR})方(?!面|式|法|案|向|便|针|位|圆|形|能|言|才|可|的)")
_KO_ABBR = "|".join(sorted(_KO_SHORT, key=len, reverse=True))
_KO_PAIR = re.compile(
    rf"(?<![가-힣])({_KO_ABBR})(?:[-·‧ㆍ]({_KO_ABBR}))+(?![가-힣]{{0,0}}[A-Za-z])"
    rf"|(?<![가-힣])한(일|중|미|러)(?:(일|중|미))?(?=\s|관계|정상|외교|협력|공동|양국|간|수교|문화|교류|포럼|회담|장관|협정|경제)"
)
_KO_HAN_CHAR = re.compile(r"(?<![\u4e00-\u9fff])([韓中日美北英佛獨露越泰印])(?![\u4e00-\u9fff])")


def _with_press_abbreviations(doc: Doc, mentions: list[CountryMention]) -> list[CountryMention]:
    """The mentions with the press's short forms of country names in Korean and Chinese text added."""
    found: list[CountryMention] = []
    text, end = doc.text, doc.end
    if doc.has_hangul():
        for m in _KO_PAIR.finditer(text, 0, end):
            for group in range(1, (m.lastindex or 0) + 1):
                if m.group(group):
                    found.append(
                        CountryMention(_KO_SHORT[m.group(group)], m.start(group), m.end(group), False)
                    )
            if m.group(0).startswith("한") and not m.group(1):
                found.append(CountryMention("KR", m.start(), m.start() + 1, False))
        for m in _KO_HAN_CHAR.finditer(text, 0, end):
            found.append(CountryMention(_KO_HAN[m.group(1)], m.start(), m.end(), False))
    else:
        for m in _ZH_PAIR.finditer(text, 0, end):
            group = 1 if m.group(1) else 2
            other = m.start() if group == 1 else m.end(group)
            found.append(CountryMention(_ZH_SHORT[m.group(group)], m.start(group), m.end(group), False))
            found.append(CountryMention("CN", other, other + 1, False))
        for m in _ZH_SIDE.finditer(text, 0, end):
            found.append(CountryMention(_ZH_SHORT[m.group(1)], m.start(1), m.end(1), False))
    taken = {(m.start, m.end) for m in mentions}
    spans = [(m.start, m.end) for m in mentions]
    extra = [
        m
        for m in found
        if doc.active(m.start, m.end)
        and (m.start, m.end) not in taken
        and not any(s <= m.start and m.end <= e for s, e in spans)
    ]
    return sorted(mentions + list({(m.start, m.code): m for m in extra}.values()), key=lambda m: m.start)


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
    if _LANGUAGE_AFTER.match(doc.text, hit.end, hit.end + 10):
        return True
    # "in Korean, English and Japanese": a demonym in a list with a language that is no country.
    if hit.payload[2] and doc.text[hit.start : hit.end].endswith(("ese", "ean", "ian", "ish", "ch")):
        around = doc.text[max(0, hit.start - 40) : hit.end + 40]
        return _LANGUAGE_NAMES.search(around) is not None
    return False


_LANGUAGE_NAMES = re.compile(
    r"\b(?:English|Mandarin|Malay|Tamil|Bahasa(?: Indonesia)?|Cantonese|Hokkien|Arabic|Thai|Tagalog)"
    r"(?:,|\s+(?:and|or|dan|atau))",
    re.IGNORECASE,
)


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
