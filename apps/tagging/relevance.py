"""Relevance: is the article's main event AI or culture diplomacy (codebook section 1)?

A score from 0 to 1 with the reasons it rests on. The score is a logistic model over two kinds of
input, read in the headline and the start of the body:

- named features, the codebook's rules made countable: in-scope subject words (AI and digital, culture,
  online content) and actions (cooperation, a state acting, state bodies) in the headline, the lead
  and the rest; the words of each out-of-scope category (sports, crime, disasters, migration, defence,
  trade, oil and mining, fisheries, borders, business, entertainment, opinion, elections), counted by
  `ScopeMatcher`; how many countries and which kinds of actors the pipeline found; and the rules
  combined ("subject and cooperation in one sentence of the lead", "only one country and no state body");
- hashed character n-grams (2 to 4 characters) of the headline and lead, for wording the lists miss.

Inference is numpy and plain Python over a small artifact (`data/relevance-v1.json`) written by
`python manage.py train_relevance` (scikit-learn, offline). Weights are learned, so a feature's sign and
size come from the labelled articles, not from a guess; the reasons are the named features that moved
the score most.
"""

from __future__ import annotations

import base64
import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import ahocorasick
import numpy as np

from apps.tagging.relevance_words import ACTIONS, FAMILIES, OUT_OF_SCOPE, SUBJECTS
from apps.tagging.text import CJK_RANGES, Doc, blank_non_word, is_cjk_char, lower_same_length

SCHEMA = 1  # bump when features change: an artifact of another schema is refused
ARTIFACT = Path(__file__).resolve().parent / "data" / f"relevance-v{SCHEMA}.json"
LEAD_CHARS = 400  # the lead: body sentences that start within this many characters
NGRAM_CHARS = 300  # n-grams are read in the headline and this much of the lead
BODY_CHARS = 1000  # words are counted this far into the body
BODY_CHARS_CJK = 400  # in Hangul, kana or Han, where a character carries more (and its automaton is slower)
NGRAM_SIZES = (2, 3, 4)
NGRAM_BITS = 14
STATE_KINDS = {"ministry", "government", "international"}  # actor kinds that are state bodies
REGIONS = ("title", "lead", "body")
# Multipliers of a 64-bit multiply-shift hash: one per position in the n-gram, then the final mix
# (odd constants, fixed forever: the artifact's buckets depend on them).
_HASH_KEYS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5, 0xFF51AFD7ED558CCD],
    dtype=np.uint64,
)
_SPACES = re.compile(r" +")
_SIDES = {  # family index -> 1 (an in-scope subject) or 2 (cooperation or a state acting)
    i: 1 if family in SUBJECTS else 2
    for i, family in enumerate(FAMILIES)
    if family in SUBJECTS or family in ("cooperation", "state_action")
}
_CJK = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in CJK_RANGES) + "]")


class ScopeMatcher:
    """The relevance vocabulary in two small automata of its own, walked over the headline and the first
    BODY_CHARS of the body. Leaner than `PhraseMatcher`: it yields a key number per word and checks
    only acronyms' capitals; what each key counts for is in two arrays, so the counting is numpy."""

    def __init__(self, families: dict[str, list[str]]) -> None:
        forms: dict[str, tuple[set[int], str]] = {}
        self.families = list(families)
        for index, words in enumerate(families.values()):
            for word in words:
                key = blank_non_word(lower_same_length(" ".join(word.split())))
                letters = [c for c in word if c.isalpha() and not is_cjk_char(c)]
                exact = word if len(letters) > 1 and all(c.isupper() for c in letters) else ""
                forms.setdefault(key, (set(), exact))[0].add(index)
        # family_rows[k]: 1 for each family key k counts for; side_bits[k]: 1 subject word, 2 action word
        self.family_rows = np.zeros((len(forms), len(self.families)), dtype=np.int32)
        self.side_bits = np.zeros(len(forms), dtype=np.int8)
        self.latin = ahocorasick.Automaton()  # keys with their boundary spaces
        self.cjk = ahocorasick.Automaton()  # Hangul/Han keys, and acronyms written against them ("AI와")
        for number, (key, (indexes, exact)) in enumerate(forms.items()):
            self.family_rows[number, sorted(indexes)] = 1
            self.side_bits[number] = sum({_SIDES[i] for i in indexes if i in _SIDES})
            if is_cjk_char(key[0]) or is_cjk_char(key[-1]):
                self.cjk.add_word(key, (len(key), 0, number, exact))
            else:
                self.latin.add_word(f" {key} ", (len(key) + 2, 1, number, exact))
                if exact:
                    self.cjk.add_word(key, (len(key), 0, number, exact))
        self.latin.make_automaton()
        self.cjk.make_automaton()

    def find(
        self, text: str, prepared: str, end: int, cjk: bool = True
    ) -> tuple[list[int], list[int], list[int]]:
        """Starts, ends and key numbers of the words in text[:end]; `prepared` is matcher.prepare(text).
        The Hangul/Han automaton runs only when `cjk` and the text has such characters."""
        segment = prepared[: end + 2]
        starts, stops, keys = [], [], []
        automata = (self.latin, self.cjk) if cjk and _CJK.search(segment) else (self.latin,)
        for automaton in automata:
            for last, (length, spaced, number, exact) in automaton.iter(segment):
                # prepared offset p is text offset p - 1; a spaced key carries one space at each end
                start, stop = last - length + spaced, last - spaced
                if stop > end or (exact and text[start:stop] != exact):
                    continue
                if not spaced and exact and not _cjk_edges(text, start, stop):
                    continue
                starts.append(start)
                stops.append(stop)
                keys.append(number)
        return starts, stops, keys


