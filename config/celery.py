"""The Celery application: configuration comes from Django settings under the CELERY_ namespace.

Each worker also records in Redis, every few seconds, that it is alive (`Heartbeat`): /healthz counts
those records instead of broadcasting a ping, whose replies kombu cannot promise within its deadline.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time

import redis
from celery import Celery, bootsteps

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

log = logging.getLogger(__name__)

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

HEARTBEAT_SECONDS = 5
# A worker is alive while its record is: it expires three beats after the last one.
ALIVE_KEY = "tracker:worker-alive:"
ALIVE_SECONDS = 3 * HEARTBEAT_SECONDS


class Heartbeat(bootsteps.StartStopStep):
    """A step of the worker's consumer: while it consumes, its event loop writes the record every
    HEARTBEAT_SECONDS, so a worker whose loop or broker connection is gone stops being counted as
    alive within ALIVE_SECONDS; a worker that shuts down cleanly removes its record at once."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def __init__(self, parent, **kwargs) -> None:  # noqa: ANN001 - Celery's signature
        super().__init__(parent, **kwargs)
        self.timer_ref = None
        self.client: redis.Redis | None = None
        self.key = ""

    def start(self, parent) -> None:  # noqa: ANN001
        self.key = ALIVE_KEY + parent.hostname
        self.client = redis.Redis.from_url(
            parent.app.conf.broker_url, socket_timeout=1, socket_connect_timeout=1
        )
        self.beat()
        self.timer_ref = parent.timer.call_repeatedly(HEARTBEAT_SECONDS, self.beat, priority=10)

    def stop(self, parent) -> None:  # noqa: ANN001
        if self.timer_ref is not None:
            self.timer_ref.cancel()
            self.timer_ref = None
        if self.client is not None:
            with contextlib.suppress(redis.RedisError):  # else the record expires on its own
                self.client.delete(self.key)
            self.client.close()
            self.client = None

    def beat(self) -> None:
        try:
            self.client.set(self.key, int(time.time()), ex=ALIVE_SECONDS)
        except redis.RedisError as exc:  # the broker is down: the consumer reconnects, then beats again
            log.warning("worker heartbeat not recorded: %s", exc)


app.steps["consumer"].add(Heartbeat)
