"""The timeline's order and its full-text filter are served by indexes."""

from __future__ import annotations

import pytest
from django.db import connection

from apps.events.models import Event
from apps.events.queries import NEWEST_FIRST
from apps.news.models import Article

pytestmark = pytest.mark.django_db


def _plan(queryset, *, force_index: bool, bitmap_only: bool = False, no_sort: bool = False) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if force_index:
            # The tables are small here; forbidding scans shows whether an index *can* serve.
            cursor.execute("SET LOCAL enable_seqscan = off")
        if bitmap_only:
            # Also forbid walking the newest-first index and filtering (the planner's pick for a tiny table).
            cursor.execute("SET LOCAL enable_indexscan = off")
        if no_sort:
            # An order that only an index can give (on tiny tables a full bitmap scan and a sort can
            # cost the same as the ordered index scan, depending on the statistics of the moment).
            cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())


def test_full_text_filter_reads_both_stored_vectors_through_their_indexes(seeded):
    assert Event.objects.matching("Forum Singapore").exists()
    plan = _plan(Event.objects.matching("Forum").order_by().values("pk"), force_index=True, bitmap_only=True)
    assert "Bitmap Index Scan on events_event_search" in plan, plan
    assert "Bitmap Index Scan on news_article_search" in plan, plan
    # Nothing recomputes a vector per row: the stored columns are read.
    assert "to_tsvector" not in plan, plan


def test_article_full_text_matches_its_index(seeded):
    articles = Article.objects.matching("KAIST")
    assert articles.count() == 1
    plan = _plan(articles.order_by().values("pk"), force_index=True, bitmap_only=True)
    assert "Bitmap Index Scan on news_article_search" in plan, plan
    assert "to_tsvector" not in plan, plan


def _ancestors(plan: str, needle: str) -> list[str]:
    """The plan nodes above the node that mentions `needle`, nearest first (by indentation)."""
    lines = plan.splitlines()
    at = next(i for i, line in enumerate(lines) if needle in line and "->" in line)
    depth = lines[at].index("->")
    found = []
    for line in reversed(lines[:at]):
        node_depth = line.index("->") if "->" in line else 0
        if node_depth < depth and ("->" in line or not line.startswith(" ")):
            found.append(line.strip())
            depth = node_depth
    return found


def test_matching_articles_are_limited_before_they_meet_the_event_sources(seeded):
    plan = _plan(Event.objects.matching("Forum").order_by().values("pk"), force_index=True)
    above = _ancestors(plan, " on news_article ")
    limit = next(i for i, node in enumerate(above) if node.lstrip("-> ").startswith("Limit"))
    joins = [i for i, node in enumerate(above) if "Join" in node or "Nested Loop" in node]
    assert joins and limit < min(joins), plan


def test_the_old_expression_indexes_are_gone(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename IN ('news_article', 'events_event') "
            "AND indexdef LIKE '%%to_tsvector%%'"
        )
        assert cursor.fetchall() == []
        cursor.execute(
            "SELECT indexname FROM pg_indexes "
            "WHERE indexname IN ('news_article_search', 'events_event_search')"
        )
        assert sorted(row[0] for row in cursor.fetchall()) == ["events_event_search", "news_article_search"]


def test_timeline_order_reads_the_newest_first_index(seeded):
    plan = _plan(Event.objects.order_by(*NEWEST_FIRST).values("pk")[:20], force_index=True, no_sort=True)
    assert "events_event_timeline_nl" in plan, plan