def _cjk_edges(text: str, start: int, stop: int) -> bool:
    """An acronym written against Hangul or Han ("AI와"): one edge CJK, the other no letter or digit
    (an acronym between spaces was found by the spaced key already)."""
    before = text[start - 1] if start > 0 else " "
    after = text[stop] if stop < len(text) else " "
    if not (is_cjk_char(before) or is_cjk_char(after)):
        return False
    return all(is_cjk_char(ch) or not ch.isalnum() for ch in (before, after))


def feature_names() -> list[str]:
    """Every named feature, in the artifact's order."""
    names = [f"{family}:{region}" for family in FAMILIES for region in REGIONS]
    names += [
        "countries:none", "countries:one", "countries:two_or_more", "countries:title",
        "actors:state_body", "actors:two_countries", "actors:company_only", "org_words",
        "rule:subject_and_action_lead", "rule:subject_and_action_sentence", "rule:subject_and_action_body",
        "rule:one_country_no_state_body",
        "rule:no_subject_lead", "rule:no_subject", "rule:out_of_scope_title", "title:question", "text:short",
    ]  # fmt: skip
    return names


def expected_sign(name: str) -> int:
    """The direction the codebook gives a feature: +1 towards in scope, -1 away, 0 either. Training
    drops a feature whose learned weight goes against it (a spurious correlation of a small set)."""
    family = name.partition(":")[0]
    if family in SUBJECTS or family in ACTIONS:
        return 1
    if family in OUT_OF_SCOPE:
        return -1
    return _SIGNS.get(name, 0)


_SIGNS = {
    "countries:none": -1, "countries:two_or_more": 1, "countries:title": 1, "actors:state_body": 1,
    "actors:two_countries": 1, "actors:company_only": -1, "rule:subject_and_action_lead": 1,
    "rule:subject_and_action_body": 1, "rule:subject_and_action_sentence": 1, "countries:one": -1,
    "rule:one_country_no_state_body": -1, "rule:no_subject_lead": -1,
    "rule:no_subject": -1, "rule:out_of_scope_title": -1, "title:question": -1,
}  # fmt: skip


NAMES: tuple[str, ...] = tuple(feature_names())
INDEX = {name: i for i, name in enumerate(NAMES)}
_FAMILY_COLUMNS = {family: i for i, family in enumerate(FAMILIES)}
_SUBJECT_COLUMNS = [_FAMILY_COLUMNS[f] for f in SUBJECTS]
_ACTION_COLUMNS = [_FAMILY_COLUMNS[f] for f in ACTIONS]
_STATE_BODY = _FAMILY_COLUMNS["state_body"]
_OUT_COLUMNS = [_FAMILY_COLUMNS[f] for f in OUT_OF_SCOPE if f != "entertainment"]


