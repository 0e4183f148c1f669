"""The labelled development set is well-formed, so scores computed on it mean something."""

from __future__ import annotations

import json

import pytest

from tests.data.validate_devset import DEVSET, validate_file, validate_lines

SEED_IDS = {f"seed-{n:03d}" for n in range(5)}


def load() -> list[dict]:
    return [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines()]


def good_record() -> dict:
    return {
        "id": "dev-x",
        "language": "id",
        "title": "Judul",
        "text": "Isi berita.",
        "published": "2025-11-04",
        "url": "https://example.com/a",
        "publisher": "Contoh",
        "split": "tune",
        "labels": {
            "published_date": "2025-11-04",
            "in_scope": True,
            "out_of_scope": None,
            "mentioned": ["CN", "ID", "KR"],
            "events": [
                {
                    "kind": "agreement",
                    "title": "t",
                    "parties": ["CN", "ID", "KR"],
                    "pairs": [["CN", "ID"], ["CN", "KR"], ["ID", "KR"]],
                    "date": "2025-11",
                    "end_date": None,
                    "date_precision": "month",
                    "location": "Jakarta",
                    "agreement_count": 3,
                    "actors": [{"name": "KOFICE", "country": "KR"}],
                    "topics": ["ai"],
                }
            ],
        },
    }


def test_every_line_of_the_devset_is_valid():
    assert validate_file() == []


def test_devset_holds_the_seeds_and_at_least_forty_written_articles():
    records = load()
    ids = [r["id"] for r in records]
    assert set(ids) >= SEED_IDS
    assert len(ids) >= 45
    languages = {r["language"] for r in records}
    assert {"id", "en", "ms", "ko", "zh", "ja"} <= languages
    assert any(r["labels"]["events"] == [] for r in records)


def test_devset_looks_like_the_world_and_holds_out_a_fifth():
    """Issue 11: 150+ articles beside the first 49, 60+ of them out of scope in every language read."""
    records = load()
    assert len(records) >= 49 + 150
    out = [r for r in records if not r["labels"]["in_scope"]]
    assert len(out) >= 60
    assert {r["language"] for r in out} >= {"id", "en", "ms", "ko", "zh"}
    holdout = [r for r in records if r["split"] == "holdout"]
    assert 0.15 <= len(holdout) / len(records) <= 0.25
    assert all(int(r["id"][4:]) % 5 == 0 for r in holdout)


def test_seed_labels_match_the_shared_labels_file():
    path = DEVSET.parent / "seeds" / "labels.json"
    shared = json.loads(path.read_text(encoding="utf-8"))["articles"]
    seeds = [r for r in load() if r["id"] in SEED_IDS]
    for record, article in zip(sorted(seeds, key=lambda r: r["id"]), shared, strict=True):
        assert record["labels"]["events"] == article["events"]
        assert record["labels"]["mentioned"] == article["mentioned"]
        assert record["published"] == article["published_date"]


def test_validator_accepts_a_well_formed_record():
    assert validate_lines([json.dumps(good_record())]) == []


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda r: r["labels"]["events"][0].update(kind="treaty"), "kind 'treaty'"),
        (lambda r: r["labels"]["events"][0].update(pairs=[["CN", "ID"]]), "pairs"),
        (lambda r: r["labels"]["events"][0].update(parties=["CN", "ID", "KR", "US"]), "not in mentioned"),
        (lambda r: r["labels"].update(mentioned=["CN", "ID", "KR", "XX"]), "unknown mentioned code"),
        (lambda r: r["labels"]["events"][0].update(date="2025-11-31", date_precision="day"), "not a valid"),
        (lambda r: r["labels"]["events"][0].update(date_precision="day"), "not a valid"),
        (lambda r: r["labels"]["events"][0].update(end_date="2025-10"), "not after"),
        (lambda r: r["labels"]["events"][0].update(topics=["sports"]), "vocabulary"),
        (lambda r: r["labels"]["events"][0]["actors"][0].update(country="Korea"), "unknown country"),
        (lambda r: r.update(text="Judul\nIsi berita."), "title line"),
        (lambda r: r.update(text="Digelar di Jakarta, Senin (4/11)."), "is a Tuesday"),
        (lambda r: r.update(split="train"), "split 'train'"),
        (lambda r: r["labels"].update(events=[]), "in_scope must be true exactly"),
        (lambda r: r["labels"].update(events=[], in_scope=False, out_of_scope="weather"), "not a codebook"),
        (lambda r: r["labels"]["events"][0].update(kind_alt="agreement"), "kind_alt"),
    ],
)
def test_validator_reports_a_broken_record(mutate, message):
    record = good_record()
    mutate(record)
    problems = validate_lines([json.dumps(record)])
    assert any(message in p for p in problems), problems


def test_validator_reports_duplicate_ids():
    line = json.dumps(good_record())
    assert any("duplicate id" in p for p in validate_lines([line, line]))
