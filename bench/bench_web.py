"""Dashboard timings over many synthetic events: how the pages and exports scale.

    DATABASE_URL=postgres://…/dt_web_bench DEBUG=1 python bench/bench_web.py --events 100000

Creates the rows once (bulk inserts into an empty database; it refuses a database that already
holds events unless --reuse), then times each URL through Django's test client: median of a few runs,
with the number of queries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
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
from apps.tagging.models import Topic  # noqa: E402

CODES = ["ID", "KR", "CN", "JP", "SG", "MY", "TH", "VN", "PH", "US", "FR", "DE", "GB", "IN", "AU"]
CODES += ["ASEAN", "EU"]
KINDS = ["agreement", "forum", "collaboration", "regulation", "visit", "funding", "other"]
URLS = [
    "/",
    "/?pair=ID-KR",
    "/?pair=ID-KR&kind=agreement&topic=ai",
    "/?country=KR&from=2020-01-01&to=2022-12-31",
    "/?q=culture",
    "/?page=2000",
    "/pairs/",
    "/pairs/?kind=forum",
    "/countries/KR/",
    "/events.csv?pair=ID-KR",
    "/events.json?pair=ID-KR&kind=agreement",
    "/events.atom?pair=ID-KR",
]


def populate(n: int, seed: int = 7) -> None:
    """Bulk-create n events with 2–3 parties, 1–2 topics and one source each (pairs written directly)."""
    call_command("seed", reference_only=True, verbosity=0)
    rng = random.Random(seed)
    topics = list(Topic.objects.values_list("slug", flat=True))
    codes = [c for c in CODES if Country.objects.filter(code=c).exists()]
    source, _ = Source.objects.get_or_create(domain="bench.example", defaults={"name": "Bench"})
    start = dt.date(2015, 1, 1)
    batch = 5000
    for offset in range(0, n, batch):
        size = min(batch, n - offset)
        events = Event.objects.bulk_create(
            [
                Event(
                    title=f"Bench event {offset + i} on culture and AI",
                    kind=rng.choice(KINDS),
                    date=start + dt.timedelta(days=rng.randrange(3900)),
                    date_precision="day",
                    status=rng.choice(["confirmed", "confirmed", "proposed", "rejected"]),
                    confidence=0.7,
                )
                for i in range(size)
            ]
        )
        articles = Article.objects.bulk_create(
            [
                # bulk_create skips save(), which fills url_hash; any unique value will do here.
                Article(
                    url=f"https://bench.example/{e.pk}", url_hash=f"{e.pk:064d}", title=e.title, source=source
                )
                for e in events
            ]
        )
        parties, tags, pairs, sources = [], [], [], []
        for event, article in zip(events, articles, strict=True):
            chosen = sorted(rng.sample(codes, rng.choice([2, 2, 3])))
            parties += [Event.parties.through(event_id=event.pk, country_id=c) for c in chosen]
            pairs += [EventPair(event_id=event.pk, a_id=a, b_id=b) for a, b in combinations(chosen, 2)]
            tags += [Event.topics.through(event_id=event.pk, topic_id=t) for t in rng.sample(topics, 2)]
            sources.append(EventSource(event_id=event.pk, article_id=article.pk, evidence=event.title))
        Event.parties.through.objects.bulk_create(parties)
        Event.topics.through.objects.bulk_create(tags)
        EventPair.objects.bulk_create(pairs)
        EventSource.objects.bulk_create(sources)
        print(f"  {offset + size} events", file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def time_url(client: Client, url: str, runs: int) -> tuple[float, int, int]:
    samples, queries, size = [], 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            samples.append(time.perf_counter() - t0)
        assert response.status_code == 200, (url, response.status_code)
        queries, size = len(ctx), len(body)
    return statistics.median(samples), queries, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="time the events already in the database")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    existing = Event.objects.count()
    if existing and not args.reuse:
        sys.exit(f"the database already holds {existing} events; pass --reuse or use an empty database")
    if not existing:
        populate(args.events)
    print(f"{Event.objects.count()} events, {EventPair.objects.count()} pair rows (PostgreSQL)")
    client = Client()
    print(f"{'url':45} {'median ms':>10} {'queries':>8} {'bytes':>10}")
    for url in URLS:
        seconds, queries, size = time_url(client, url, args.runs)
        print(f"{url:45} {seconds * 1000:10.1f} {queries:8d} {size:10d}")


if __name__ == "__main__":
    main()
