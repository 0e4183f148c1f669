"""A newcomer's first command, `make run`, migrates, seeds and serves the six seed events."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.foundation.test_pages import event_rows

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_page(url: str, process: subprocess.Popen, deadline: float) -> str:
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"make run exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError as exc:
            last_error = exc
            time.sleep(0.5)  # polling a server that is starting: there is no event to await
    raise AssertionError(f"{url} did not answer in time: {last_error}")


def test_make_run_serves_the_seed_events(tmp_path):
    port = _free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "SECRET_KEY", "DEBUG"}
    }
    # The embedded default (SQLite, in-process tasks), in a file of this test's own.
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env["PORT"] = str(port)
    log = (tmp_path / "make-run.log").open("w")
    process = subprocess.Popen(
        ["make", "run"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        html = _wait_for_page(f"http://127.0.0.1:{port}/", process, time.monotonic() + 600)
        assert len(event_rows(html)) == 6, (tmp_path / "make-run.log").read_text()[-3000:]
        assert "Seed data loaded" in (tmp_path / "make-run.log").read_text()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()
