"""Anonymous searches and exports are limited per client, counted in Redis; staff are not limited."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from config.env import env_rate
from tests.web.builders import make_event

DAY = 24 * 3600  # a long window: a test never straddles two


@pytest.fixture
def limits(settings, world):
    """Three searches and two exports per client and day; empty counters."""
    settings.RATE_LIMIT_SEARCH = (3, DAY)
    settings.RATE_LIMIT_EXPORTS = (2, DAY)
    settings.RATE_LIMIT_PROXY_COUNT = 0
    cache.clear()
    make_event("Forum on AI")
    yield settings
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_a_fourth_search_over_http_answers_429_with_retry_after(limits, live_server):
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        assert [http.get("/?q=forum").status_code for _ in range(3)] == [200, 200, 200]
        refused = http.get("/?q=forum")
        indonesian = http.get("/articles/?q=forum", headers={"Accept-Language": "id"})
        # Browsing without a search is not counted.
        assert http.get("/").status_code == 200
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= DAY
    assert "Too many requests from your address" in refused.text
    assert f"try again in {refused.headers['Retry-After']} seconds" in refused.text
    assert indonesian.status_code == 429
    assert "Terlalu banyak permintaan dari alamat Anda" in indonesian.text


@pytest.mark.django_db
def test_searches_count_across_the_timeline_the_matrix_and_the_articles(limits, client):
    urls = ("/?q=ai", "/pairs/?q=ai", "/articles/?q=ai", "/?q=ai")
    statuses = [client.get(url).status_code for url in urls]
    assert statuses == [200, 200, 200, 429]


@pytest.mark.django_db
def test_exports_answer_429_in_their_own_format(limits, client):
    assert client.get("/events.csv").status_code == 200
    assert client.get("/events.atom").status_code == 200
    as_json = client.get("/events.json")
    as_csv = client.get("/events.csv")
    assert as_json.status_code == as_csv.status_code == 429
    assert as_json["Content-Type"] == "application/json"
    assert "Too many requests" in json.loads(as_json.content)["error"]
    assert as_csv["Content-Type"].startswith("text/plain")
    assert int(as_csv["Retry-After"]) > 0
    # The search limit is a separate counter.
    assert client.get("/?q=forum").status_code == 200


@pytest.mark.django_db
def test_each_client_has_its_own_counter(limits, client):
    for _ in range(2):
        assert client.get("/events.csv", REMOTE_ADDR="198.51.100.1").status_code == 200
    assert client.get("/events.csv", REMOTE_ADDR="198.51.100.1").status_code == 429
    assert client.get("/events.csv", REMOTE_ADDR="198.51.100.2").status_code == 200
    # One IPv6 host holds a whole /64: its addresses share one counter.
    assert client.get("/events.csv", REMOTE_ADDR="2001:db8:1:2::1").status_code == 200
    assert client.get("/events.csv", REMOTE_ADDR="2001:db8:1:2::ffff").status_code == 200
    assert client.get("/events.csv", REMOTE_ADDR="2001:db8:1:2:aaaa::9").status_code == 429
    assert client.get("/events.csv", REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


@pytest.mark.django_db
def test_behind_a_proxy_the_forwarded_client_counts(limits, client):
    limits.RATE_LIMIT_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    for _ in range(2):
        assert client.get("/events.csv", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 200
    assert client.get("/events.csv", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    assert client.get("/events.csv", HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy).status_code == 200
    # A client cannot pick its own address: only the entry the trusted proxy appended counts.
    spoofed = "1.2.3.4, 203.0.113.7"
    assert client.get("/events.csv", HTTP_X_FORWARDED_FOR=spoofed, **proxy).status_code == 429


@pytest.mark.django_db
def test_logged_in_staff_are_not_limited(limits, client):
    client.force_login(User.objects.create_user("analyst", password="pw", is_staff=True))
    assert {client.get("/?q=forum").status_code for _ in range(6)} == {200}
    assert {client.get("/events.csv").status_code for _ in range(4)} == {200}


@pytest.mark.django_db
def test_limits_off_when_set_to_zero(limits, client):
    limits.RATE_LIMIT_SEARCH = None
    assert {client.get("/?q=forum").status_code for _ in range(6)} == {200}


@pytest.mark.django_db
def test_an_unreachable_cache_serves_the_request(world, settings, client, caplog):
    settings.RATE_LIMIT_SEARCH = (1, DAY)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with caplog.at_level(logging.WARNING, logger="apps.web.limits"):
        assert {client.get("/?q=forum").status_code for _ in range(3)} == {200}
    assert "rate limit not applied, the cache is unavailable: ConnectionError" in caplog.text


@pytest.mark.parametrize(
    ("raw", "rate"),
    [
        ("30/m", (30, 60)),
        ("5/s", (5, 1)),
        ("100/h", (100, 3600)),
        ("3/10m", (3, 600)),
        ("0", None),
        ("", None),
    ],
)
def test_rates_are_read_strictly_from_the_environment(monkeypatch, raw, rate):
    monkeypatch.setenv("RATE_LIMIT_SEARCH", raw)
    assert env_rate("RATE_LIMIT_SEARCH", "20/m") == rate


@pytest.mark.parametrize("raw", ["30", "m/30", "30/w", "-1/m", "0/m", "lots"])
def test_a_bad_rate_stops_the_start_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("RATE_LIMIT_EXPORTS", raw)
    with pytest.raises(ImproperlyConfigured, match="RATE_LIMIT_EXPORTS"):
        env_rate("RATE_LIMIT_EXPORTS", "6/m")
