"""The fetch client's protections, each against a real server on loopback."""

from __future__ import annotations

import gzip
import ipaddress
import threading
import time

import pytest

from apps.news import fetching
from apps.news.fetching import DeadlineExceeded, FetchError, Refused, TooLarge, fetch, is_public_address


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/", "/etc/passwd"]
)
def test_non_http_urls_are_refused_before_any_connection(url):
    with pytest.raises(Refused, match="scheme"):
        fetch(url)


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "224.0.0.1",
     "::", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "::ffff:8.8.8.8", "ff02::1", "::1",
     "0.0.0.0"],  # noqa: S104 - an address under test, not a bind
)  # fmt: skip
def test_non_public_addresses_are_not_public(address):
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_are_public(address):
    assert is_public_address(ipaddress.ip_address(address))


def test_loopback_server_is_refused_unless_allow_listed(http_server, settings):
    http_server.add("/page", "hello")
    settings.INGEST_ALLOW_HOSTS = []
    with pytest.raises(Refused, match="non-public address 127.0.0.1"):
        fetch(http_server.url("/page"))
    assert http_server.requests == []
    settings.INGEST_ALLOW_HOSTS = ["127.0.0.1"]
    assert fetch(http_server.url("/page")).body == b"hello"


def test_redirect_to_a_refused_host_never_reaches_it(http_server, refused_server):
    refused_server.add("/secret", "internal data")
    http_server.add("/go", status=302, headers={"Location": refused_server.url("/secret")})
    with pytest.raises(Refused, match="127.0.0.2"):
        fetch(http_server.url("/go"))
    assert http_server.paths() == ["/robots.txt", "/go"]
    assert refused_server.requests == []


def test_redirect_to_file_scheme_is_refused(http_server):
    http_server.add("/go", status=301, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(Refused, match="scheme 'file'"):
        fetch(http_server.url("/go"))


def test_redirects_are_followed_up_to_the_limit(http_server, settings):
    settings.INGEST_MAX_REDIRECTS = 5
    for hop in range(7):
        http_server.add(f"/r{hop}", status=302, headers={"Location": f"/r{hop + 1}"})
    http_server.add("/r5", "arrived")
    assert fetch(http_server.url("/r0")).body == b"arrived"
    http_server.add("/r5", status=302, headers={"Location": "/r6"})
    with pytest.raises(Refused, match="more than 5 redirects"):
        fetch(http_server.url("/r0"))


def test_permanent_redirect_is_reported_only_when_every_hop_is_permanent(http_server):
    http_server.add("/old", status=301, headers={"Location": "/new"})
    http_server.add("/temp", status=302, headers={"Location": "/new"})
    http_server.add("/new", "feed")
    assert fetch(http_server.url("/old")).permanent_redirect == http_server.url("/new")
    assert fetch(http_server.url("/temp")).permanent_redirect == ""


def test_gzip_bomb_stops_at_the_cap(http_server, settings):
    settings.INGEST_MAX_BYTES = 1024 * 1024
    bomb = gzip.compress(b"\0" * (200 * 1024 * 1024), compresslevel=9)  # 200 MiB inflated, ~200 KiB sent
    http_server.add("/bomb", bomb, headers={"Content-Encoding": "gzip", "Content-Type": "text/html"})
    started = time.monotonic()
    with pytest.raises(TooLarge, match="after decompression"):
        fetch(http_server.url("/bomb"))
    assert time.monotonic() - started < 5


def test_body_within_the_cap_is_decompressed(http_server):
    http_server.add("/small", gzip.compress("héllo wörld".encode()), headers={"Content-Encoding": "gzip"})
    assert fetch(http_server.url("/small")).body.decode() == "héllo wörld"


def test_unadvertised_encoding_is_refused(http_server):
    http_server.add("/br", b"\x1b\x00\x00", headers={"Content-Encoding": "br"})
    with pytest.raises(FetchError, match="unadvertised content encoding 'br'"):
        fetch(http_server.url("/br"))
    assert http_server.requests[-1].headers["accept-encoding"] == "gzip, deflate"


def test_dripping_server_is_cut_off_at_the_deadline(http_server):
    def drip(wfile):
        for _ in range(60):
            wfile.write(b"x")
            wfile.flush()
            time.sleep(0.25)

    http_server.routes["/drip"] = lambda request: (200, {"Content-Length": "60"}, drip)
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded):
        fetch(http_server.url("/drip"), deadline_seconds=2)
    elapsed = time.monotonic() - started
    assert 1.9 < elapsed < 3.5