@dataclass
class Relevance:
    score: float
    in_scope: bool
    reasons: list[str]
    features: np.ndarray | None = field(default=None, repr=False)  # in NAMES order
    ngrams: np.ndarray | None = field(default=None, repr=False)  # hashed n-gram buckets, one per occurrence

    def to_json(self) -> dict:
        return {"score": round(self.score, 3), "in_scope": self.in_scope, "reasons": self.reasons}


@cache
def scope_matcher() -> ScopeMatcher:
    """Built once per process."""
    return ScopeMatcher(FAMILIES)


def article_features(
    doc: Doc, countries: list, actors: list, actor_infos: list, candidates: list
) -> tuple[np.ndarray, np.ndarray]:
    """The named features (a vector in `NAMES` order) and the n-gram buckets of one article (offsets in
    `doc.text`). Words are counted in the headline and the first BODY_CHARS of the body (BODY_CHARS_CJK
    in Korean, Chinese, Japanese): enough to tell what a story is about, at a bounded cost."""
    lead_end = _lead_end(doc)
    matcher = scope_matcher()
    cjk = _CJK.search(doc.prepared, 0, doc.body_offset + 200) is not None
    limit = doc.body_offset + (BODY_CHARS_CJK if cjk else BODY_CHARS)
    starts, stops, keys = matcher.find(doc.text, doc.prepared, min(doc.end, limit), cjk)
    counts = np.zeros((3, len(FAMILIES)), dtype=np.int32)  # headline, lead, rest x family
    subject_and_action_sentence = False
    if keys:
        start, stop, key = np.array(starts), np.array(stops), np.array(keys)
        keep = np.ones(len(key), dtype=bool)
        # words inside an actor's name, a byline or a caption do not count
        for spans in (sorted((m.start, m.end) for m in actors), doc.skipped):
            if spans:
                keep &= ~_inside(np.array(spans), start, stop)
        start, key = start[keep], key[keep]
        region = (start >= doc.body_offset).astype(np.intp) + (start >= lead_end)
        np.add.at(counts, region, matcher.family_rows[key])
        bits = matcher.side_bits[key]
        early = (region < 2) & (bits > 0)
        if early.any():  # a headline or lead sentence with both a subject word and an action word
            sentence = np.searchsorted(doc.sentence_starts, start[early], side="right")
            per_sentence = np.zeros(len(doc.sentences) + 1, dtype=np.int8)
            np.bitwise_or.at(per_sentence, sentence, bits[early])
            subject_and_action_sentence = bool((per_sentence == 3).any())

    x = np.zeros(len(NAMES))
    block = x[: 3 * len(FAMILIES)].reshape(len(FAMILIES), 3)  # a view: family-major, as NAMES
    block[:, 0] = np.minimum(counts[0], 2) / 2
    block[:, 1] = np.minimum(counts[1], 3) / 3
    block[:, 2] = np.minimum(np.log1p(counts[2]) / math.log1p(12), 1.0)
    codes = {m.code for m in countries}
    infos = [actor_infos[m.actor] for m in actors]
    state = any(a.kind in STATE_KINDS for a in infos) or any(c.kind in STATE_KINDS for c in candidates)
    subject_lead = bool(counts[:2, _SUBJECT_COLUMNS].any())
    action_lead = bool(counts[:2, _ACTION_COLUMNS].any())
    subject_any = bool(counts[:, _SUBJECT_COLUMNS].any())
    values = {
        "countries:none": not codes,
        "countries:one": len(codes) == 1,
        "countries:two_or_more": len(codes) >= 2,
        "countries:title": min(len({m.code for m in countries if m.start < doc.body_offset}), 2) / 2,
        "actors:state_body": state,
        "actors:two_countries": len({a.country for a in infos if a.country}) >= 2,
        "actors:company_only": bool(infos) and all(a.kind == "company" for a in infos),
        "org_words": min(len(candidates), 3) / 3,
        "rule:subject_and_action_lead": subject_lead and action_lead,
        "rule:subject_and_action_sentence": subject_and_action_sentence,
        "rule:subject_and_action_body": bool(subject_any and counts[:, _ACTION_COLUMNS].any()),
        "rule:one_country_no_state_body": len(codes) <= 1 and not state and not counts[:, _STATE_BODY].any(),
        "rule:no_subject_lead": not subject_lead,
        "rule:no_subject": not subject_any,
        # No entertainment words: AI applied to entertainment is in scope (SM Entertainment and KAIST).
        "rule:out_of_scope_title": bool(counts[0, _OUT_COLUMNS].any()),
        "title:question": "?" in doc.title or "？" in doc.title,
        "text:short": doc.end - doc.body_offset < 400,
    }
    for name, value in values.items():
        x[INDEX[name]] = float(value)
    return x, hashed_ngrams(doc.prepared[1 : min(lead_end, doc.body_offset + NGRAM_CHARS) + 1])


