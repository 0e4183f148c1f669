"""Fixtures of the tagging tests: gazetteers from the fixture files, the seed texts, a real worker."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from apps.tagging import gazetteer, relevance
from apps.tagging.pipeline import extract
from tests.workers import Worker, purge_broker, start_worker, wait_for  # noqa: F401  (wait_for: re-exported)

ROOT = Path(__file__).resolve().parents[2]
SEEDS = Path(os.environ.get("SEEDS_DIR", Path(__file__).resolve().parents[1] / "data" / "seeds"))
DEVSET = ROOT / "tests" / "data" / "devset.jsonl"
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="session")
def gaz() -> gazetteer.Gazetteers:
    """Gazetteers built from fixtures/*.json, as the database would hold them after `seed`."""
    return gazetteer.from_fixtures()


@pytest.fixture(scope="session")
def run(gaz) -> Callable:
    """The pipeline without the relevance gate: tests of parties, kinds and dates read one-sentence
    texts that keep their events whatever their subject (test_relevance.py tests the gate)."""
    neutral = relevance.neutral_model()

    def run(text: str, title: str = "", published: date | None = None):
        return extract(title, text, gaz, published=published, today=TODAY, relevance_model=neutral)

    return run


@pytest.fixture(scope="session")
def judge(gaz) -> Callable:
    """The pipeline with the shipped relevance model, as workers run it."""

    def judge(text: str, title: str = "", published: date | None = None):
        return extract(title, text, gaz, published=published, today=TODAY)

    return judge


def seed_records() -> list[dict]:
    """The five seed articles with their labels: from the devset (which carries them) or the seeds folder."""
    if DEVSET.exists():
        rows = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines() if line.strip()]
        seeds = [r for r in rows if r["id"].startswith("seed-")]
        if seeds:
            return seeds
    labels = json.loads((SEEDS / "labels.json").read_text(encoding="utf-8"))["articles"]
    records = []
    for label in labels:
        title, _, body = (SEEDS / label["file"]).read_text(encoding="utf-8").partition("\n")
        records.append(
            {
                "id": label["file"],
                "title": title,
                "text": body,
                "published": label["published_date"],
                "labels": label,
            }
        )
    return records


@pytest.fixture
def worker(transactional_db) -> Iterator[Worker]:
    """A real Celery worker on the test database, killed (with its pool) at the end of the test."""
    purge_broker()
    worker = start_worker("tagging", concurrency=1)
    yield worker
    worker.kill()
    purge_broker()
