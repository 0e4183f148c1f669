"""The pair matrix, event, country, actor and article pages, and /healthz."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.models import Permission, User

from apps.tagging.models import ArticleActor, ArticleCountry, ArticleDate, ArticleTopic
from tests.web.builders import make_actor, make_article, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(world):
    kofice = make_actor("KOFICE", "KR", kind="foundation", aliases=("Yayasan Korea",))
    return {
        "a": make_event("ID-KR one", parties=("ID", "KR"), actors=(kofice,), topics=("ai",)),
        "b": make_event("ID-KR two", parties=("ID", "KR"), kind="forum", date="2023-05-02"),
        "c": make_event("ASEAN-KR", parties=("ASEAN", "KR"), kind="forum", actors=(kofice,)),
        "d": make_event("CN-KR", parties=("CN", "KR"), kind="regulation", date="2021-03-20"),
        "r": make_event("Rejected ID-KR", parties=("ID", "KR"), status="rejected"),
    }


def _cells(html: str) -> dict[str, int]:
    return {m[0]: int(m[1]) for m in re.findall(r'data-pair="([A-Z]+-[A-Z]+)"[^>]*>(\d+)</a>', html)}


def test_pair_matrix_counts_events_per_pair_with_blocs_as_rows(client, events):
    html = client.get("/pairs/").content.decode()
    cells = _cells(html)
    assert cells["ID-KR"] == cells["KR-ID"] == 2  # the rejected one is not counted
    assert cells["ASEAN-KR"] == 1 and cells["CN-KR"] == 1
    assert "ID-CN" not in cells
    assert 'class="bloc-row"' in html


def test_pair_matrix_honours_kind_and_date_filters_and_links_to_the_timeline(client, events):
    html = client.get("/pairs/?kind=forum").content.decode()
    assert _cells(html) == {"KR-ID": 1, "KR-ASEAN": 1, "ID-KR": 1, "ASEAN-KR": 1}
    assert 'href="/?kind=forum&amp;pair=ID-KR"' in html
    html = client.get("/pairs/?from=2024-01-01").content.decode()
    assert _cells(html)["ID-KR"] == 1


def test_event_page_shows_sources_evidence_and_related_events_of_the_pair(client, events):
    event = events["a"]
    html = client.get(f"/events/{event.pk}/").content.decode()
    source = event.sources.select_related("article").first()
    assert source.article.url in html and "Korea.net" in html
    assert "The two sides signed a memorandum" in html
    assert f'data-event-id="{events["b"].pk}"' in html  # same pair
    assert f'data-event-id="{events["d"].pk}"' not in html  # another pair
    assert f'data-event-id="{events["r"].pk}"' not in html  # rejected
    assert "KOFICE" in html and "April 23, 2025" in html


def test_event_page_edit_link_only_for_editors(client, events):
    event = events["a"]
    assert "/admin/events/event/" not in client.get(f"/events/{event.pk}/").content.decode()
    editor = User.objects.create_user("editor", password="pw", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_event"))
    client.force_login(editor)
    assert f"/admin/events/event/{event.pk}/change/" in client.get(f"/events/{event.pk}/").content.decode()


def test_country_page_ranks_partners_and_counts_events_per_year(client, events):
    html = client.get("/countries/KR/").content.decode()
    partners = re.findall(r'\?pair=([A-Z]+-[A-Z]+)">.*?<span class="badge[^"]*">(\d+)</span>', html)
    assert partners[0] == ("ID-KR", "2")
    assert {p for p, _ in partners} == {"ID-KR", "ASEAN-KR", "CN-KR"}
    assert "2021: 1" in html and "2023: 1" in html and "2025: 2" in html


def test_lowercase_country_code_redirects(client, events):
    response = client.get("/countries/kr/")
    assert response.status_code == 302 and response["Location"] == "/countries/KR/"


def test_actor_list_and_detail_show_events_partners_and_aliases(client, events):
    html = client.get("/actors/?q=yayasan").content.decode()
    assert 'data-actor="kofice"' in html
    html = client.get("/actors/kofice/").content.decode()
    assert "Yayasan Korea" in html
    assert f'data-event-id="{events["a"].pk}"' in html and f'data-event-id="{events["c"].pk}"' in html
    assert "ASEAN" in html and "/countries/ID/" in html
    assert client.get("/actors/?kind=foundation").content.decode().count("data-actor=") == 1
    assert client.get("/actors/?kind=company").content.decode().count("data-actor=") == 0


def test_article_page_highlights_tags_at_their_offsets_and_lists_supported_events(client, events, world):
    text = "Indonesia dan Korea Selatan menandatangani MoU AI pada 23 April 2025 bersama KOFICE."
    article = make_article(title="MoU", text=text)
    ArticleCountry.objects.create(article=article, country_id="ID", spans=[[0, 9]], is_party=True)
    ArticleCountry.objects.create(article=article, country_id="KR", spans=[[14, 27]])
    ArticleActor.objects.create(article=article, actor=events["a"].actors.first(), spans=[[77, 83]])
    ArticleTopic.objects.create(article=article, topic_id="ai", spans=[[47, 49], [999, 1005]])
    ArticleDate.objects.create(article=article, value="2025-04-23", start=55, end=68)
    events["a"].sources.create(article=article, evidence=text)
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert 'data-tag="country">Indonesia</a>' in html
    assert 'data-tag="country">Korea Selatan</a>' in html
    assert 'data-tag="actor">KOFICE</a>' in html
    assert 'data-tag="topic">AI</a>' in html
    assert 'data-tag="date">23 April 2025</mark>' in html
    assert events["a"].get_absolute_url() in html
    listing = client.get("/articles/?language=id").content.decode()
    assert f'data-article-id="{article.pk}"' in listing


def test_article_text_is_escaped(client, world):
    article = make_article(title="<b>x</b>", text="<script>alert(1)</script> Indonesia")
    ArticleCountry.objects.create(article=article, country_id="ID", spans=[[26, 35]])
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_healthz_reports_database_broker_and_worker_state(client, db):
    response = client.get("/healthz?workers=0")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["database"]["ok"] is True and data["status"] == "ok"
    assert "broker" in data
