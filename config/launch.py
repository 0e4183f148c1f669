"""`make run`: the whole tracker in one terminal — web server, one Celery worker and beat — on the
embedded PostgreSQL and Redis (or the services the environment names). Ctrl-C stops all of it.

Run as `python -m config.launch [--port PORT] [--host HOST]`, after `migrate` and `seed`. The children
are started with the same environment, so they use the same services; when one of them exits, the
others are stopped too, and so are the embedded servers this launch started.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from config import embedded

ROOT = Path(__file__).resolve().parent.parent


def commands(host: str, port: int) -> dict[str, list[str]]:
    python = sys.executable
    beat_schedule = str(embedded.VAR / "celerybeat-schedule")
    return {
        "web": [python, "manage.py", "runserver", f"{host}:{port}", "--noreload"],
        "worker": [python, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO", "--concurrency=1"],
        "beat": [python, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO", "-s", beat_schedule],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args(argv)

    services = embedded.wanted()
    embedded.ensure_running(services)
    children: dict[str, subprocess.Popen] = {}
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        for name, command in commands(args.host, args.port).items():
            children[name] = subprocess.Popen(command, cwd=ROOT)  # noqa: S603 - our own commands
            print(f"[launch] started {name} (pid {children[name].pid})", flush=True)
        url = f"http://{args.host}:{args.port}/"
        print(f"[launch] the tracker is at {url} — Ctrl-C stops everything", flush=True)
        while not stopping:
            exited = [name for name, child in children.items() if child.poll() is not None]
            if exited:
                print(f"[launch] {', '.join(exited)} exited; stopping the rest", flush=True)
                break
            time.sleep(0.5)  # waiting on several children and a signal: nothing single to block on
    finally:
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 20
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
        # Servers the environment names are not ours to stop; the embedded ones are.
        embedded.stop(services)
        print("[launch] stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
