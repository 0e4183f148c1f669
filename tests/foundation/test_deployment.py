"""The hardened deployment: .env.example passes `check --deploy`, weak secret keys stop the start,
gunicorn serves hashed and compressed static files with the security headers, TRACE is refused and
the development server answers a static path traversal with 404."""

from __future__ import annotations

import gzip
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.checks import ERROR, Tags, run_checks
from django.core.management.utils import get_random_secret_key
from django.db import connection

from config.checks import DEVELOPMENT_SECRET_KEY, secret_key_is_strong
from config.env import proxy_ssl_header

ROOT = Path(__file__).resolve().parents[2]
# Variables of the environment the tests run in that would blur what .env.example sets.
DEPLOYMENT_VARIABLES = re.compile(r"(DEBUG|SECRET_KEY|SECURE_.*|SESSION_.*|CSRF_.*|STATIC_.*|ALLOWED_HOSTS)")


def env_example() -> dict[str, str]:
    """The values .env.example sets (commented lines are defaults, not values)."""
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.fullmatch(r"([A-Z][A-Z0-9_]*)=(.*)", line.strip())
        if match:
            values[match[1]] = match[2]
    return values


def database_url() -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return f"postgres://{quote(db['USER'], safe='')}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def production_env(**extra: str) -> dict[str, str]:
    """.env.example's values and a real key, on this test run's database and Redis."""
    inherited = {k: v for k, v in os.environ.items() if not DEPLOYMENT_VARIABLES.fullmatch(k)}
    return {
        **inherited,
        **env_example(),
        "SECRET_KEY": get_random_secret_key(),
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        **extra,
    }


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(command: list[str], env: dict[str, str], port: int) -> subprocess.Popen:
    """Start a server and wait until it accepts connections on `port` (or fail with its output)."""
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited: {process.stdout.read().decode(errors='replace')[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process
        except OSError:
            time.sleep(0.1)  # a starting server offers nothing to await but its port
    stop(process)
    raise AssertionError("server did not start within 60 s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def request(port: int, path: str, method: str = "GET", headers: dict | None = None):
    """One raw HTTP request: the path goes out exactly as given (no client-side normalisation)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


# --- configuration checks -------------------------------------------------------------------------


def test_env_example_with_a_real_key_passes_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_the_https_variables_check_deploy_warns_of_each():
    tls = {"SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"}
    env = {k: v for k, v in production_env().items() if k not in tls}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr, warning


def test_composes_default_secret_key_stops_the_start():
    env = production_env(SECRET_KEY="change-me-in-production")
    result = manage("check", env=env)  # what migrate, the first command of compose's web, runs too
    assert result.returncode != 0
    assert "config.E002" in result.stderr and "published placeholder" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "change-me-in-production",
        "change-me",
        DEVELOPMENT_SECRET_KEY,
        "Xk2-short-but-random-9Qz",  # under 50 characters
        "ab" * 40,  # long, but two different characters
        "django-insecure-q7(vz!m3k#0w8_r2t@x5e9b^u1n6p*h4j&f-c+y=d",  # startproject's kind, fixed for xdist
    ],
)
def test_a_published_or_weak_secret_key_is_an_error(settings, key):
    settings.DEBUG = False
    settings.SECRET_KEY = key
    errors = [e for e in run_checks(tags=[Tags.security]) if e.id.startswith("config.")]
    assert [(e.id, e.level) for e in errors] == [("config.E002", ERROR)]


def test_a_strong_key_passes_and_debug_may_use_the_development_key(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = get_random_secret_key()
    assert secret_key_is_strong(None) == []
    settings.DEBUG = True
    settings.SECRET_KEY = DEVELOPMENT_SECRET_KEY
    assert secret_key_is_strong(None) == []


def test_proxy_ssl_header_is_read_from_a_header_name():
    assert proxy_ssl_header("X-Forwarded-Proto") == ("HTTP_X_FORWARDED_PROTO", "https")
    assert proxy_ssl_header("") is None
    with pytest.raises(Exception, match="SECURE_PROXY_SSL_HEADER"):
        proxy_ssl_header("X-Forwarded-Proto: https")


# --- HTTP -----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/admin/login/", "/no-such-page/"])
def test_trace_and_track_answer_405(client, path):
    for method in ("TRACE", "TRACK"):
        response = client.generic(method, path)
        assert response.status_code == 405
        assert "TRACE" not in response["Allow"] and "GET" in response["Allow"]


@pytest.mark.django_db
def test_pages_carry_the_content_security_policy(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'"):
        assert directive in policy
    assert "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db(transaction=True)
def test_development_server_answers_static_traversal_with_404():
    port = free_port()
    env = {**production_env(), "DEBUG": "1", "SECURE_SSL_REDIRECT": "0"}
    server = serve([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], env, port)
    try:
        for path in (
            "/static/../../etc/passwd",
            "/static/..%2f..%2fetc%2fpasswd",
            "/static/%2e%2e/manage.py",
        ):
            status, _, body = request(port, path)
            assert status == 404, (path, status)
            assert b"root:" not in body
        status, headers, _ = request(port, "/static/css/tracker.css")
        assert status == 200 and headers["content-type"].startswith("text/css")
    finally:
        stop(server)
    assert "Traceback" not in server.stdout.read().decode(errors="replace")


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory) -> Path:
    """STATIC_ROOT as the Dockerfile's own collectstatic line fills it (run here, into a temp dir)."""
    dockerfile = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line for line in dockerfile.splitlines() if line.startswith("RUN") and "collectstatic" in line]
    assert len(lines) == 1, "the Dockerfile runs collectstatic once"
    root = tmp_path_factory.mktemp("static")
    env = {
        **{k: v for k, v in os.environ.items() if not DEPLOYMENT_VARIABLES.fullmatch(k)},
        "STATIC_ROOT": str(root),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    result = subprocess.run(
        ["sh", "-c", lines[0].removeprefix("RUN")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert (root / "staticfiles.json").exists()
    return root


@pytest.fixture
def gunicorn(transactional_db, seeded, collected_static) -> Iterator[int]:
    """gunicorn on a loopback port with .env.example's values, serving the collected static files."""
    port = free_port()
    env = production_env(STATIC_ROOT=str(collected_static))
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", "1", "--access-logfile", "-"]  # fmt: skip
    server = serve(command, env, port)
    try:
        yield port
    finally:
        stop(server)


HTTPS = {"X-Forwarded-Proto": "https"}  # what the TLS proxy in front of gunicorn sets


def test_gunicorn_serves_a_page_and_its_hashed_compressed_css(gunicorn):
    status, headers, body = request(gunicorn, "/", headers=HTTPS)
    assert status == 200
    html = body.decode()
    stylesheets = re.findall(r'<link rel="stylesheet" href="(/static/[^"]+)"', html)
    tracker = [href for href in stylesheets if "/css/tracker." in href]
    assert tracker and re.fullmatch(r"/static/css/tracker\.[0-9a-f]{12}\.css", tracker[0])
    assert re.search(r'<script src="/static/js/tracker\.[0-9a-f]{12}\.js"', html)

    status, headers, body = request(gunicorn, tracker[0], headers={**HTTPS, "Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["content-type"].startswith("text/css")
    assert headers.get("content-encoding") == "gzip"
    assert "immutable" in headers["cache-control"] and "max-age=315360000" in headers["cache-control"]
    assert b".matrix .shade-10" in gzip.decompress(body)
    for href in stylesheets:  # Bootstrap and the rest are served too
        assert request(gunicorn, href, headers=HTTPS)[0] == 200, href


def test_gunicorn_with_env_example_enforces_https_and_sends_the_security_headers(gunicorn):
    status, headers, _ = request(gunicorn, "/pairs/")
    assert status == 301 and headers["location"] == f"https://127.0.0.1:{gunicorn}/pairs/"
    # Monitors inside the network probe /healthz on plain http: no redirect.
    assert request(gunicorn, "/healthz")[0] != 301

    status, headers, _ = request(gunicorn, "/admin/login/", headers=HTTPS)
    assert status == 200
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    cookie = headers["set-cookie"]
    assert "csrftoken=" in cookie and "Secure" in cookie

    assert request(gunicorn, "/", method="TRACE", headers=HTTPS)[0] == 405
