"""The timeline: each filter, each combination with a pair, the pickers, grouping and attributes."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.events.models import Event
from tests.web.builders import ids, make_actor, make_article, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(world):
    """A small history across pairs, kinds, topics, dates and statuses."""
    kofice = make_actor("KOFICE", "KR", aliases=("Korea Foundation for International Cultural Exchange",))
    return {
        "id_kr_ai": make_event("Indonesia and Korea sign AI MoU", parties=("ID", "KR"), topics=("ai",),
                               date="2025-04-23", actors=(kofice,)),
        "id_kr_forum": make_event("Indonesia Korea culture forum", parties=("KR", "ID"), kind="forum",
                                  topics=("culture",), date="2024-10-26"),
        "cn_kr": make_event("China and Korea sign nine agreements", parties=("CN", "KR"),
                            topics=("ai", "culture"), date="2025-11-01", precision="month"),
        "asean_kr": make_event("ASEAN-Korea forum", parties=("ASEAN", "KR", "SG"), kind="forum",
                               topics=("culture",), date="2025-11-08", location="Singapore",
                               actors=(kofice,)),
        "jp_us": make_event("Japan US AI visit", parties=("JP", "US"), kind="visit", topics=("ai",),
                            date="2021-06-23", status="proposed"),
        "rejected": make_event("Rejected Indonesia Korea", parties=("ID", "KR"), date="2025-01-05",
                               status="rejected"),
        "undated": make_event("Undated China Korea", parties=("CN", "KR"), date=None),
    }  # fmt: skip


def test_timeline_lists_visible_events_newest_first_with_undated_last(client, events):
    response = client.get("/")
    assert response.status_code == 200
    e = events
    expected = [e["asean_kr"], e["cn_kr"], e["id_kr_ai"], e["id_kr_forum"], e["jp_us"], e["undated"]]
    assert ids(response) == [x.pk for x in expected]


def test_pair_filter_ignores_order_and_shows_only_that_pair(client, events):
    forward = ids(client.get("/?pair=ID-KR"))
    backward = ids(client.get("/?pair=kr-id"))
    assert forward == backward == [events["id_kr_ai"].pk, events["id_kr_forum"].pk]


def test_repeated_pair_means_any_of_the_pairs(client, events):
    got = set(ids(client.get("/?pair=ID-KR&pair=CN-KR")))
    e = events
    assert got == {e["id_kr_ai"].pk, e["id_kr_forum"].pk, e["cn_kr"].pk, e["undated"].pk}


def test_pair_with_a_bloc_uses_the_bloc_as_a_party(client, events):
    assert ids(client.get("/?pair=ASEAN-KR")) == [events["asean_kr"].pk]
    assert ids(client.get("/?pair=SG-ASEAN")) == [events["asean_kr"].pk]


def test_country_filter_is_any_party_and_repeatable(client, events):
    assert set(ids(client.get("/?country=JP"))) == {events["jp_us"].pk}
    assert set(ids(client.get("/?country=jp&country=SG"))) == {events["jp_us"].pk, events["asean_kr"].pk}


def test_kind_filter_and_repeat(client, events):
    assert set(ids(client.get("/?kind=forum"))) == {events["id_kr_forum"].pk, events["asean_kr"].pk}
    assert set(ids(client.get("/?kind=forum&kind=visit"))) == {
        events["id_kr_forum"].pk,
        events["asean_kr"].pk,
        events["jp_us"].pk,
    }


def test_topic_filter_and_repeat(client, events):
    assert set(ids(client.get("/?topic=ai"))) == {
        events["id_kr_ai"].pk,
        events["cn_kr"].pk,
        events["jp_us"].pk,
    }
    assert len(ids(client.get("/?topic=ai&topic=culture"))) == 5


def test_actor_filter(client, events):
    assert set(ids(client.get("/?actor=kofice"))) == {events["id_kr_ai"].pk, events["asean_kr"].pk}


def test_date_range_is_inclusive_on_the_event_date(client, events):
    got = set(ids(client.get("/?from=2024-10-26&to=2025-04-23")))
    assert got == {events["id_kr_ai"].pk, events["id_kr_forum"].pk}


def test_status_filter(client, events):
    assert ids(client.get("/?status=proposed")) == [events["jp_us"].pk]
    assert events["rejected"].pk in ids(client.get("/?status=all"))
    assert events["rejected"].pk not in ids(client.get("/"))
    assert events["jp_us"].pk not in ids(client.get("/?status=confirmed"))


def test_text_search_matches_event_titles_and_source_articles(client, events):
    assert ids(client.get("/?q=nine")) == [events["cn_kr"].pk]
    article = make_article(title="Kerja sama", text="Penandatanganan nota kesepahaman kecerdasan buatan")
    events["jp_us"].sources.create(article=article, evidence="")
    assert ids(client.get("/?q=kesepahaman")) == [events["jp_us"].pk]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("kind=forum", ["id_kr_forum"]),
        ("topic=ai", ["id_kr_ai"]),
        ("actor=kofice", ["id_kr_ai"]),
        ("from=2025-01-01", ["id_kr_ai"]),
        ("to=2024-12-31", ["id_kr_forum"]),
        ("q=forum", ["id_kr_forum"]),
        ("status=all", ["id_kr_ai", "rejected", "id_kr_forum"]),
        ("country=ID", ["id_kr_ai", "id_kr_forum"]),
        ("country=CN", []),
    ],
)
def test_each_filter_combines_with_pair(client, events, extra, expected):
    assert ids(client.get(f"/?pair=ID-KR&{extra}")) == [events[k].pk for k in expected]


def test_pickers_accept_names_in_english_or_indonesian_and_redirect_to_a_shareable_pair(client, events):
    for a, b in (
        ("Indonesia", "Korea Selatan"),
        ("indonesia", "South Korea"),
        ("id", "KR"),
        ("Indonesia (ID)", "kr"),
    ):
        response = client.get("/", {"a": a, "b": b, "kind": "agreement", "q": ""})
        assert response.status_code == 302
        assert response["Location"] == "/?kind=agreement&pair=ID-KR"


def test_one_picker_alone_filters_by_that_country(client, events):
    response = client.get("/", {"a": "Jepang", "b": ""})
    assert response["Location"] == "/?country=JP"


def test_unknown_picker_name_answers_400_naming_pair(client, events):
    response = client.get("/", {"a": "Atlantis", "b": "Korea"})
    assert response.status_code == 400
    assert "pair" in response.content.decode() and "Atlantis" in response.content.decode()


def test_events_carry_data_attributes_and_month_headings(client, events):
    html = client.get("/?pair=ASEAN-KR").content.decode()
    event = events["asean_kr"]
    assert (
        f'data-event-id="{event.pk}" data-date="2025-11-08" data-kind="forum" data-parties="ASEAN KR SG"'
        in html
    )
    assert "November 2025" in html
    html = client.get("/?pair=CN-KR").content.decode()
    assert 'data-date="2025-11"' in html  # month precision written to its precision
    assert "Undated" in html


def test_applied_filters_show_as_removable_chips(client, events):
    html = client.get("/?pair=ID-KR&kind=agreement&topic=ai").content.decode()
    assert "Indonesia – South Korea" in html
    assert 'href="?pair=ID-KR&amp;topic=ai"' in html  # the kind chip removes only kind
    assert 'href="?kind=agreement&amp;topic=ai"' in html  # the pair chip removes only the pair


def test_chart_counts_events_per_month_under_the_filters(client, events):
    html = client.get("/?pair=ID-KR").content.decode()
    assert "<svg" in html
    assert "April 2025: 1" in html and "October 2024: 1" in html
    assert "November 2025: 1" not in html  # another pair's month is not counted


def test_page_beyond_the_end_shows_the_last_page(client, world):
    for day in range(30):
        make_event(date=dt.date(2025, 1, 1) + dt.timedelta(days=day), sources=0)
    last = client.get("/?page=2")
    beyond = client.get("/?page=999")
    assert beyond.status_code == 200
    assert ids(beyond) == ids(last) and len(ids(last)) == 5


def test_pagination_keeps_the_filters(client, world):
    for day in range(30):
        make_event(date=dt.date(2025, 1, 1) + dt.timedelta(days=day), sources=0)
    html = client.get("/?pair=ID-KR").content.decode()
    assert 'href="?pair=ID-KR&amp;page=2"' in html
    assert Event.objects.count() == 30


def test_actor_typed_by_name_or_alias_redirects_to_its_slug(client, events):
    response = client.get("/", {"actor": "Korea Foundation for International Cultural Exchange"})
    assert response.status_code == 302 and response["Location"] == "/?actor=kofice"
    assert client.get("/", {"actor": "KOFICE"})["Location"] == "/?actor=kofice"
    response = client.get("/", {"actor": "Nobody At All"})
    assert response.status_code == 400 and "Nobody At All" in response.content.decode()


def test_form_keeps_extra_pairs_and_countries_as_hidden_inputs(client, events):
    html = client.get("/?pair=ID-KR&pair=CN-KR").content.decode()
    assert '<input type="hidden" name="pair" value="CN-KR">' in html
    html = client.get("/?country=KR&country=JP").content.decode()
    assert '<input type="hidden" name="country" value="JP">' in html


def test_export_links_carry_the_filters_but_not_the_page(client, world):
    for day in range(30):
        make_event(date=dt.date(2025, 1, 1) + dt.timedelta(days=day), sources=0)
    html = client.get("/?pair=ID-KR&page=2").content.decode()
    for export in ("/events.csv?pair=ID-KR", "/events.json?pair=ID-KR", "/events.atom?pair=ID-KR"):
        assert f'href="{export}"' in html
        assert client.get(export).status_code == 200


def test_an_event_known_only_to_the_year_is_headed_by_the_year_not_january(client, world):
    make_event("Sometime in 2024", date="2024-01-01", precision="year")
    html = client.get("/").content.decode()
    assert 'data-date="2024"' in html
    assert ">2024</h2>" in html and ">January 2024</h2>" not in html
