"""Full-text search (`q=`) over many stored articles: how long a common word takes.

    psql -h 127.0.0.1 -U postgres -c "create database dt_search_bench"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dt_search_bench DEBUG=1 \
        .venv/bin/python bench/bench_search.py [--articles 12000] [--events 3000] [--concurrent 6]

Fills an empty (scratch) database once: articles of 2–4 development-set texts each (about 4,000
characters, mostly Indonesian, so "kerja" — as in "kerja sama" — is in many of them), events with 1–4
of those articles as sources. Then times each URL through Django's test client (median of a few runs,
with the number of queries), with the statement timeout and the rate limits off so the figure is the
query's own cost. With --concurrent N it also serves the database with gunicorn (3 sync workers, as
compose runs it), sends N searches at once and times /healthz beside them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from apps.events.models import Event, EventPair, EventSource  # noqa: E402
from apps.geo.models import Country  # noqa: E402
from apps.news.models import Article, Source  # noqa: E402

DEVSET = ROOT / "tests" / "data" / "devset.jsonl"
CODES = ["ID", "KR", "CN", "JP", "SG", "MY", "TH", "VN", "PH", "US", "FR", "IN", "AU", "ASEAN", "EU"]
KINDS = ["agreement", "forum", "collaboration", "regulation", "visit", "funding", "other"]
PLACES = ["Jakarta", "Seoul", "Beijing", "Tokyo", "Singapura", "Kuala Lumpur", "Bandung", "Busan", ""]
URLS = [
    "/?q=kerja",
    "/?q=kerja&pair=ID-KR",
    "/?q=kecerdasan+buatan",
    "/?q=%22kerja+sama%22+-china",
    "/?q=qwertyuiop",
    "/pairs/?q=kerja",
    "/articles/?q=kerja",
    "/events.csv?q=kerja",
    "/events.json?q=kerja",
    "/events.atom?q=kerja",
]


def _texts() -> list[dict]:
    return [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines() if line.strip()]


def populate(n_articles: int, n_events: int, seed: int = 11) -> None:
    """Bulk-create the articles and events (reference data from `seed --reference-only`)."""
    call_command("seed", reference_only=True, verbosity=0)
    rng = random.Random(seed)
    texts = _texts()
    indonesian = [t for t in texts if t["language"] == "id"]
    source, _ = Source.objects.get_or_create(domain="bench-search.example", defaults={"name": "Bench"})
    start = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
    batch = 2000
    for offset in range(0, n_articles, batch):
        rows = []
        for i in range(offset, min(offset + batch, n_articles)):
            pool = indonesian if rng.random() < 0.6 else texts
            parts = rng.sample(pool, rng.choice([2, 3, 4]))
            paragraphs = [p for part in parts for p in part["text"].split("\n\n")]
            rng.shuffle(paragraphs)
            rows.append(
                Article(
                    url=f"https://bench-search.example/{i}",
                    url_hash=f"{i:064d}",  # bulk_create skips save(), which fills it
                    title=f"{parts[0]['title']} ({i})",
                    text="\n\n".join(paragraphs),
                    language=parts[0]["language"],
                    published_at=start + dt.timedelta(minutes=rng.randrange(5 * 365 * 24 * 60)),
                    source=source,
                    status=Article.Status.PROCESSED,
                )
            )
        Article.objects.bulk_create(rows)
        print(f"  {offset + len(rows)} articles", file=sys.stderr)
    ids = list(Article.objects.values_list("pk", "title"))
    codes = [c for c in CODES if Country.objects.filter(code=c).exists()]
    for offset in range(0, n_events, batch):
        size = min(batch, n_events - offset)
        chosen = [rng.sample(ids, rng.choice([1, 1, 2, 3, 4])) for _ in range(size)]
        events = Event.objects.bulk_create(
            [
                Event(
                    title=articles[0][1][:400],
                    summary=f"Bench event {offset + i}",
                    kind=rng.choice(KINDS),
                    date=dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(5 * 365)),
                    date_precision="day",
                    location=rng.choice(PLACES),
                    status=rng.choice(["confirmed", "proposed", "proposed", "rejected"]),
                    confidence=0.6,
                )
                for i, articles in enumerate(chosen)
            ]
        )
        parties, pairs, sources = [], [], []
        for event, articles in zip(events, chosen, strict=True):
            party = sorted(rng.sample(codes, 2))
            parties += [Event.parties.through(event_id=event.pk, country_id=c) for c in party]
            pairs += [EventPair(event_id=event.pk, a_id=a, b_id=b) for a, b in combinations(party, 2)]
            sources += [EventSource(event_id=event.pk, article_id=pk, evidence="…") for pk, _t in articles]
        Event.parties.through.objects.bulk_create(parties)
        EventPair.objects.bulk_create(pairs)
        EventSource.objects.bulk_create(sources)
        print(f"  {offset + size} events", file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def time_url(client: Client, url: str, runs: int) -> tuple[float, float, int, int]:
    samples, queries, status = [], 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
            samples.append(time.perf_counter() - t0)
        queries, status = len(ctx), response.status_code
    return statistics.median(samples), max(samples), queries, status


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def concurrent(n: int, url: str) -> None:
    """Serve with gunicorn (3 sync workers), send n searches at once and time /healthz beside them."""
    import httpx

    port = _free_port()
    env = {
        **os.environ,
        "ALLOWED_HOSTS": "127.0.0.1",
        "RATE_LIMIT_SEARCH": os.environ.get("RATE_LIMIT_SEARCH", "0"),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-" + "x" * 50,
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers", "3",
         "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/healthz?workers=0", timeout=5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        results: list[tuple[int, float]] = []

        def search() -> None:
            t0 = time.perf_counter()
            status = httpx.get(base + url, timeout=120).status_code
            results.append((status, time.perf_counter() - t0))

        threads = [threading.Thread(target=search) for _ in range(n)]
        for t in threads:
            t.start()
        time.sleep(0.3)  # let the searches reach the workers first
        t0 = time.perf_counter()
        health = httpx.get(base + "/healthz?workers=0", timeout=120).status_code
        health_seconds = time.perf_counter() - t0
        for t in threads:
            t.join()
        statuses = sorted({s for s, _ in results})
        slowest = max(seconds for _, seconds in results)
        print(
            f"{n} x {url} at once on 3 gunicorn workers: statuses {statuses}, "
            f"slowest {slowest * 1000:.0f} ms; /healthz beside them {health} in "
            f"{health_seconds * 1000:.0f} ms"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=12000)
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--concurrent", type=int, default=0, help="also send N searches at once to gunicorn")
    parser.add_argument("--reuse", action="store_true", help="time the articles already in the database")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    # The query's own cost: no statement timeout, no rate limit (both are read per request).
    settings.WEB_STATEMENT_TIMEOUT_MS = 0
    settings.RATE_LIMIT_SEARCH = settings.RATE_LIMIT_EXPORTS = None
    call_command("migrate", verbosity=0)
    existing = Article.objects.count()
    if existing and not args.reuse:
        sys.exit(f"the database already holds {existing} articles; pass --reuse or use an empty database")
    if not existing:
        populate(args.articles, args.events)
    size = Article.objects.aggregate(n=django.db.models.Avg(django.db.models.functions.Length("text")))["n"]
    print(
        f"{Article.objects.count()} articles (mean {size:.0f} characters), {Event.objects.count()} events, "
        f"{EventSource.objects.count()} sources; {Article.objects.matching('kerja').count()} articles "
        f"and {Event.objects.matching('kerja').count()} events match 'kerja'"
    )
    client = Client()
    print(f"{'url':32} {'median ms':>10} {'max ms':>8} {'queries':>8} {'status':>7}")
    for url in URLS:
        median, worst, queries, status = time_url(client, url, args.runs)
        print(f"{url:32} {median * 1000:10.1f} {worst * 1000:8.1f} {queries:8d} {status:7d}")
    if args.concurrent:
        connection.close()
        concurrent(args.concurrent, URLS[0])


if __name__ == "__main__":
    main()
