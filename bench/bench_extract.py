"""Extraction benchmark: articles per second on one core for ~4 KB articles, and the memory it takes.

    .venv/bin/python bench/bench_extract.py [--seconds 10] [--database]

The articles are the development set's (tests/data/devset.jsonl, else the five seeds), each cut or
extended with its own paragraphs to about 4 KB of UTF-8. Gazetteers are built once before timing
(from fixtures/*.json, or with --database from the database named by DATABASE_URL). Memory is the
resident set (VmRSS) of this process with Django set up, the Celery app and every task module
imported and the gazetteers loaded: what a worker holds. Throughput is given per second of CPU
time (what one core does, whatever else the machine runs) and per second of wall time. The
extraction includes the relevance stage (apps/tagging/relevance.py); its own share is timed in a
second pass, with the share of the corpus it keeps in scope.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-secret-key")
SEEDS = Path(__file__).resolve().parents[1] / "tests" / "data" / "seeds"
TARGET_BYTES = 4096


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def corpus() -> list[tuple[str, str, date | None]]:
    devset = ROOT / "tests" / "data" / "devset.jsonl"
    records: list[tuple[str, str, date | None]] = []
    if devset.exists():
        for line in devset.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                published = date.fromisoformat(r["published"]) if r.get("published") else None
                records.append((r["title"], r["text"], published))
    else:
        for path in sorted(SEEDS.glob("*.txt")):
            title, _, body = path.read_text(encoding="utf-8").partition("\n")
            records.append((title, body, None))
    return [(title, to_size(body), published) for title, body, published in records]


def to_size(body: str) -> str:
    """The body cut or extended (with its own paragraphs) to about TARGET_BYTES of UTF-8."""
    paragraphs = [p for p in body.split("\n") if p.strip()] or [body]
    out: list[str] = []
    i = 0
    while len("\n".join(out).encode()) < TARGET_BYTES:
        out.append(paragraphs[i % len(paragraphs)])
        i += 1
    text = "\n".join(out).encode()[:TARGET_BYTES]
    return text.decode("utf-8", errors="ignore")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--database", action="store_true", help="build the gazetteers from the database")
    parser.add_argument(
        "--language-known",
        action="store_true",
        help="pass each article's language, as ingestion does when the feed or page declares it",
    )
    args = parser.parse_args()

    import django

    django.setup()
    import config.celery  # noqa: F401  (a worker holds the Celery app and every task module)
    from apps.news import tasks as news_tasks  # noqa: F401
    from apps.pipeline import tasks as pipeline_tasks  # noqa: F401
    from apps.tagging import gazetteer
    from apps.tagging.pipeline import extract

    base = rss_mib()
    started = time.perf_counter()
    gaz = gazetteer.load() if args.database else gazetteer.from_fixtures()
    build_s = time.perf_counter() - started
    articles = corpus()
    languages = [extract(t, x, gaz, published=p).language for t, x, p in articles]  # warm up
    if not args.language_known:
        languages = [None] * len(articles)

    count, started, cpu_started = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - started < args.seconds:
        for (title, text, published), language in zip(articles, languages, strict=True):
            extract(title, text, gaz, published=published, language=language)
        count += len(articles)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    size = sum(len(t.encode()) for _, t, _ in articles) / len(articles)
    print(f"articles in corpus     {len(articles)} (mean {size:,.0f} bytes of UTF-8)")
    print(f"gazetteer build        {build_s:.2f} s ({'database' if args.database else 'fixtures'})")
    print(f"extraction (CPU time)  {count / cpu:,.0f} articles/s on one core ({count} in {cpu:.1f} s of CPU)")
    print(
        f"extraction (wall time) {count / elapsed:,.0f} articles/s ({elapsed:.1f} s; lower on a busy machine)"
    )
    share, kept = relevance_share(articles, languages, gaz)
    print(f"relevance stage        {share:.0%} of the CPU time ({kept} of {len(articles)} articles in scope)")
    print(
        f"memory (VmRSS)         {rss_mib():.0f} MiB with everything loaded (Django + apps: {base:.0f} MiB)"
    )


def relevance_share(articles, languages, gaz) -> tuple[float, int]:
    """The relevance stage's share of extraction CPU time (features and scoring), and how many of the
    articles it keeps in scope: one pass with the stage's two calls timed."""
    from apps.tagging import pipeline, relevance

    spent = [0.0]
    features, model = relevance.article_features, relevance.default_model()

    def timed_features(*args):
        started = time.process_time()
        try:
            return features(*args)
        finally:
            spent[0] += time.process_time() - started

    class Timed(relevance.Model):
        def assess(self, *args):
            started = time.process_time()
            try:
                return super().assess(*args)
            finally:
                spent[0] += time.process_time() - started

    timed_model = Timed(
        model.weights, model.ngram_weights, model.intercept, model.threshold, model.ngram_scale
    )
    relevance.article_features = timed_features
    try:
        kept, started = 0, time.process_time()
        for (title, text, published), language in zip(articles, languages, strict=True):
            result = pipeline.extract(title, text, gaz, published=published, language=language,
                                      relevance_model=timed_model)  # fmt: skip
            kept += result.relevance.in_scope
        total = time.process_time() - started
    finally:
        relevance.article_features = features
    return spent[0] / total, kept


if __name__ == "__main__":
    main()
