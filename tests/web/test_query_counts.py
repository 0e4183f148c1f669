"""Every page and export runs a bounded number of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.news.models import Article
from apps.tagging.models import RelevanceLabel
from tests.web.builders import make_actor, make_article, make_event

pytestmark = pytest.mark.django_db

PAIRS = [("ID", "KR"), ("CN", "KR"), ("ASEAN", "KR"), ("JP", "US"), ("ID", "SG")]
# url → the most queries it may run (sessions and auth add one or two for a logged-in editor; every
# request that queries starts by setting its statement timeout, apps.web.middleware).
URLS = {
    "/": 14,
    "/?pair=ID-KR&kind=agreement&topic=ai&from=2020-01-01&to=2030-01-01&q=event&actor=kofice": 16,
    "/?country=KR&status=all&page=2": 16,
    "/pairs/": 9,
    "/pairs/?kind=agreement&topic=ai": 11,
    "/countries/KR/": 18,
    "/actors/": 8,
    "/actors/kofice/": 10,
    "/articles/": 7,
    "/events.csv": 7,
    "/events.csv?format=gdelt&pair=ID-KR": 8,
    "/events.json?topic=ai": 9,
    "/events.atom?pair=ID-KR": 5,
    "/review/": 18,
    "/review/?lane=out-of-scope": 10,
}


def _populate(n: int) -> None:
    kofice = make_actor(f"KOFICE {n}", "KR") if n else None
    for i in range(n):
        # An article the relevance stage kept out (the review queue's out-of-scope lane), one in two
        # with an editor's label.
        article = make_article(f"Out of scope {i}")
        Article.objects.filter(pk=article.pk).update(
            status="processed", relevance=0.01, relevance_reasons=["-"]
        )
        if i % 2:
            RelevanceLabel.objects.create(article=article, decision="reject_out_of_scope", in_scope=False)
        a, b = PAIRS[i % len(PAIRS)]
        make_event(
            f"Event {i}",
            parties=(a, b),
            topics=("ai",) if i % 2 else ("culture", "music"),
            actors=(kofice,),
            date=dt.date(2020, 1, 1) + dt.timedelta(days=37 * i),
            status="proposed" if i % 3 == 0 else "confirmed",
            sources=2,
        )


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(ctx)


@pytest.fixture
def editor_client(client, world):
    user = User.objects.create_user("editor", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_event"))
    client.force_login(user)
    make_actor("KOFICE", "KR")
    return client


def test_query_count_does_not_grow_with_the_number_of_events(editor_client):
    from apps.events.models import Event

    event = make_event("First", parties=("ID", "KR"), topics=("ai",))
    _populate(4)
    small = {url: _count(editor_client, url) for url in URLS}
    small_event = _count(editor_client, f"/events/{event.pk}/")
    small_article = _count(editor_client, f"/articles/{event.sources.first().article_id}/")
    _populate(60)
    assert Event.objects.count() == 65
    for url, bound in URLS.items():
        large = _count(editor_client, url)
        assert large == small[url], f"{url}: {small[url]} queries with 5 events, {large} with 65"
        assert large <= bound, f"{url}: {large} queries (bound {bound})"
    assert _count(editor_client, f"/events/{event.pk}/") == small_event <= 18
    assert _count(editor_client, f"/articles/{event.sources.first().article_id}/") == small_article <= 11
