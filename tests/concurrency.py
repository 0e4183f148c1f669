"""Work started in several threads at once, each with its own database connection (races for real)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection

T = TypeVar("T")
R = TypeVar("R")


def at_once(work: Callable[[T], R], args: list[T]) -> list[R]:
    """`work(arg)` for every arg, each in its own thread and all released together by a barrier; the
    results in the order of `args`. The first exception a thread raised is raised here once all end."""
    barrier = threading.Barrier(len(args))
    results: list = [None] * len(args)
    errors: list[BaseException] = []

    def run(index: int, arg: T) -> None:
        try:
            barrier.wait()
            results[index] = work(arg)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, arg)) for i, arg in enumerate(args)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results
