"""The migration rule of docs/operations.md: an index added to a table that already exists is built with
CREATE INDEX CONCURRENTLY, in a non-atomic migration, so that `migrate` on start never blocks writes
to a large table (articles, events, tags) for the length of an index build."""

from __future__ import annotations

import re

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations
from django.db.migrations.loader import MigrationLoader

# Applied before the rule, while the tables were small; they stay as they were (migrations are not
# edited once applied).
BEFORE_THE_RULE = {("events", "0003_postgres_indexes"), ("news", "0004_article_fulltext_index")}
CREATE_INDEX = re.compile(r"\bCREATE\s+(UNIQUE\s+)?INDEX\b(?!\s+CONCURRENTLY)", re.IGNORECASE)


def project_migrations() -> list:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return [
        migration
        for (app, name), migration in sorted(loader.disk_migrations.items())
        if migration.__module__.startswith("apps.") and (app, name) not in BEFORE_THE_RULE
    ]


def sql_of(operation) -> str:
    sql = operation.sql
    return " ".join(sql if isinstance(sql, list | tuple) else [sql]) if sql else ""


def test_indexes_on_existing_tables_are_built_concurrently_outside_a_transaction():
    offending = []
    for migration in project_migrations():
        label = f"{migration.app_label}.{migration.name}"
        created = {op.name.lower() for op in migration.operations if isinstance(op, migrations.CreateModel)}
        for operation in migration.operations:
            if isinstance(operation, AddIndexConcurrently):
                if migration.atomic:
                    offending.append(f"{label}: AddIndexConcurrently in an atomic migration")
            elif isinstance(operation, migrations.AddIndex) and operation.model_name.lower() not in created:
                offending.append(f"{label}: AddIndex {operation.index.name} (use AddIndexConcurrently)")
            elif isinstance(operation, migrations.RunSQL) and CREATE_INDEX.search(sql_of(operation)):
                offending.append(f"{label}: CREATE INDEX without CONCURRENTLY")
    assert offending == []


def test_the_rule_finds_a_blocking_index_build():
    """The check above would catch the two index migrations written before the rule."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in BEFORE_THE_RULE:
        operations = loader.disk_migrations[key].operations
        assert any(isinstance(op, migrations.RunSQL) and CREATE_INDEX.search(sql_of(op)) for op in operations)
