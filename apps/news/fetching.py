"""The one HTTP client for everything ingestion fetches: feeds, pages and robots.txt.

The open web is untrusted input. Every hop of a redirect is checked before any connection: http(s)
only, and the address actually connected to must be public unless the host is listed in
`INGEST_ALLOW_HOSTS`. The connection goes to the address that was checked (no second DNS lookup that
could be rebound). Bodies are capped after decompression, the whole fetch has a deadline, robots.txt
is honoured and each host gets only a few concurrent fetches, shared across workers.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import httpx
from django.conf import settings
from django.core.cache import cache
from protego import Protego

from apps.news.politeness import HostBusy, host_slot

# httpx logs every request at INFO; the fetch outcome is recorded on the feed or article instead.
logging.getLogger("httpx").setLevel(logging.WARNING)

REDIRECT_CODES = {301, 302, 303, 307, 308}
PERMANENT_REDIRECTS = {301, 308}
ROBOTS_MAX_BYTES = 512 * 1024
ROBOTS_CACHE_SECONDS = 24 * 3600


class FetchError(Exception):
    """A fetch that could not complete; `reason` is shown to editors."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Refused(FetchError):
    """Refused before any connection: scheme, address, robots.txt or too many redirects."""


class TooLarge(FetchError):
    pass


class DeadlineExceeded(FetchError):
    pass


@dataclass
class FetchResult:
    url: str
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # Set when every redirect hop on the way was permanent: a feed may move there.
    permanent_redirect: str = ""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str:
        return self.headers.get("etag", "")[:512]

    @property
    def last_modified(self) -> str:
        return self.headers.get("last-modified", "")[:128]

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset":
                return value.strip().strip("\"'").lower()
        return ""

    @property
    def body_hash(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    def retry_after(self, *, cap: float = 86400.0) -> float | None:
        """Seconds the server asked us to wait (Retry-After as seconds or an HTTP date), capped."""
        raw = self.headers.get("retry-after", "").strip()
        if not raw:
            return None
        if raw.isdigit():
            return min(float(raw), cap)
        try:
            when = parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            return None
        if when is None:
            return None
        return max(0.0, min(when.timestamp() - time.time(), cap))


def user_agent() -> str:
    agent = settings.INGEST_USER_AGENT
    if settings.INGEST_CONTACT_URL and settings.INGEST_CONTACT_URL not in agent:
        agent = f"{agent} (+{settings.INGEST_CONTACT_URL})"
    return agent


def _allowed_host(host: str) -> bool:
    return host.lower().strip("[]") in {h.lower().strip("[]") for h in settings.INGEST_ALLOW_HOSTS}


def is_public_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Loopback, private, link-local (cloud metadata), CGNAT, multicast, unspecified, reserved and
    IPv4-mapped addresses are not public."""
    if isinstance(ip, ipaddress.IPv6Address) and (ip.ipv4_mapped or ip.sixtofour or ip.teredo):
        return False
    return ip.is_global and not ip.is_multicast


def resolve_checked(host: str, port: int) -> str:
    """The address to connect to, after checking every address the name resolves to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host}: {exc}") from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not addresses:
        raise FetchError(f"cannot resolve {host}")
    if not _allowed_host(host):
        for ip in addresses:
            if not is_public_address(ip):
                raise Refused(f"refused: {host} resolves to non-public address {ip}")
    return str(addresses[0])


