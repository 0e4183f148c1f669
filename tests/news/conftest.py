"""Fixtures for ingestion tests: real HTTP servers on loopback and real Celery workers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

ROOT = Path(__file__).resolve().parents[2]
FEEDS_DIR = Path(__file__).resolve().parents[1] / "data" / "feeds"
SEEDS_DIR = Path(__file__).resolve().parents[1] / "data" / "seeds"

# A handler gets the request and answers (status, headers, body); a body may be a callable that writes
# to the socket itself (for servers that drip, stall or lie).
Route = Callable[["Request"], tuple[int, dict[str, str], bytes | Callable]]


@dataclass
class Request:
    path: str
    headers: dict[str, str]


@dataclass
class Server:
    host: str
    port: int
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    def add(self, path: str, body: bytes | str = b"", status: int = 200, headers: dict | None = None) -> None:
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = lambda request: (status, dict(headers or {}), data)


def _handler_for(server: Server):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            request = Request(self.path, {k.lower(): v for k, v in self.headers.items()})
            with server.lock:
                server.requests.append(request)
                server.in_flight += 1
                server.max_in_flight = max(server.max_in_flight, server.in_flight)
            try:
                route = server.routes.get(self.path.split("?")[0])
                if route is None:
                    status, headers, body = 404, {}, b"not found"
                else:
                    status, headers, body = route(request)
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if callable(body):
                    self.send_header("Connection", "close")
                    self.end_headers()
                    body(self.wfile)
                else:
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                with server.lock:
                    server.in_flight -= 1

    return Handler


def start_server(host: str = "127.0.0.1") -> tuple[Server, ThreadingHTTPServer]:
    server = Server(host, 0)
    httpd = ThreadingHTTPServer((host, 0), _handler_for(server))
    httpd.daemon_threads = True
    server.port = httpd.server_address[1]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return server, httpd


@pytest.fixture
def http_server() -> Iterator[Server]:
    """A real HTTP server on 127.0.0.1 (listed in INGEST_ALLOW_HOSTS by the test settings)."""
    server, httpd = start_server("127.0.0.1")
    yield server
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def refused_server() -> Iterator[Server]:
    """A real HTTP server on 127.0.0.2: loopback too, but not allow-listed, so the client must refuse it."""
    server, httpd = start_server("127.0.0.2")
    yield server
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def ingest_settings(settings) -> None:
    """Fast politeness for loopback servers; robots.txt answers are forgotten between tests."""
    settings.INGEST_ALLOW_HOSTS = ["127.0.0.1", "localhost"]
    settings.INGEST_HOST_MIN_GAP_MS = 0
    settings.INGEST_HOST_MAX_CONCURRENT = 8
    forget_robots_and_slots()


def forget_robots_and_slots() -> None:
    """Drop cached robots.txt answers and per-host slots. Never `cache.clear()`: with Redis the cache
    shares its database with the broker, and a FLUSHDB would drop queued tasks."""
    if not settings.REDIS_URL:
        cache.clear()
        return
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    for pattern in ("*news:robots:*", "news:host:*"):
        keys = list(client.scan_iter(pattern, count=1000))
        if keys:
            client.delete(*keys)


def rss(items: list[dict], *, title: str = "Test feed") -> bytes:
    """An RSS 2.0 document; each item: title, link, description, optional pubDate and content."""
    from xml.sax.saxutils import escape

    parts = []
    for item in items:
        content = item.get("content")
        encoded = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
        pub = f"<pubDate>{item['pubDate']}</pubDate>" if item.get("pubDate") else ""
        parts.append(
            f"<item><title>{escape(item['title'])}</title><link>{escape(item['link'])}</link>"
            f"<description>{escape(item.get('description', ''))}</description>{pub}{encoded}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{title}</title><link>http://example.org/</link><language>en</language>"
        + "".join(parts)
        + "</channel></rss>"
    ).encode()


def long_text(n: int, words: int = 180) -> str:
    """A distinct article body of a few hundred words (distinct enough not to be a near-duplicate)."""
    import random

    rng = random.Random(n)
    vocabulary = [
        "korea",
        "indonesia",
        "culture",
        "agreement",
        "forum",
        "ministry",
        "festival",
        "heritage",
        "music",
        "film",
        "university",
        "research",
        "delegation",
        "signed",
        "cooperation",
        "digital",
        "creative",
        "industry",
        "exchange",
        "students",
        "artists",
        "museum",
        "program",
        "investment",
        "tourism",
        "language",
        "education",
        "technology",
        "platform",
        "summit",
        "minister",
        "embassy",
        "partnership",
    ]
    return " ".join(rng.choice(vocabulary) for _ in range(words)) + f" (article {n})."


# --- real Celery workers -------------------------------------------------------------------------

needs_worker = pytest.mark.skipif(
    not (os.environ.get("REDIS_URL") and os.environ.get("DATABASE_URL", "").startswith("postgres")),
    reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL) for a real Celery worker",
)

WORKER_ENV = {
    "INGEST_ALLOW_HOSTS": "127.0.0.1,localhost",
    "INGEST_HOST_MIN_GAP_MS": "0",
    "INGEST_HOST_MAX_CONCURRENT": "8",
    "INGEST_MAX_ITEMS_PER_FETCH": "1000",
    "CELERY_TASK_SOFT_TIME_LIMIT": "5",
    "CELERY_TASK_TIME_LIMIT": "8",
    # A killed worker's messages come back within seconds (the default is minutes).
    "CELERY_VISIBILITY_TIMEOUT": "10",
    "CELERY_UNACKED_RESTORE_INTERVAL": "1",
}


def purge_broker() -> None:
    """Empty this test run's Redis database (REDISDB is ours alone): queues, unacked messages, slots."""
    import redis

    redis.Redis.from_url(settings.REDIS_URL).flushdb()


@dataclass
class Worker:
    name: str
    process: subprocess.Popen

    def kill(self) -> None:
        """SIGKILL the worker and its pool children (its own process group): no warm shutdown."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def start_worker(name: str, *, concurrency: int = 2, extra_env: dict | None = None) -> Worker:
    from django.db import connection

    db = connection.settings_dict
    env = {
        **os.environ,
        **WORKER_ENV,
        **(extra_env or {}),
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "SECRET_KEY": "test-secret-key-not-for-production",
    }
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"news-worker-{name}.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-c", str(concurrency), "-n", f"{name}@%h",
         "-l", "info", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    worker = Worker(name, process)
    from config.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"worker {name} exited with {process.returncode}; see {log.name}")
        replies = app.control.ping(timeout=0.5)
        if any(name in next(iter(reply)) for reply in replies):
            return worker
    worker.kill()
    raise RuntimeError(f"worker {name} did not answer a ping within 60 s")


@pytest.fixture
def workers(transactional_db) -> Iterator[Callable[..., Worker]]:
    """Start real workers on the test database; every one is killed at the end of the test."""
    started: list[Worker] = []
    purge_broker()

    def start(name: str = "w1", **kwargs) -> Worker:
        worker = start_worker(name, **kwargs)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.kill()
    purge_broker()


def wait_for(
    condition: Callable[[], object], *, timeout: float = 60, interval: float = 0.1, message: str = ""
):
    """Poll `condition` until it is truthy; fail with `message` at the deadline."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout} s: {message}")
