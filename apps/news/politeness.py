"""Per-host politeness shared by every worker: a few concurrent fetches per host and a gap between starts.

Celery's `rate_limit` is per task type and per worker, so the slot lives in Redis (one Lua script, atomic
across workers).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from django.conf import settings

# KEYS[1]: sorted set of held slots (score = expiry ms); KEYS[2]: the "last start" gap key.
# ARGV: now_ms, slot_ttl_ms, max_concurrent, token, gap_ms.
# Returns 0 when the slot is taken, -1 when the host is full, else the ms left in the gap.
_ACQUIRE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return -1 end
local ttl = redis.call('PTTL', KEYS[2])
if ttl > 0 then return ttl end
redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if tonumber(ARGV[5]) > 0 then redis.call('SET', KEYS[2], '1', 'PX', ARGV[5]) end
return 0
"""


class HostBusy(Exception):
    """No slot for the host became free before the caller's deadline."""


@lru_cache(maxsize=1)
def _redis():
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    return client, client.register_script(_ACQUIRE)


@contextmanager
def host_slot(host: str, *, deadline: float, slot_ttl: float = 120.0) -> Iterator[None]:
    """Hold one of the host's fetch slots; wait (never past `deadline`, a monotonic time) for one."""
    max_concurrent = settings.INGEST_HOST_MAX_CONCURRENT
    gap = settings.INGEST_HOST_MIN_GAP_MS / 1000
    host = host.lower()
    client, script = _redis()
    token = uuid.uuid4().hex
    keys = [f"news:host:{host}:slots", f"news:host:{host}:gap"]
    while True:
        now_ms = int(time.time() * 1000)
        answer = int(
            script(keys=keys, args=[now_ms, int(slot_ttl * 1000), max_concurrent, token, int(gap * 1000)])
        )
        if answer == 0:
            break
        wait = 0.05 if answer < 0 else answer / 1000
        if time.monotonic() + wait > deadline:
            raise HostBusy(f"no fetch slot for {host} before the deadline")
        time.sleep(wait)
    try:
        yield
    finally:
        client.zrem(keys[0], token)