def test_stalled_server_is_cut_off_at_the_deadline(http_server):
    http_server.routes["/stall"] = lambda request: (
        200,
        {"Content-Length": "10"},
        lambda wfile: time.sleep(6),
    )
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded):
        fetch(http_server.url("/stall"), deadline_seconds=1.5)
    assert time.monotonic() - started < 3


def test_conditional_get_sends_validators_and_honours_304(http_server):
    def route(request):
        if request.headers.get("if-none-match") == '"v1"':
            return 304, {}, b""
        return 200, {"ETag": '"v1"', "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"}, b"<rss/>"

    http_server.routes["/feed"] = route
    first = fetch(http_server.url("/feed"))
    assert first.ok and first.etag == '"v1"' and first.last_modified.startswith("Mon, 01 Jan 2024")
    second = fetch(http_server.url("/feed"), etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.body == b""
    assert http_server.requests[-1].headers["if-modified-since"] == "Mon, 01 Jan 2024 00:00:00 GMT"


def test_retry_after_is_read_and_capped_at_a_day(http_server):
    http_server.add("/busy", status=429, headers={"Retry-After": "120"})
    http_server.add("/later", status=503, headers={"Retry-After": "99999999"})
    http_server.add("/date", status=503, headers={"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"})
    assert fetch(http_server.url("/busy")).retry_after() == 120
    assert fetch(http_server.url("/later")).retry_after() == 86400
    assert fetch(http_server.url("/date")).retry_after() == 86400


def test_robots_txt_disallow_is_respected(http_server):
    http_server.add("/robots.txt", "User-agent: *\nDisallow: /private/\n")
    http_server.add("/private/page", "secret")
    http_server.add("/public/page", "ok")
    with pytest.raises(Refused, match="robots.txt"):
        fetch(http_server.url("/private/page"))
    assert fetch(http_server.url("/public/page")).body == b"ok"
    assert "/private/page" not in http_server.paths()
    assert http_server.paths().count("/robots.txt") == 1  # cached


def test_user_agent_names_the_product_and_a_contact_url(http_server, settings):
    http_server.add("/ua", "ok")
    fetch(http_server.url("/ua"))
    agent = http_server.requests[-1].headers["user-agent"]
    assert agent.startswith("DiplomacyTracker/")
    assert settings.INGEST_CONTACT_URL in agent


def test_concurrent_fetches_per_host_are_limited(http_server, settings):
    settings.INGEST_HOST_MAX_CONCURRENT = 2

    def slow(request):
        time.sleep(0.3)
        return 200, {}, b"slow"

    http_server.routes["/slow"] = slow
    http_server.add("/robots.txt", "")
    fetch(http_server.url("/robots.txt"))  # warm the robots cache so only /slow runs concurrently
    threads = [threading.Thread(target=fetch, args=(http_server.url("/slow"),)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert http_server.paths().count("/slow") == 6
    assert http_server.max_in_flight == 2


def test_starts_on_one_host_keep_the_minimum_gap(http_server, settings):
    settings.INGEST_HOST_MIN_GAP_MS = 300
    http_server.add("/a", "a")
    started = time.monotonic()
    for _ in range(3):
        fetch(http_server.url("/a"))
    # robots.txt + 3 fetches = 4 starts, 3 gaps of 0.3 s
    assert time.monotonic() - started >= 0.85


def test_charset_is_read_from_the_content_type(http_server):
    http_server.add(
        "/latin", "São Paulo".encode("latin-1"), headers={"Content-Type": "text/html; charset=ISO-8859-1"}
    )
    result = fetch(http_server.url("/latin"))
    assert result.charset == "iso-8859-1"
    assert result.body.decode(result.charset) == "São Paulo"


def test_urls_with_credentials_are_refused():
    with pytest.raises(Refused, match="credentials"):
        fetching.check_url("http://user:pw@example.com/")


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "127.1", "[::ffff:127.0.0.1]"])
def test_disguised_loopback_addresses_are_refused(http_server, host):
    http_server.add("/x", "secret")
    with pytest.raises(FetchError, match="non-public address|cannot resolve"):
        fetch(f"http://{host}:{http_server.port}/x")
    assert http_server.requests == []
