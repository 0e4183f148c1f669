"""One Aho-Corasick automaton over many surface forms, with word-boundary and letter-case rules.

Matching runs on the lower-cased text; each surface form remembers how it was written so that
acronyms ("AS", "RRT", "KAIST") match only in capitals and names only with a capital first
letter. Word boundaries are checked for Latin script, not for Hangul, kana or Han, which are
written without spaces. Overlaps resolve leftmost-longest: "Bank of China" beats "China".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, NamedTuple

import ahocorasick

from apps.tagging.text import CJK_RANGES, blank_non_word, is_cjk_char, lower_same_length

CASE_ANY = 0  # lower-case keyword, any case in text
CASE_CAPITAL = 1  # a name: first letter must be a capital in the text
CASE_EXACT = 2  # an acronym: exactly as written


class Hit(NamedTuple):  # a tuple: built by the hundred per article, and cheap to build
    start: int
    end: int
    payload: Any
    group: str = ""


def case_rule(surface: str) -> int:
    letters = [c for c in surface if c.isalpha() and not is_cjk_char(c)]
    if not letters:
        return CASE_ANY
    if len(letters) > 1 and all(c.isupper() for c in letters) and len(surface) <= 8:
        return CASE_EXACT
    if surface[0].isupper():
        return CASE_CAPITAL
    return CASE_ANY


_CJK = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in CJK_RANGES) + "]")


def prepare(text: str) -> str:
    """The haystack the automata run on: lower case, every non-word character a space, one space of
    padding at each end. Same length plus two, so offsets map back by one; word boundaries become
    spaces the patterns themselves contain, and no boundary test runs in Python."""
    return " " + blank_non_word(lower_same_length(text)) + " "


class PhraseMatcher:
    """Finds surface forms in text; each form carries a list of payloads."""

    def __init__(
        self, entries: Iterable[tuple[str, Any]], *, respect_case: bool = True, groups: dict | None = None
    ) -> None:
        """`entries` are (surface, payload) pairs; `groups` maps more group names to such lists, all
        matched in the same pass (one walk over the text serves countries, actors, topics, triggers)."""
        forms: dict[str, dict[str, dict[str, Any]]] = {}
        for group, group_entries in {"": entries, **(groups or {})}.items():
            for surface, payload in group_entries:
                surface = " ".join(surface.split())
                key = blank_non_word(lower_same_length(surface))
                if not key.strip():
                    continue
                form = forms.setdefault(key, {}).setdefault(group, {"variants": {}, "payloads": []})
                form["variants"][surface] = case_rule(surface) if respect_case else CASE_ANY
                if payload not in form["payloads"]:
                    form["payloads"].append(payload)
        # Two automata: keys in Latin script (their root has one child, the boundary space) and keys
        # in Hangul, kana or Han (a root with hundreds of children, slow to walk); the second only runs
        # on text that has such characters.
        # A third holds the Latin keys without their spaces, for Latin words written against Hangul,
        # kana or Han ("AI와", "KAIST에서", "MOU를", "AIと"): run, like the second, only on such text.
        self.automaton = ahocorasick.Automaton()
        self.cjk_automaton = ahocorasick.Automaton()
        self.mixed_automaton = ahocorasick.Automaton()
        for key, by_group in forms.items():
            # Latin-script edges must sit on a word boundary: the key carries the space itself.
            left = 1 if not is_cjk_char(key[0]) and key[0] != " " else 0
            right = 1 if not is_cjk_char(key[-1]) and key[-1] != " " else 0
            pattern = " " * left + key + " " * right
            parts = tuple(
                (group, tuple((v, rule, sum(map(str.isupper, v))) for v, rule in f["variants"].items()),
                 tuple(f["payloads"]))
                for group, f in by_group.items()
            )  # fmt: skip
            target = self.automaton if pattern[0] == " " else self.cjk_automaton
            target.add_word(pattern, (len(pattern), left, right, parts))
            if left or right:
                self.mixed_automaton.add_word(key, (len(key), -left, -right, parts))
        self.size = len(forms)
        self.automata = []
        for automaton in (self.automaton, self.cjk_automaton, self.mixed_automaton):
            if len(automaton):
                automaton.make_automaton()
                self.automata.append(automaton)

    def find_all(self, text: str, prepared: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """Every acceptable match (overlapping), each payload its own hit; `prepared` is prepare(text)."""
        if not self.size:
            return []
        end = len(text) if end is None else end
        hits = []
        # Text offset t is prepared offset t + 1; a match may use the padding just outside start:end.
        # Iterate over a slice: the automaton copies the whole string it is given on every call.
        whole = start == 0 and end + 2 >= len(prepared)
        segment, offset = (prepared, 0) if whole else (prepared[start : end + 2], start)
        has_cjk = _CJK.search(segment) is not None
        for automaton in self.automata:
            if automaton is not self.automaton and not has_cjk:
                continue
            for last, (length, left, right, parts) in automaton.iter(segment):
                last += offset
                if left < 0 or right < 0:  # a Latin key found without its spaces: check its edges here
                    first, stop = last - length, last  # in text offsets (prepared is one ahead)
                    if not _mixed_edges(text, first, stop, left < 0, right < 0):
                        continue
                else:
                    first = last - length + 1 + left - 1
                    stop = last + 1 - right - 1
                if first < start or stop > end:
                    continue
                for group, variants, payloads in parts:
                    if _case_ok(text, first, stop, variants):
                        for payload in payloads:
                            hits.append(Hit(first, stop, payload, group))
        return hits

    def find(self, text: str, prepared: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """Non-overlapping matches, leftmost-longest."""
        return leftmost_longest(self.find_all(text, prepared, start, end))


def leftmost_longest(hits: list[Hit]) -> list[Hit]:
    hits = sorted(hits, key=lambda h: (h.start, -(h.end - h.start)))
    chosen: list[Hit] = []
    taken_until = -1
    taken_span = None
    for hit in hits:
        if (hit.start, hit.end) == taken_span:
            chosen.append(hit)  # the same span with another payload (an ambiguous name)
            continue
        if hit.start >= taken_until:
            chosen.append(hit)
            taken_until = hit.end
            taken_span = (hit.start, hit.end)
    return chosen


def _mixed_edges(text: str, first: int, stop: int, check_left: bool, check_right: bool) -> bool:
    """A Latin key inside CJK text: each edge is a non-word character or a CJK one, and at least one
    is CJK (edges that are both plain were matched already by the spaced key)."""
    before = text[first - 1] if first > 0 else " "
    after = text[stop] if stop < len(text) else " "
    cjk = False
    for ch, check in ((before, check_left), (after, check_right)):
        if not check:
            continue
        if is_cjk_char(ch):
            cjk = True
        elif ch.isalnum() or ch == "_":
            return False
    return cjk


def _case_ok(text: str, start: int, end: int, variants: tuple[tuple[str, int, int], ...]) -> bool:
    """Acronyms exactly as written; names with at least their capitals (or all in capitals)."""
    found = text[start:end]
    for surface, rule, capitals in variants:
        if rule == CASE_ANY:
            return True
        if rule == CASE_EXACT:
            if found == surface:
                return True
        elif found[:1].isupper() and (found == surface or sum(map(str.isupper, found)) >= capitals):
            return True
    return False
