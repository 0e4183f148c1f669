"""Ingestion benchmark: a local feed of 5,000 full-text items → stored, tagged, events built, by real workers.

Run against a SCRATCH database (it deletes every article and event in it) and your own Redis database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dt_news_bench REDIS_URL=redis://127.0.0.1:6379/1 \
        .venv/bin/python bench/bench_ingest.py [--items 5000] [--concurrency 2]

Phase 1 (throughput): one poll finds all items; articles/s is items / (last tagged_at − poll start).
Phase 2 (latency): new items arrive in small rounds (the feed then serves its newest 50 items, as real
feeds do), each round found by a poll; latency is the time from the poll that found an item to its
article being tagged with its events built (same transaction), p50/p95.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-secret-key")
os.environ.setdefault("INGEST_ALLOW_HOSTS", "127.0.0.1")
SEEDS = Path(__file__).resolve().parents[1] / "tests" / "data" / "seeds"

WORKER_ENV = {
    "INGEST_ALLOW_HOSTS": "127.0.0.1",
    "INGEST_HOST_MIN_GAP_MS": "0",
    "INGEST_MAX_ITEMS_PER_FETCH": "10000",
    "INGEST_MAX_BYTES": str(64 * 1024 * 1024),
    "LOG_LEVEL": "WARNING",
}


def sentences() -> list[str]:
    pool = []
    for path in sorted(SEEDS.glob("*.txt")):
        body = path.read_text().split("\n", 1)[1]
        pool += [s.strip() for s in re.split(r"(?<=[.!?])\s+", body) if 40 < len(s.strip()) < 400]
    return pool


def make_items(start: int, count: int, pool: list[str], base: str) -> list[str]:
    rng = random.Random(start)
    items = []
    for n in range(start, start + count):
        body = " ".join(rng.sample(pool, 10)) + f" Laporan nomor {n}."
        title = f"Korea Selatan dan Indonesia perkuat kerja sama budaya dan AI ({n})"
        items.append(
            f"<item><title>{escape(title)}</title><link>{base}/a/{n}</link>"
            f"<pubDate>Tue, 04 Nov 2025 08:00:00 GMT</pubDate>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
        )
    return items


class FeedState:
    def __init__(self) -> None:
        self.items: list[str] = []
        self.lock = threading.Lock()

    window = 0  # 0: every item; else only the newest `window` items, as real feeds serve them

    def body(self) -> bytes:
        with self.lock:
            items = self.items[-self.window :] if self.window else self.items
            inner = "".join(reversed(items))  # newest first, as feeds list them
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench</title>'
            f"<link>http://127.0.0.1/</link><language>id</language>{inner}</channel></rss>"
        ).encode()


def serve(state: FeedState) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            body = state.body() if self.path == "/feed.xml" else b""
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def start_worker(concurrency: int) -> subprocess.Popen:
    env = {**os.environ, **WORKER_ENV}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-c", str(concurrency), "-n", "bench@%h",
         "-l", "warning", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip


def poll_now(feed_id: int) -> float:
    from apps.news import polling
    from apps.news.tasks import poll_feed

    while not polling.claim_feed(feed_id):  # the previous poll of this feed is still running
        time.sleep(0.01)
    started = time.time()
    poll_feed.delay(feed_id)
    return started


def wait_tagged(expected: int, timeout: float) -> None:
    from apps.news.models import Article

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = Article.objects.exclude(status=Article.Status.PENDING).count()
        if done >= expected:
            return
        time.sleep(0.2)
    raise SystemExit(f"timed out: {done}/{expected} articles tagged")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=20, help="latency phase: polls with new items")
    parser.add_argument("--per-round", type=int, default=5)
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between latency-phase polls")
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL") or not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set DATABASE_URL (PostgreSQL, a scratch database) and REDIS_URL")

    import django

    django.setup()
    import redis
    from django.conf import settings
    from django.core.management import call_command

    from apps.events.models import Event, EventSource
    from apps.news.inputs import add_feed
    from apps.news.models import Article, Feed
    from config.celery import app

    call_command("migrate", verbosity=0)
    call_command("seed", "--reference-only", verbosity=0)
    # Truncated, not deleted: the dead rows of earlier runs would slow this one down.
    from django.db import connection

    from apps.news.models import Source
    from apps.tagging.models import ActorCandidate

    tables = [m._meta.db_table for m in (Article, Event, Event.history.model, Feed, Source, ActorCandidate)]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        cursor.execute("VACUUM ANALYZE")
    redis.Redis.from_url(settings.REDIS_URL).flushdb()

    pool = sentences()
    state = FeedState()
    httpd = serve(state)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    state.items = make_items(0, args.items, pool, base)
    feed, _ = add_feed(f"{base}/feed.xml", name="bench")

    worker = start_worker(args.concurrency)
    try:
        while not app.control.ping(timeout=0.5):
            pass
        # Phase 1: throughput.
        started = poll_now(feed.pk)
        wait_tagged(args.items, timeout=3600)
        last = max(Article.objects.values_list("tagged_at", flat=True).exclude(tagged_at=None))
        elapsed = last.timestamp() - started
        failed = Article.objects.filter(status=Article.Status.FAILED).count()
        events = Event.objects.count()
        sources = EventSource.objects.count()
        rate = args.items / elapsed
        stored_first = min(Article.objects.values_list("fetched_at", flat=True))
        stored_last = max(Article.objects.values_list("fetched_at", flat=True))
        print(f"poll (fetch and parse the feed, queue the chunks): first article stored "
              f"{stored_first.timestamp() - started:.1f} s after the poll started")  # fmt: skip
        stored_rate = args.items / (stored_last.timestamp() - started)
        print(f"stored (fetch, parse, clean, dedupe, upsert; sharing the CPUs with tagging): "
              f"{stored_rate:.0f} articles/s")  # fmt: skip
        print(f"throughput: {args.items} articles in {elapsed:.1f} s = {rate:.0f} articles/s "
              f"({args.concurrency} worker processes; {failed} failed; {events} events, "
              f"{sources} event sources)")  # fmt: skip
        done = Article.objects.exclude(tagged_at=None).values_list("tagged_at", flat=True)
        backlog = [t.timestamp() - started for t in done]
        p50, p95 = percentile(backlog, 0.5), percentile(backlog, 0.95)
        print(f"backlog of {args.items} found by one poll: p50 {p50:.2f} s, p95 {p95:.2f} s")

        # Phase 2: latency from the poll that finds an item to its events being on the timeline.
        state.window = 50
        found_at: dict[str, float] = {}
        next_n = args.items
        for _ in range(args.rounds):
            new = make_items(next_n, args.per_round, pool, base)
            with state.lock:
                state.items += new
            poll_started = poll_now(feed.pk)
            for n in range(next_n, next_n + args.per_round):
                found_at[f"{base}/a/{n}"] = poll_started
            next_n += args.per_round
            time.sleep(args.interval)  # items arrive over time; the pipeline is not saturated
        wait_tagged(next_n, timeout=600)
        tagged = dict(Article.objects.filter(url__in=found_at).values_list("url", "tagged_at"))
        latencies = [tagged[url].timestamp() - t for url, t in found_at.items() if tagged.get(url)]
        print(f"latency over {len(latencies)} items ({args.rounds} polls of {args.per_round}): "
              f"p50 {percentile(latencies, 0.5):.2f} s, p95 {percentile(latencies, 0.95):.2f} s, "
              f"max {max(latencies):.2f} s, mean {statistics.mean(latencies):.2f} s")  # fmt: skip
    finally:
        os.killpg(worker.pid, 9)
        worker.wait()
        httpd.shutdown()


if __name__ == "__main__":
    main()
