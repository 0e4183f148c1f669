"""Rate limits per client for anonymous searches and exports, counted in the Redis cache.

A fixed window per client and scope: the first request of a window creates its counter (expiring with
the window), each request increments it atomically (Redis INCR), and a request over the limit answers
429 with Retry-After, the seconds left in the window. Logged-in staff are never limited. If Redis cannot
be reached the request is served: a cache outage must not take the site down with it.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import math
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponse]


def client_key(request: HttpRequest) -> str:
    """The client a limit counts: its address, or behind RATE_LIMIT_PROXY_COUNT proxies the address the
    farthest trusted proxy saw. An IPv6 client is its /64, which one host usually holds whole."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.RATE_LIMIT_PROXY_COUNT
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def seconds_to_wait(scope: str, rate: tuple[int, int], client: str) -> int:
    """Count one request of `client` in `scope`; the seconds it must wait when over the limit, else 0."""
    limit, period = rate
    now = time.time()
    window = int(now // period)
    key = f"ratelimit:{scope}:{client}:{window}"
    try:
        cache.add(key, 0, timeout=period + 1)
        count = cache.incr(key)
    except ValueError:  # the counter expired between add and incr: this is the window's first request
        cache.set(key, 1, timeout=period + 1)
        count = 1
    except RedisError as exc:
        logger.warning("rate limit not applied, the cache is unavailable: %s", type(exc).__name__)
        return 0
    if count <= limit:
        return 0
    return max(1, math.ceil((window + 1) * period - now))


def _message(seconds: int) -> str:
    return ngettext(
        "Too many requests from your address. Please try again in %(seconds)s second.",
        "Too many requests from your address. Please try again in %(seconds)s seconds.",
        seconds,
    ) % {"seconds": seconds}


def too_many_requests(request: HttpRequest, seconds: int, answer: str) -> HttpResponse:
    """The 429 answer: the page for HTML, a line of text or {"error": …} for the exports."""
    if answer == "html":
        response = render(request, "web/too_many_requests.html", {"seconds": seconds}, status=429)
    elif answer == "json":
        body = json.dumps({"error": _message(seconds)}, ensure_ascii=False)
        response = HttpResponse(body, status=429, content_type="application/json")
    else:
        text = _message(seconds) + "\n"
        response = HttpResponse(text, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(seconds)
    return response


def has_search(request: HttpRequest) -> bool:
    """Whether the request searches (a non-empty q=)."""
    try:
        return bool(request.GET.get("q", "").strip())
    except TooManyFieldsSent:
        return False  # the view answers 400 with its own message


def rate_limited(scope: str, *, answer: str = "html", when: Callable[[HttpRequest], bool] | None = None):
    """Limit a view per client with the rate RATE_LIMIT_<SCOPE> (read per request); `when` narrows the
    requests that count (searches only, say). Logged-in staff pass freely."""

    def decorator(view: View) -> View:
        @wraps(view)
        def limited(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            rate = getattr(settings, f"RATE_LIMIT_{scope.upper()}")
            if rate and (when is None or when(request)) and not request.user.is_staff:
                seconds = seconds_to_wait(scope, rate, client_key(request))
                if seconds:
                    return too_many_requests(request, seconds, answer)
            return view(request, *args, **kwargs)

        return limited

    return decorator