def hashed_ngrams(text: str) -> np.ndarray:
    """The buckets of the character 2-, 3- and 4-grams of prepared text (lower case, word characters
    and single spaces), one per occurrence: a fixed multiply-shift hash, the same on every machine.
    An n-gram's hash is the (n-1)-gram's XOR its last character's product, so the three sizes cost
    a few array operations in all."""
    text = _SPACES.sub(" ", text).strip()
    if len(text) < 2:
        return np.zeros(0, dtype=np.intp)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    h = codes * _HASH_KEYS[0]
    parts = []
    for n in range(2, max(NGRAM_SIZES) + 1):
        if len(codes) < n:
            break
        h = h[:-1] ^ (codes[n - 1 :] * _HASH_KEYS[n - 1])
        if n in NGRAM_SIZES:
            parts.append(h)
    return ((np.concatenate(parts) * _HASH_KEYS[4]) >> np.uint64(64 - NGRAM_BITS)).astype(np.intp)


@dataclass
class Model:
    """A trained relevance model: weights of the named features (in `NAMES` order) and of the n-gram
    buckets."""

    weights: np.ndarray
    ngram_weights: np.ndarray
    intercept: float
    threshold: float
    ngram_scale: float = 1.0
    info: dict = field(default_factory=dict)

    def score(self, features: np.ndarray, ngrams: np.ndarray) -> tuple[float, np.ndarray, float]:
        """The probability of being in scope, each named feature's contribution to its log-odds, and
        the n-grams' contribution."""
        contributions = self.weights * features
        ngram_part = 0.0
        if len(ngrams):
            ngram_part = float(self.ngram_weights[ngrams].sum()) * self.ngram_scale / math.sqrt(len(ngrams))
        logit = self.intercept + float(contributions.sum()) + ngram_part
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, logit)))), contributions, ngram_part

    def assess(self, features: np.ndarray, ngrams: np.ndarray) -> Relevance:
        probability, contributions, ngram_part = self.score(features, ngrams)
        return Relevance(
            score=probability,
            in_scope=probability >= self.threshold,
            reasons=reasons(contributions, ngram_part),
            features=features,
            ngrams=ngrams,
        )

    def to_json(self) -> dict:
        return {
            "schema": SCHEMA,
            "threshold": round(self.threshold, 4),
            "intercept": round(self.intercept, 6),
            "ngram_scale": self.ngram_scale,
            "ngram_sizes": list(NGRAM_SIZES),
            "ngram_bits": NGRAM_BITS,
            "weights": {name: round(float(w), 6) for name, w in zip(NAMES, self.weights, strict=True)},
            "ngram_weights": base64.b64encode(self.ngram_weights.astype("<f4").tobytes()).decode("ascii"),
            "info": self.info,
        }

    @classmethod
    def from_json(cls, data: dict) -> Model:
        if data.get("schema") != SCHEMA or data.get("ngram_bits") != NGRAM_BITS:
            raise ValueError(f"relevance artifact of schema {data.get('schema')}, this code reads {SCHEMA}")
        if set(data["weights"]) != set(NAMES):
            raise ValueError("relevance artifact names other features than this code (schema not bumped?)")
        ngram = np.frombuffer(base64.b64decode(data["ngram_weights"]), dtype="<f4").astype(np.float64)
        return cls(
            weights=np.array([float(data["weights"][name]) for name in NAMES]),
            ngram_weights=ngram,
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            ngram_scale=float(data.get("ngram_scale", 1.0)),
            info=data.get("info", {}),
        )


def neutral_model() -> Model:
    """A model that weighs nothing: every article scores 0.5 and is kept (training reads features with it)."""
    return Model(np.zeros(len(NAMES)), np.zeros(1 << NGRAM_BITS), intercept=0.0, threshold=0.5)


