"""Scoring the pipeline against labelled articles (tests/data/devset.jsonl format).

Each record: {"id", "language", "split", "title", "text", "published", "labels": {"published_date",
"mentioned", "in_scope", "out_of_scope", "events": [{"kind", "kind_alt"?, "parties", "pairs", "date",
"date_precision", "location", "agreement_count", "actors"?, "topics"?}]}}.

Relevance counts every article: predicted in scope when the pipeline made an event, against the label
`in_scope`; the relevance score is also tabulated against the labels (the calibration table). The
other fields are scored on the articles labelled in scope: the main event (events[0]) field by field,
sets (pairs, parties, mentioned countries, actors, topics) as micro precision/recall/F1, single values
as accuracy (kind also right when it is the label's accepted second kind). Everything is reported for
the whole set, for the tune and holdout splits apart, and per language within each split.
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
BINS = (0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0)


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


def calibration_table(
    scores: list[float], labels: list[bool], bins=BINS
) -> list[tuple[str, int, float, float]]:
    """Rows (bin, articles, mean score, observed in-scope rate) of a reliability table; no empty bins."""
    rows = []
    for low, high in zip(bins, bins[1:], strict=False):
        inside = [
            (s, y)
            for s, y in zip(scores, labels, strict=True)
            if low <= s < high or (high == 1.0 and s == 1.0)
        ]
        if inside:
            mean = sum(s for s, _ in inside) / len(inside)
            rate = sum(y for _, y in inside) / len(inside)
            rows.append((f"{low:.1f}-{high:.1f}", len(inside), mean, rate))
    return rows


@dataclass
class Report:
    sets: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in SET_FIELDS})
    values: dict[str, Accuracy] = field(default_factory=lambda: {f: Accuracy() for f in VALUE_FIELDS})
    relevance: Tally = field(default_factory=Tally)
    scores: list[float] = field(default_factory=list)
    in_scope: list[bool] = field(default_factory=list)
    seeds_exact: dict[str, bool] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    articles: int = 0

    def lines(self) -> list[str]:
        scoped = sum(self.in_scope)
        out = [
            f"articles: {self.articles} ({scoped} in scope, {self.articles - scoped} out of scope)",
            f"{'field':<16}{'precision':>10}{'recall':>8}{'F1':>7}{'n':>6}",
        ]
        rel = self.relevance
        out.append(
            f"{'relevance':<16}{rel.precision:>10.3f}{rel.recall:>8.3f}{rel.f1:>7.3f}{rel.tp + rel.fn:>6}"
        )
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
        out.append("calibration: score bin, articles, mean score, observed in scope")
        for name, count, mean, rate in calibration_table(self.scores, self.in_scope):
            out.append(f"  {name:<10}{count:>6}{mean:>8.3f}{rate:>8.3f}")
        return out


@dataclass
class Evaluation:
    """The whole set, each split, and each (split, language), scored from one extraction per article."""

    whole: Report = field(default_factory=Report)
    splits: dict[str, Report] = field(default_factory=dict)
    languages: dict[tuple[str, str], Report] = field(default_factory=dict)

    @property
    def misses(self) -> list[str]:
        return self.whole.misses

    def lines(self) -> list[str]:
        out = ["== whole set =="] + self.whole.lines()
        for split in sorted(self.splits, key=lambda s: (s != "tune", s)):
            out += ["", f"== {split} =="] + self.splits[split].lines()
        out += ["", "== per language ==", _LANGUAGE_HEADER]
        for (split, language), r in sorted(
            self.languages.items(), key=lambda kv: (kv[0][0] != "tune", kv[0])
        ):
            out.append(
                f"{language:<5}{split:<8}{r.articles:>4}{sum(r.in_scope):>5}{r.relevance.precision:>7.3f}"
                f"{r.relevance.recall:>7.3f}{r.sets['pairs'].f1:>8.3f}{r.values['kind'].value:>7.3f}"
                f"{r.values['date'].value:>7.3f}{r.sets['actors'].recall:>9.3f}"
            )
        return out


_LANGUAGE_HEADER = (
    f"{'lang':<5}{'split':<8}{'n':>4}{'in':>5}{'rel P':>7}{'rel R':>7}{'pair F1':>8}{'kind':>7}{'date':>7}"
    f"{'actors R':>9}"
)


def read_dataset(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def evaluate(
    records: list[dict], gazetteers: Gazetteers, *, today: date | None = None, model=None
) -> Evaluation:
    """Score the pipeline (with the shipped relevance model, or `model`) on the labelled records."""
    evaluation = Evaluation()
    for record in records:
        published = date.fromisoformat(record["published"]) if record.get("published") else None
        title, text = record.get("title") or "", record["text"]
        extraction = extract(title, text, gazetteers, published=published, today=today, relevance_model=model)
        split = record.get("split", "tune")
        language = record.get("language") or "?"
        reports = [
            evaluation.whole,
            evaluation.splits.setdefault(split, Report()),
            evaluation.languages.setdefault((split, language), Report()),
        ]
        for i, report in enumerate(reports):
            score_one(report, record, extraction, gazetteers, keep_misses=i == 0)
    return evaluation


def score_one(
    report: Report, record: dict, extraction: Extraction, gazetteers: Gazetteers, *, keep_misses: bool = True
) -> None:
    labels = record["labels"]
    report.articles += 1
    out = extraction.to_json()
    rid = record.get("id", "?")
    in_scope = labels.get("in_scope", bool(labels["events"]))
    made_event = bool(out["events"])
    score = extraction.relevance.score if extraction.relevance else float(made_event)
    report.scores.append(score)
    report.in_scope.append(in_scope)
    report.relevance.add({rid} if made_event else set(), {rid} if in_scope else set())
    misses = report.misses if keep_misses else []
    if made_event != in_scope:
        category = "" if in_scope else f" ({labels.get('out_of_scope')})"
        misses.append(
            f"{rid}: relevance: {'made an event' if made_event else 'no event'} at score {score:.2f}, "
            f"labelled {'in' if in_scope else 'out of'} scope{category}"
        )
    if not in_scope:
        return  # field scores are read on in-scope articles only
    report.sets["mentioned"].add(set(out["mentioned_countries"]), set(labels.get("mentioned", [])))
    _miss(misses, rid, "mentioned", out["mentioned_countries"], sorted(labels.get("mentioned", [])))
    report.values["language"].add(out["language"] == record.get("language"))
    if labels.get("published_date"):
        report.values["published_date"].add(out["published_date"] == labels["published_date"])
    predicted = out["events"][0] if out["events"] else None
    expected = labels["events"][0] if labels["events"] else None
    got_pairs = {tuple(p) for p in predicted["pairs"]} if predicted else set()
    got_parties = set(predicted["parties"]) if predicted else set()
    want_pairs = {tuple(p) for p in expected["pairs"]} if expected else set()
    want_parties = set(expected["parties"]) if expected else set()
    report.sets["pairs"].add(got_pairs, want_pairs)
    report.sets["parties"].add(got_parties, want_parties)
    _miss(misses, rid, "parties", sorted(got_parties), sorted(want_parties))
    if expected is None:
        return
    p = predicted or {}
    kinds = {expected["kind"], expected.get("kind_alt")} - {None}
    report.values["kind"].add(p.get("kind") in kinds)
    if p.get("kind") not in kinds:
        _miss(misses, rid, "kind", p.get("kind"), expected["kind"])
    checks = {
        "location": (p.get("location"), expected.get("location")),
        "agreement_count": (p.get("agreement_count"), expected.get("agreement_count")),
    }
    if expected.get("date"):
        checks["date"] = (p.get("date"), expected["date"])
        checks["date_precision"] = (p.get("date_precision"), expected.get("date_precision"))
    for name, (got, want) in checks.items():
        report.values[name].add(got == want)
        _miss(misses, rid, name, got, want)
    if "topics" in expected:
        got_topics = set(p.get("topics", []))
        report.sets["topics"].add(got_topics, set(expected["topics"]))
        _miss(misses, rid, "topics", sorted(got_topics), sorted(expected["topics"]))
    if expected.get("actors"):
        got_actors = _actor_keys(extraction, gazetteers)
        want_actors = {_label_key(a["name"], extraction, gazetteers) for a in expected["actors"]}
        report.sets["actors"].add(got_actors, want_actors)
        _miss(misses, rid, "actors", sorted(got_actors), sorted(want_actors))
    if rid.startswith("seed-"):
        want = {f: expected.get(f) for f in SEED_FIELDS}
        got = {f: p.get(f) for f in SEED_FIELDS}
        report.seeds_exact[rid] = want == got


def _actor_keys(extraction: Extraction, gazetteers: Gazetteers) -> set[str]:
    if not extraction.events:
        return set()
    return {normalize_name(extraction.actor_infos[i].name) for i in extraction.events[0].actors}


def _label_key(name: str, extraction: Extraction, gazetteers: Gazetteers) -> str:
    """A labelled actor name, mapped onto a predicted actor when it is one of its names."""
    forms = {normalize_name(name)}
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", name)
    if m:
        forms |= {normalize_name(m.group(1)), normalize_name(m.group(2))}
    for index in extraction.events[0].actors if extraction.events else []:
        names = gazetteers.actor_names.get(index) or {normalize_name(extraction.actor_infos[index].name)}
        if forms & names:
            return normalize_name(extraction.actor_infos[index].name)
    return normalize_name(name)


def _miss(misses: list[str], rid: str, name: str, got, want) -> None:
    if got != want:
        misses.append(f"{rid}: {name}: got {got!r}, want {want!r}")
