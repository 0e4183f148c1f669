"""A newcomer's first command, `make run`, migrates, seeds and serves the six seed events with a live
worker, on an embedded engine started for it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.foundation.test_pages import event_rows
from tests.workers import wait_for

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


ARTICLE = """Indonesia dan Korea Selatan Teken MoU Kecerdasan Buatan untuk Industri Kreatif
Jakarta — Kementerian Komunikasi dan Digital Indonesia dan Kementerian Sains dan TIK Korea Selatan
menandatangani nota kesepahaman kerja sama kecerdasan buatan (AI) dan industri kreatif di Jakarta,
Senin (3/11/2025). Kerja sama itu mencakup pelatihan talenta digital dan pertukaran budaya.
"""


def _query(port: int, sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=tracker") as conn:
        return conn.execute(sql).fetchall()


def test_make_run_serves_the_seeds_and_a_live_worker_tags_what_is_ingested(tmp_path):
    """A fresh embedded engine of its own (data dir and ports), as on a machine with nothing set up."""
    port, pg_port, redis_port = _free_port(), _free_port(), _free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "SECRET_KEY", "DEBUG"}
    }
    env.update(
        PORT=str(port),
        EMBEDDED_DATA_DIR=str(tmp_path / "var"),
        EMBEDDED_POSTGRES_PORT=str(pg_port),
        EMBEDDED_REDIS_PORT=str(redis_port),
    )
    log_path = tmp_path / "make-run.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        ["make", "run"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        html = _wait_for_page(f"http://127.0.0.1:{port}/", process, time.monotonic() + 600)
        assert len(event_rows(html)) == 6, log_path.read_text()[-3000:]
        assert "Seed data loaded" in log_path.read_text()

        article = tmp_path / "mou.txt"
        article.write_text(ARTICLE, encoding="utf-8")
        ingest = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "ingest", str(article)],
            cwd=ROOT, env={**env, "DEBUG": "1"}, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert ingest.returncode == 0, ingest.stderr
        assert "created" in ingest.stdout
        # The command only stored and queued it; the worker started by `make run` tags it.
        sql = "SELECT status FROM news_article WHERE title LIKE 'Indonesia dan Korea Selatan Teken MoU%'"
        wait_for(
            lambda: _query(pg_port, sql) == [("processed",)], timeout=120, message="tagged by the worker"
        )
    finally:
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: the launcher stops web, worker, beat and servers
        process.wait(timeout=60)
        log.close()
    assert "[launch] stopped" in log_path.read_text()
    assert not _port_open(pg_port) and not _port_open(redis_port), "embedded servers left running"


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0
