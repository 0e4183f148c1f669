"""Scoring the pipeline against labelled articles (tests/data/devset.jsonl format).

Each record: {"id", "language", "title", "text", "published", "labels": {"published_date",
"mentioned", "events": [{"kind", "parties", "pairs", "date", "date_precision", "location",
"agreement_count", "actors"?, "topics"?}]}}. The main event (events[0]) is compared field by field;
sets (pairs, parties, mentioned countries, actors, topics) score micro precision/recall/F1,
single values score accuracy.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from apps.tagging.actors import normalize_name
from apps.tagging.gazetteer import Gazetteers
from apps.tagging.pipeline import extract
from apps.tagging.results import Extraction

SET_FIELDS = ("pairs", "parties", "mentioned", "actors", "topics")
VALUE_FIELDS = ("kind", "date", "date_precision", "location", "agreement_count", "language", "published_date")
SEED_FIELDS = ("parties", "pairs", "kind", "date", "date_precision")


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set, expected: set) -> None:
        self.tp += len(predicted & expected)
        self.fp += len(predicted - expected)
        self.fn += len(expected - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Report:
    sets: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in SET_FIELDS})
    values: dict[str, Accuracy] = field(default_factory=lambda: {f: Accuracy() for f in VALUE_FIELDS})
    seeds_exact: dict[str, bool] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    articles: int = 0

    def lines(self) -> list[str]:
        out = [f"articles: {self.articles}", f"{'field':<16}{'precision':>10}{'recall':>8}{'F1':>7}{'n':>6}"]
        names = {"pairs": "country pairs", "mentioned": "mentioned"}
        for name, t in self.sets.items():
            label = names.get(name, name)
            out.append(f"{label:<16}{t.precision:>10.3f}{t.recall:>8.3f}{t.f1:>7.3f}{t.tp + t.fn:>6}")
        out.append(f"{'field':<16}{'accuracy':>10}{'n':>15}")
        for name, a in self.values.items():
            label = {"date": "date exact", "date_precision": "precision", "kind": "kind"}.get(name, name)
            out.append(f"{label:<16}{a.value:>10.3f}{a.total:>15}")
        if self.seeds_exact:
            ok = sum(self.seeds_exact.values())
            out.append(f"seeds exact ({', '.join(SEED_FIELDS)}): {ok}/{len(self.seeds_exact)}")
        return out


def read_dataset(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def evaluate(records: list[dict], gazetteers: Gazetteers, *, today: date | None = None) -> Report:
    report = Report()
    for record in records:
        published = date.fromisoformat(record["published"]) if record.get("published") else None
        title, text = record.get("title") or "", record["text"]
        extraction = extract(title, text, gazetteers, published=published, today=today)
        score_one(report, record, extraction, gazetteers)
    return report


def score_one(report: Report, record: dict, extraction: Extraction, gazetteers: Gazetteers) -> None:
    labels = record["labels"]
    report.articles += 1
    out = extraction.to_json()
    rid = record.get("id", "?")
    predicted = out["events"][0] if out["events"] else None
    expected = labels["events"][0] if labels["events"] else None
    report.sets["mentioned"].add(set(out["mentioned_countries"]), set(labels.get("mentioned", [])))
    _miss(report, rid, "mentioned", out["mentioned_countries"], sorted(labels.get("mentioned", [])))
    report.values["language"].add(out["language"] == record.get("language"))
    if labels.get("published_date"):
        report.values["published_date"].add(out["published_date"] == labels["published_date"])
    got_pairs = {tuple(p) for p in predicted["pairs"]} if predicted else set()
    got_parties = set(predicted["parties"]) if predicted else set()
    want_pairs = {tuple(p) for p in expected["pairs"]} if expected else set()
    want_parties = set(expected["parties"]) if expected else set()
    report.sets["pairs"].add(got_pairs, want_pairs)
    report.sets["parties"].add(got_parties, want_parties)
    _miss(report, rid, "parties", sorted(got_parties), sorted(want_parties))
    if expected is None:
        if predicted:
            report.misses.append(f"{rid}: predicted a {predicted['kind']} event where none is labelled")
        return
    p = predicted or {}
    checks = {
        "kind": (p.get("kind"), expected["kind"]),
        "location": (p.get("location"), expected.get("location")),
        "agreement_count": (p.get("agreement_count"), expected.get("agreement_count")),
    }
    if expected.get("date"):
        checks["date"] = (p.get("date"), expected["date"])
        checks["date_precision"] = (p.get("date_precision"), expected.get("date_precision"))
    for name, (got, want) in checks.items():
        report.values[name].add(got == want)
        _miss(report, rid, name, got, want)
    if "topics" in expected:
        got_topics = set(p.get("topics", []))
        report.sets["topics"].add(got_topics, set(expected["topics"]))
        _miss(report, rid, "topics", sorted(got_topics), sorted(expected["topics"]))
    if "actors" in expected:
        got_actors = _actor_keys(extraction, gazetteers)
        want_actors = {_label_key(a["name"], extraction, gazetteers) for a in expected["actors"]}
        report.sets["actors"].add(got_actors, want_actors)
        _miss(report, rid, "actors", sorted(got_actors), sorted(want_actors))
    if rid.startswith("seed-"):
        want = {f: expected.get(f) for f in SEED_FIELDS}
        got = {f: p.get(f) for f in SEED_FIELDS}
        report.seeds_exact[rid] = want == got


def _actor_keys(extraction: Extraction, gazetteers: Gazetteers) -> set[str]:
    if not extraction.events:
        return set()
    return {normalize_name(gazetteers.actors[i].name) for i in extraction.events[0].actors}


def _label_key(name: str, extraction: Extraction, gazetteers: Gazetteers) -> str:
    """A labelled actor name, mapped onto a predicted actor when it is one of its names."""
    forms = {normalize_name(name)}
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", name)
    if m:
        forms |= {normalize_name(m.group(1)), normalize_name(m.group(2))}
    for index in extraction.events[0].actors if extraction.events else []:
        if forms & gazetteers.actor_names[index]:
            return normalize_name(gazetteers.actors[index].name)
    return normalize_name(name)


def _miss(report: Report, rid: str, name: str, got, want) -> None:
    if got != want:
        report.misses.append(f"{rid}: {name}: got {got!r}, want {want!r}")
