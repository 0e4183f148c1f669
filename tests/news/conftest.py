"""Fixtures for ingestion tests: real HTTP servers on loopback and real Celery workers."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings

from tests.workers import Worker, purge_broker, start_worker, wait_for  # noqa: F401  (wait_for: re-exported)

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
    """Drop cached robots.txt answers (in the cache's Redis database) and per-host slots (in the
    broker's), key by key: a FLUSHDB would drop what running workers hold. A loopback port is reused
    between tests, so an answer cached for an earlier server must not speak for this one."""
    import redis

    for url, pattern in ((settings.REDIS_CACHE_URL, "*news:robots:*"), (settings.REDIS_URL, "news:host:*")):
        client = redis.Redis.from_url(url)
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


# --- real Celery workers (tests/workers.py) --------------------------------------------------------


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
