"""Checks the labelled development set (devset.jsonl) against its documented format.

Kept apart from the test so that whoever adds articles can run it by hand:
``python tests/data/validate_devset.py [tests/data/devset.jsonl]`` prints one line per problem.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import sys
from pathlib import Path

from babel import Locale

DEVSET = Path(__file__).with_name("devset.jsonl")

LANGUAGES = {"id", "en", "ms", "ko", "zh", "ja"}
KINDS = {"agreement", "forum", "collaboration", "regulation", "visit", "funding", "other"}
TOPICS = {
    "ai",
    "culture",
    "entertainment",
    "music",
    "film",
    "education",
    "heritage",
    "blockchain",
    "metaverse",
    "deepfake",
    "regulation",
    "technology",
    "tourism",
    "language",
}
BLOCS = {"ASEAN", "EU"}
PRECISION_PATTERNS = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
}
RECORD_KEYS = {"id", "language", "title", "text", "published", "url", "publisher", "split", "labels"}
LABEL_KEYS = {"published_date", "mentioned", "events", "in_scope", "out_of_scope"}
# The codebook's out-of-scope categories (section 1); "no_event" is in-scope talk that reports none.
OUT_OF_SCOPE = {
    "sports",
    "crime",
    "disaster",
    "migration",
    "defence",
    "trade",
    "energy",
    "fisheries",
    "border",
    "tech_business",
    "entertainment",
    "opinion",
    "travel",
    "company_name",
    "other_diplomacy",
    "no_event",
}
OPTIONAL_LABEL_KEYS = {"published_date_note"}
EVENT_KEYS = {"kind", "parties", "pairs", "date", "date_precision", "location", "agreement_count"}
OPTIONAL_EVENT_KEYS = {"title", "end_date", "actors", "topics", "kind_alt"}


def known_codes() -> set[str]:
    """ISO 3166-1 alpha-2 codes Babel knows (letters only, not UN M.49 regions) plus the blocs."""
    territories = Locale("en").territories
    return {code for code in territories if re.fullmatch(r"[A-Z]{2}", code)} | BLOCS


def parse_date(value: str, precision: str) -> dt.date | None:
    """The first day the value denotes, or None when it is not a real date of that precision."""
    pattern = PRECISION_PATTERNS.get(precision)
    if pattern is None or not pattern.match(value):
        return None
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        return dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return None


def check_event(event: dict, mentioned: set[str], codes: set[str], where: str) -> list[str]:
    problems = []
    keys = set(event)
    if missing := EVENT_KEYS - keys:
        problems.append(f"{where}: missing keys {sorted(missing)}")
    if extra := keys - EVENT_KEYS - OPTIONAL_EVENT_KEYS:
        problems.append(f"{where}: unknown keys {sorted(extra)}")
    if event.get("kind") not in KINDS:
        problems.append(f"{where}: kind {event.get('kind')!r} not in the vocabulary")
    if event.get("kind_alt") not in KINDS | {None} or event.get("kind_alt") == event.get("kind"):
        problems.append(f"{where}: kind_alt {event.get('kind_alt')!r} must be another kind or null")
    parties = event.get("parties") or []
    if parties != sorted(set(parties)):
        problems.append(f"{where}: parties must be sorted and unique: {parties}")
    for code in parties:
        if code not in codes:
            problems.append(f"{where}: unknown party code {code!r}")
    if not set(parties) <= mentioned:
        problems.append(f"{where}: parties {sorted(set(parties) - mentioned)} not in mentioned")
    expected_pairs = [list(pair) for pair in itertools.combinations(sorted(set(parties)), 2)]
    if event.get("pairs") != expected_pairs:
        problems.append(f"{where}: pairs {event.get('pairs')} should be {expected_pairs}")
    problems += check_dates(event, where)
    count = event.get("agreement_count")
    if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 1):
        problems.append(f"{where}: agreement_count must be a positive integer or null")
    location = event.get("location")
    if location is not None and (not isinstance(location, str) or not location.strip()):
        problems.append(f"{where}: location must be a non-empty string or null")
    for actor in event.get("actors", []):
        if set(actor) != {"name", "country"} or not str(actor.get("name", "")).strip():
            problems.append(f"{where}: actor {actor} must be {{name, country}}")
        elif actor["country"] is not None and actor["country"] not in codes:
            problems.append(f"{where}: actor {actor['name']!r} has unknown country {actor['country']!r}")
    topics = event.get("topics", [])
    if bad := [t for t in topics if t not in TOPICS]:
        problems.append(f"{where}: topics {bad} not in the vocabulary")
    if len(topics) != len(set(topics)):
        problems.append(f"{where}: duplicate topics")
    return problems


def check_dates(event: dict, where: str) -> list[str]:
    date, precision, end = event.get("date"), event.get("date_precision"), event.get("end_date")
    if date is None:
        if precision is not None or end is not None:
            return [f"{where}: no date, so date_precision and end_date must be null"]
        return []
    start = parse_date(date, precision) if isinstance(date, str) else None
    if start is None:
        return [f"{where}: date {date!r} is not a valid {precision!r}-precision date"]
    if end is not None:
        finish = parse_date(end, precision) if isinstance(end, str) else None
        if finish is None:
            return [f"{where}: end_date {end!r} is not a valid {precision!r}-precision date"]
        if finish <= start:
            return [f"{where}: end_date {end} is not after date {date}"]
    return []


WEEKDAYS = {
    name: index
    for names in (
        ["senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"],
        ["isnin", "selasa", "rabu", "khamis", "jumaat", "sabtu", "ahad"],
    )
    for index, name in enumerate(names)
}
MONTHS = {
    name: index
    for names in (
        ["januari", "februari", "maret", "april", "mei", "juni", "juli"],
        ["agustus", "september", "oktober", "november", "desember"],
        ["januari", "februari", "mac", "april", "mei", "jun", "julai", "ogos"],
    )
    for index, name in enumerate(names, start=1 if names[0] == "januari" else 8)
}
WEEKDAY_SHORT = re.compile(r"\b([A-Z][a-z]+) \((\d{1,2})/(\d{1,2})(?:/(\d{4}))?\)")
WEEKDAY_LONG = re.compile(r"\b([A-Z][a-z]+), (\d{1,2}) ([A-Z][a-z]+) (\d{4})")


def check_weekdays(record: dict) -> list[str]:
    """A weekday printed beside a date must be that date's weekday (the year, if not printed,
    taken as the one nearest the publication date)."""
    problems = []
    published = record["published"] and dt.date.fromisoformat(record["published"])
    text = record["title"] + "\n" + record["text"]
    found = [(m[1], int(m[2]), int(m[3]), m[4] and int(m[4])) for m in WEEKDAY_SHORT.finditer(text)]
    found += [
        (m[1], int(m[2]), MONTHS[m[3].lower()], int(m[4]))
        for m in WEEKDAY_LONG.finditer(text)
        if m[3].lower() in MONTHS
    ]
    for name, day, month, year in found:
        if name.lower() not in WEEKDAYS:
            continue
        years = (
            [year]
            if year
            else ([published.year - 1, published.year, published.year + 1] if published else [])
        )
        candidates = []
        for candidate in years:
            try:
                candidates.append(dt.date(candidate, month, day))
            except ValueError:
                continue
        if year is None and published:
            candidates = sorted(candidates, key=lambda d: abs((d - published).days))[:1]
        if candidates and all(d.weekday() != WEEKDAYS[name.lower()] for d in candidates):
            problems.append(f"{record['id']}: {name} ({day}/{month}) is a {candidates[0]:%A}")
    return problems


def check_record(record: dict, codes: set[str]) -> list[str]:
    where = str(record.get("id", "?"))
    problems = []
    if set(record) != RECORD_KEYS:
        problems.append(f"{where}: keys {sorted(set(record))} should be {sorted(RECORD_KEYS)}")
        return problems
    if record["language"] not in LANGUAGES:
        problems.append(f"{where}: language {record['language']!r} unknown")
    for key in ("title", "text", "publisher"):
        if not isinstance(record[key], str) or not record[key].strip():
            problems.append(f"{where}: {key} must be a non-empty string")
    if record["text"].startswith(record["title"] + "\n") and record["id"].startswith("dev-"):
        problems.append(f"{where}: text must not start with the title line")
    url = record["url"]
    if url is not None and not re.match(r"^https?://[^\s/]+\.[^\s]+$", url):
        problems.append(f"{where}: url {url!r} is not an http(s) URL")
    labels = record["labels"]
    if missing := LABEL_KEYS - set(labels):
        problems.append(f"{where}: labels miss {sorted(missing)}")
        return problems
    if extra := set(labels) - LABEL_KEYS - OPTIONAL_LABEL_KEYS:
        problems.append(f"{where}: labels have unknown keys {sorted(extra)}")
    for key in ("published_date",):
        value = labels[key]
        if value is not None and parse_date(value, "day") is None:
            problems.append(f"{where}: labels.{key} {value!r} is not YYYY-MM-DD")
    published = record["published"]
    if published is not None and parse_date(published, "day") is None:
        problems.append(f"{where}: published {published!r} is not YYYY-MM-DD")
    mentioned = labels["mentioned"]
    if mentioned != sorted(set(mentioned)):
        problems.append(f"{where}: mentioned must be sorted and unique: {mentioned}")
    for code in mentioned:
        if code not in codes:
            problems.append(f"{where}: unknown mentioned code {code!r}")
    problems += check_weekdays(record)
    if record["split"] not in {"tune", "holdout"}:
        problems.append(f"{where}: split {record['split']!r} is not tune or holdout")
    if labels["in_scope"] is not bool(labels["events"]):
        problems.append(f"{where}: in_scope must be true exactly when there is an event")
    if not labels["in_scope"] and labels["out_of_scope"] not in OUT_OF_SCOPE:
        problems.append(f"{where}: out_of_scope {labels['out_of_scope']!r} is not a codebook category")
    if not isinstance(labels["events"], list):
        problems.append(f"{where}: events must be a list")
        return problems
    for index, event in enumerate(labels["events"]):
        problems += check_event(event, set(mentioned), codes, f"{where} events[{index}]")
    return problems


def validate_lines(lines: list[str]) -> list[str]:
    """Every problem found in the JSON lines, as readable messages (empty when the set is valid)."""
    codes = known_codes()
    problems, seen = [], set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            problems.append(f"line {number}: blank line")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {number}: not JSON ({exc})")
            continue
        if record.get("id") in seen:
            problems.append(f"line {number}: duplicate id {record.get('id')!r}")
        seen.add(record.get("id"))
        problems += check_record(record, codes)
    return problems


def validate_file(path: Path = DEVSET) -> list[str]:
    return validate_lines(path.read_text(encoding="utf-8").splitlines())


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEVSET
    found = validate_file(target)
    for problem in found:
        print(problem)
    print(f"{len(found)} problem(s) in {target}")
    sys.exit(1 if found else 0)
