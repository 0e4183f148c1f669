"""The seed command loads every country, the blocs, the taxonomy, actors, articles and curated events."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from apps.actors.models import Actor
from apps.events.models import Agreement, Event, EventPair, EventSource
from apps.geo.models import NAME_LANGUAGES, Country
from apps.news.models import Article, Source
from apps.tagging.models import Topic

pytestmark = pytest.mark.django_db

# The human reading of the five seed articles (tests/data/seeds/labels.json), as the timeline must show it.
EXPECTED_EVENTS = {
    "South Korea and China sign 9 cooperation agreements on AI and culture": (
        "agreement", ["CN", "KR"], None, "", None, "", 9,
    ),
    "6th ASEAN-Korea Innovative Culture Forum": (
        "forum", ["ASEAN", "KR"], dt.date(2025, 11, 8), "day", None, "Singapore", None,
    ),
    "5th ASEAN-Korea Innovative Culture Forum": (
        "forum", ["ASEAN", "KR"], dt.date(2024, 10, 26), "day", dt.date(2024, 10, 27), "Kuala Lumpur", None,
    ),
    "Happy Music and Aetherium sign collaboration agreement in Yogyakarta on AI idols and K-pop diplomacy": (
        "agreement", ["ID", "KR"], dt.date(2025, 4, 23), "day", None, "Yogyakarta", None,
    ),
    "SM Entertainment and KAIST sign research agreement on metaverse, AI and digital avatars": (
        "agreement", ["KR"], dt.date(2021, 6, 23), "day", None, "Daejeon", None,
    ),
    "China summons 11 tech firms over deepfakes and audio apps": (
        "regulation", ["CN"], dt.date(2021, 3, 1), "month", None, "", None,
    ),
}  # fmt: skip


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Country, Topic, Actor, Source, Article, Event, EventSource, EventPair)
    }


def test_seed_twice_leaves_the_same_rows(seeded):
    first = _counts()
    call_command("seed", verbosity=0)
    assert _counts() == first
    assert first["Article"] == 5
    assert first["Event"] == 6
    assert first["EventSource"] == 6
    assert first["Topic"] >= 14


def test_every_iso_country_and_the_blocs_have_names_in_six_languages(seeded):
    countries = Country.objects.filter(kind=Country.Kind.COUNTRY)
    assert countries.count() >= 245
    for country in countries:
        missing = [lang for lang in NAME_LANGUAGES if not country.names.get(lang)]
        assert not missing, f"{country.code} lacks names in {missing}"
    assert Country.objects.get(code="KR").names["id"] == "Korea Selatan"
    assert Country.objects.get(code="CN").names["ko"] == "중국"
    asean = Country.objects.get(code="ASEAN")
    assert asean.kind == Country.Kind.BLOC
    assert {"ID", "MY", "SG", "TH", "VN", "PH"} <= set(asean.members.values_list("code", flat=True))
    assert Country.objects.get(code="EU").members.count() == 27


def test_seed_events_have_the_labelled_parties_dates_and_precision(seeded):
    events = {e.title: e for e in Event.objects.prefetch_related("parties")}
    assert set(events) == set(EXPECTED_EVENTS)
    for title, (kind, parties, date, precision, end, location, count) in EXPECTED_EVENTS.items():
        event = events[title]
        assert event.kind == kind, title
        assert sorted(c.code for c in event.parties.all()) == parties, title
        assert (event.date, event.date_precision, event.end_date) == (date, precision, end), title
        assert event.location == location, title
        assert event.agreement_count == count, title
        assert event.status == Event.Status.CONFIRMED
        assert event.sources.count() == 1
    assert events["China summons 11 tech firms over deepfakes and audio apps"].date_display == "2021-03"


def test_korea_china_is_one_pair_exactly_once(seeded):
    assert EventPair.objects.filter(a_id="CN", b_id="KR").count() == 1
    assert EventPair.objects.filter(a_id="ASEAN", b_id="KR").count() == 2
    assert Event.objects.with_any_pair([("KR", "CN")]).count() == 1
    assert Event.objects.with_any_pair([("kr", "asean"), ("KR", "ID")]).count() == 3


def test_seed_articles_are_attributed_to_their_publishers(seeded):
    publishers = set(Article.objects.values_list("source__name", flat=True))
    assert publishers == {"Mediabaca.com", "Korea.net", "wartamoro.com", "Kanal247.com", "Tagar"}


def test_seed_events_link_the_labelled_actors(seeded):
    forum = Event.objects.get(title="6th ASEAN-Korea Innovative Culture Forum")
    names = {a.name for a in forum.actors.all()}
    assert any("KOFICE" in n or "Korea Foundation for International Cultural Exchange" in n for n in names)
    assert len(names) == 6
    regulation = Event.objects.get(kind="regulation")
    assert {a.country_id for a in regulation.actors.all()} == {"CN"}


def test_agreement_proxy_holds_only_agreements(seeded):
    assert Agreement.objects.count() == 3
    assert set(Agreement.objects.values_list("kind", flat=True)) == {"agreement"}