def check_url(url: str) -> httpx.URL:
    """Parse and check the scheme and shape of a URL (not yet its address)."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise Refused(f"refused: invalid URL ({exc})") from None
    if parsed.scheme not in {"http", "https"}:
        raise Refused(f"refused: scheme {parsed.scheme or '(none)'!r} is not http or https")
    if not parsed.host:
        raise Refused("refused: URL has no host")
    if parsed.userinfo:
        raise Refused("refused: URLs with credentials are not fetched")
    return parsed


_local = threading.local()


def _client() -> httpx.Client:
    # One client per thread (and per forked worker process), never reading proxies from the environment.
    client = getattr(_local, "client", None)
    if client is None:
        client = httpx.Client(follow_redirects=False, trust_env=False, http2=False)
        _local.client = client
    return client


def _decoder(encoding: str):
    encoding = encoding.strip().lower()
    if encoding in {"", "identity"}:
        return None
    if encoding in {"gzip", "x-gzip"}:
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return "deflate"  # zlib-wrapped or raw: decided on the first bytes
    raise FetchError(f"unadvertised content encoding {encoding!r}")


def _read_body(response: httpx.Response, max_bytes: int, deadline: float) -> bytes:
    decoder = _decoder(response.headers.get("content-encoding", ""))
    parts: list[bytes] = []
    total = 0
    for raw in response.iter_raw():  # as the bytes arrive, so the deadline is checked often
        if time.monotonic() > deadline:
            raise DeadlineExceeded("deadline exceeded while reading the body")
        if decoder == "deflate":
            decoder = zlib.decompressobj(
                zlib.MAX_WBITS if raw[:1] and raw[0] & 0x0F == 8 else -zlib.MAX_WBITS
            )
        data = raw
        while data:
            if decoder is None:
                chunk, data = data, b""
            else:
                try:
                    # max_length bounds what one compressed chunk may expand to: a bomb stops here.
                    chunk = decoder.decompress(data, max_bytes - total + 1)
                except zlib.error as exc:
                    raise FetchError(f"corrupt compressed body: {exc}") from None
                data = decoder.unconsumed_tail
            total += len(chunk)
            if total > max_bytes:
                raise TooLarge(f"body larger than {max_bytes} bytes after decompression")
            parts.append(chunk)
    return b"".join(parts)


def _robots_allows(url: httpx.URL, deadline: float) -> bool:
    origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
    key = "news:robots:" + hashlib.sha256(origin.encode()).hexdigest()
    text = cache.get(key)
    if text is None:
        try:
            result = _fetch(
                f"{origin}/robots.txt", max_bytes=ROBOTS_MAX_BYTES, deadline=deadline, robots=False
            )
            # A missing robots.txt (4xx) allows everything; a server error allows nothing for now.
            text = result.body.decode("utf-8", "replace") if result.ok else ""
            if result.status >= 500:
                text = "User-agent: *\nDisallow: /\n"
                cache.set(key, text, 600)
            else:
                cache.set(key, text, ROBOTS_CACHE_SECONDS)
        except (Refused, TooLarge):
            raise
        except FetchError:
            text = ""
    if not text:
        return True
    token = settings.INGEST_USER_AGENT.split("/")[0]
    return Protego.parse(text).can_fetch(str(url), token)


def _one_hop(
    url: httpx.URL, headers: dict[str, str], max_bytes: int, deadline: float
) -> tuple[httpx.Response, bytes]:
    host = url.host
    port = url.port or (443 if url.scheme == "https" else 80)
    address = resolve_checked(host, port)
    target = url.copy_with(host=address)
    host_header = url.netloc.decode("ascii")
    extensions = {"sni_hostname": host} if url.scheme == "https" else {}
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise DeadlineExceeded("deadline exceeded")
    timeout = httpx.Timeout(
        connect=min(settings.INGEST_CONNECT_TIMEOUT, remaining),
        read=remaining,
        write=remaining,
        pool=remaining,
    )
    request = _client().build_request(
        "GET", target, headers={**headers, "Host": host_header}, timeout=timeout, extensions=extensions
    )
    try:
        with host_slot(host, deadline=deadline):
            response = _client().send(request, stream=True)
            try:
                body = (
                    b""
                    if response.status_code in REDIRECT_CODES
                    else _read_body(response, max_bytes, deadline)
                )
            finally:
                response.close()
    except HostBusy as exc:
        raise FetchError(str(exc)) from None
    except httpx.TimeoutException:
        if time.monotonic() >= deadline:
            raise DeadlineExceeded("deadline exceeded") from None
        raise FetchError("timed out connecting") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {exc}") from None
    return response, body


def _fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    accept: str = "*/*",
    max_bytes: int | None = None,
    deadline: float | None = None,
    robots: bool = True,
) -> FetchResult:
    max_bytes = max_bytes or settings.INGEST_MAX_BYTES
    deadline = deadline or time.monotonic() + settings.INGEST_DEADLINE
    headers = {"User-Agent": user_agent(), "Accept": accept, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    current = check_url(url)
    all_permanent = True
    for _hop in range(settings.INGEST_MAX_REDIRECTS + 1):
        if robots and settings.INGEST_RESPECT_ROBOTS and not _robots_allows(current, deadline):
            raise Refused(f"refused by robots.txt: {current}")
        response, body = _one_hop(current, headers, max_bytes, deadline)
        if response.status_code not in REDIRECT_CODES:
            return FetchResult(
                url=str(current),
                status=response.status_code,
                body=body,
                headers={k.lower(): v for k, v in response.headers.items()},
                permanent_redirect=str(current) if all_permanent and str(current) != url else "",
            )
        location = response.headers.get("location")
        if not location:
            raise FetchError(f"redirect {response.status_code} without a Location")
        all_permanent = all_permanent and response.status_code in PERMANENT_REDIRECTS
        # Each hop is checked again (scheme now, address in the next _one_hop) before connecting.
        current = check_url(urljoin(str(current), location))
    raise Refused(f"refused: more than {settings.INGEST_MAX_REDIRECTS} redirects")


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    accept: str = "*/*",
    max_bytes: int | None = None,
    deadline_seconds: float | None = None,
) -> FetchResult:
    """Fetch one URL safely. Non-2xx answers are returned (callers decide); refusals raise FetchError."""
    deadline = time.monotonic() + (deadline_seconds or settings.INGEST_DEADLINE)
    return _fetch(
        url, etag=etag, last_modified=last_modified, accept=accept, max_bytes=max_bytes, deadline=deadline
    )