def load_model(path: Path = ARTIFACT) -> Model:
    return Model.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


@cache
def default_model() -> Model:
    """The shipped artifact, read once per process (a retrained artifact takes effect on restart)."""
    return load_model(ARTIFACT)


# How each named feature reads when it moves the score (the family names of relevance_words).
_FAMILY_TEXT = {
    "ai": "AI/digital words", "culture": "culture words", "online": "online-content words",
    "cooperation": "cooperation words", "state_action": "state-action words (rule, summons, fine)",
    "state_body": "state-body words (ministry, embassy)", "sports": "sports vocabulary",
    "crime": "crime vocabulary", "disaster": "disaster vocabulary", "migration": "migration vocabulary",
    "defence": "defence vocabulary", "trade": "trade vocabulary", "energy": "oil, gas and mining vocabulary",
    "fisheries": "fisheries vocabulary", "border": "border vocabulary", "business": "business vocabulary",
    "entertainment": "entertainment vocabulary", "opinion": "opinion or guide wording",
    "politics": "election vocabulary",
}  # fmt: skip
_REGION_TEXT = {"title": "in the headline", "lead": "in the lead", "body": "in the story"}
_OTHER_TEXT = {
    "countries:none": "no country named",
    "countries:one": "only one country named",
    "countries:two_or_more": "two or more countries named",
    "countries:title": "countries in the headline",
    "actors:state_body": "a state body takes part",
    "actors:two_countries": "organisations of two countries",
    "actors:company_only": "only companies",
    "org_words": "organisations named",
    "rule:subject_and_action_lead": "AI/culture subject and cooperation or state action in the lead",
    "rule:subject_and_action_body": "AI/culture subject and cooperation or state action in the story",
    "rule:subject_and_action_sentence": "AI/culture subject and cooperation or state action in one sentence",
    "rule:one_country_no_state_body": "only one country and no state body",
    "rule:no_subject_lead": "no AI/culture subject in the headline or lead",
    "rule:no_subject": "no AI/culture subject at all",
    "rule:out_of_scope_title": "out-of-scope vocabulary in the headline (sports, crime, defence, trade…)",
    "title:question": "a question in the headline",
    "text:short": "a short text",
    "ngrams": "wording like {side} articles",
}  # fmt: skip


def describe(name: str) -> str:
    family, _, region = name.partition(":")
    if family in _FAMILY_TEXT and region in _REGION_TEXT:
        return f"{_FAMILY_TEXT[family]} {_REGION_TEXT[region]}"
    return _OTHER_TEXT.get(name, name)


def reasons(
    contributions: np.ndarray, ngram_part: float = 0.0, limit: int = 4, floor: float = 0.25
) -> list[str]:
    """The features that moved the score most, each with its direction: "+" towards in scope."""
    moved = [(float(contributions[i]), NAMES[i]) for i in np.flatnonzero(np.abs(contributions) >= floor)]
    if abs(ngram_part) >= floor:
        moved.append((ngram_part, "ngrams"))
    out: list[str] = []
    said: set[str] = set()
    for value, name in sorted(moved, key=lambda item: (-abs(item[0]), item[1])):
        group = "rule:subject_and_action" if name.startswith("rule:subject_and_action") else name
        if name in _SILENT or group in said:
            continue
        said.add(group)
        text = describe(name).format(side="in-scope" if value > 0 else "out-of-scope")
        out.append(f"{'+' if value > 0 else '-'} {text}")
        if len(out) == limit:
            break
    return out


_SILENT = {"text:short"}  # a feature that adjusts the score but explains nothing to an editor


def _lead_end(doc: Doc) -> int:
    """The end of the lead: the body's sentences that start within LEAD_CHARS of its start."""
    limit = doc.body_offset + LEAD_CHARS
    end = min(limit, doc.end)
    for start, stop in doc.sentences:
        if start >= limit:
            break
        if start >= doc.body_offset:
            end = max(end, stop)
    return min(end, doc.end)


def _inside(spans: np.ndarray, start: np.ndarray, stop: np.ndarray) -> np.ndarray:
    """Which words (start, stop) lie inside one of the sorted spans (an (n, 2) array)."""
    i = np.searchsorted(spans[:, 0], start, side="right") - 1
    return (i >= 0) & (stop <= spans[np.maximum(i, 0), 1])
