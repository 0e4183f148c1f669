"""Indexes only PostgreSQL can have, created by migrations that do nothing on other databases.

- Full-text GIN indexes on exactly the expressions the `q=` filter searches, built by compiling the
  same `SearchVector` the filter uses so that the planner matches them (SQLite searches with
  `icontains` instead).
- The timeline's order, `date DESC NULLS LAST, id DESC` (SQLite cannot index NULLS LAST).
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVector
from django.db.models.sql import Query

EVENT_SEARCH_FIELDS = ("title", "summary", "location")
ARTICLE_SEARCH_FIELDS = ("title", "text")
SEARCH_CONFIG = "simple"


def search_vector(fields: tuple[str, ...]) -> SearchVector:
    return SearchVector(*fields, config=SEARCH_CONFIG)


def create_index_sql(model, fields: tuple[str, ...], name: str, connection) -> tuple[str, list]:
    query = Query(model, alias_cols=False)
    compiler = query.get_compiler(connection=connection)
    sql, params = search_vector(fields).resolve_expression(query).as_sql(compiler, connection)
    table = connection.ops.quote_name(model._meta.db_table)
    return f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({sql}))", list(params)


def create_fulltext_index(model, fields: tuple[str, ...], name: str, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    sql, params = create_index_sql(model, fields, name, schema_editor.connection)
    schema_editor.execute(sql, params)


def create_sql_index(sql: str, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(sql)


def drop_index(name: str, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
