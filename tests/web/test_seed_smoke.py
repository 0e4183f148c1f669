"""Every page and export answers over the real seed data (countries, blocs, actors, articles, events)."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from apps.events.models import Event
from apps.news.models import Article
from tests.web.builders import ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed", verbosity=0)


def test_every_page_and_export_answers_over_the_seed(client, seeded):
    event = Event.objects.order_by("pk").first()
    article = Article.objects.order_by("pk").first()
    actor = event.actors.first() or Event.objects.filter(actors__isnull=False).first().actors.first()
    urls = [
        "/", "/pairs/", "/actors/", "/articles/", "/countries/KR/", "/countries/ASEAN/",
        f"/events/{event.pk}/", f"/articles/{article.pk}/", f"/actors/{actor.slug}/",
        "/events.csv", "/events.csv?format=gdelt", "/events.json", "/events.atom",
    ]  # fmt: skip
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


def test_seed_pair_filter_finds_the_indonesia_korea_event(client, seeded):
    found = ids(client.get("/?pair=ID-KR"))
    assert found
    assert all(
        {"ID", "KR"} <= set(Event.objects.get(pk=pk).parties.values_list("code", flat=True)) for pk in found
    )
    data = json.loads(b"".join(client.get("/events.json?pair=KR-ID").streaming_content))
    assert data["count"] == len(found)
