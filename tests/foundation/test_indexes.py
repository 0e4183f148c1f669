"""The timeline's order and its full-text filter are served by indexes."""

from __future__ import annotations

import pytest
from django.db import connection

from apps.events.models import Event
from apps.web.filters import NEWEST_FIRST, full_text_q

pytestmark = pytest.mark.django_db


def _plan(queryset, *, force_index: bool) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if force_index:
                # The tables are small here; forbidding scans shows whether an index *can* serve.
                cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())


def test_full_text_filter_matches_its_index(seeded):
    queryset = Event.objects.filter(full_text_q("Forum Singapore")).values("pk")
    assert queryset.exists() or connection.vendor != "postgresql"
    plan = _plan(Event.objects.filter(full_text_q("Forum")).order_by().values("pk"), force_index=True)
    if connection.vendor == "postgresql":
        assert "events_event_fulltext" in plan, plan
    else:
        assert "events_event" in plan


def test_article_full_text_matches_its_index(seeded):
    from django.contrib.postgres.search import SearchQuery

    from apps.events.pg_indexes import ARTICLE_SEARCH_FIELDS, SEARCH_CONFIG, search_vector
    from apps.news.models import Article

    if connection.vendor != "postgresql":
        assert Article.objects.filter(text__icontains="KAIST").exists()
        return
    articles = Article.objects.annotate(sv=search_vector(ARTICLE_SEARCH_FIELDS)).filter(
        sv=SearchQuery("KAIST", config=SEARCH_CONFIG, search_type="websearch")
    )
    assert articles.count() == 1
    plan = _plan(articles.order_by().values("pk"), force_index=True)
    assert "news_article_fulltext" in plan, plan


def test_timeline_order_reads_the_newest_first_index(seeded):
    plan = _plan(Event.objects.order_by(*NEWEST_FIRST).values("pk")[:20], force_index=True)
    if connection.vendor == "postgresql":
        assert "events_event_timeline_nl" in plan, plan
    else:
        assert "events_event" in plan
