"""Actors: organisations found by their head words in five languages (known ones, and new ones proposed
to editors with their home country), and persons read as their office."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest

from apps.tagging import relevance
from apps.tagging.actors import recognise
from apps.tagging.matcher import leftmost_longest
from apps.tagging.pipeline import extract
from apps.tagging.text import Doc


@pytest.fixture(scope="module")
def actors_of(gaz):
    """(name, country, known) of every actor `recognise` finds in the text."""

    def actors_of(text: str, language: str) -> list[tuple[str, str | None, bool]]:
        doc = Doc.build("", text)
        groups = defaultdict(list)
        for hit in gaz.entities.find_all(doc.text, doc.prepared, 0, doc.end):
            groups[hit.group].append(hit)
        found = recognise(doc, leftmost_longest(groups[""]), groups["org"], gaz, language)
        result = []
        for mention in found.mentions:
            info = found.infos[mention.actor]
            entry = (info.name, info.country, info.id is not None or mention.actor < len(gaz.actors))
            if entry not in result:
                result.append(entry)
        return result

    return actors_of


def test_english_names_a_country_gives_its_body(actors_of):
    found = actors_of(
        "Thailand's Ministry of Digital Economy and Society signed an MoU with NVIDIA. Kopi Labs, a "
        "Singapore start-up, will build the guide with the National Heritage Board.",
        "en",
    )
    assert ("Ministry of Digital Economy and Society", "TH", False) in found
    assert ("Kopi Labs", "SG", False) in found
    assert ("National Heritage Board", None, False) in found
    # Malaysia's "Ministry of Digital" is a known name inside the longer one: not read here.
    assert all(name != "Ministry of Digital" for name, _, _ in found)


def test_a_known_name_given_another_country_is_that_country_body(actors_of):
    found = actors_of(
        "During the meeting at Vietnam's Ministry of Culture, Sports and Tourism, the two sides agreed.", "en"
    )
    assert found == [("Ministry of Culture, Sports and Tourism of Vietnam", "VN", True)]


def test_indonesian_head_words_and_legal_forms(actors_of):
    found = actors_of(
        "SURABAYA — Institut Teknologi Sepuluh Nopember (ITS) menggandeng PT Nusantara Digital Kreatif dan "
        "label rekaman Gema Nusantara Records.",
        "id",
    )
    assert ("Institut Teknologi Sepuluh Nopember", "ID", False) in found
    assert ("PT Nusantara Digital Kreatif", "ID", False) in found
    assert ("Gema Nusantara Records", None, False) in found


def test_malay_head_words_and_an_apposition(actors_of):
    found = actors_of(
        "KUALA LUMPUR: Akademi Seni Budaya dan Warisan Kebangsaan (ASWARA) bekerjasama dengan "
        "Studio Kazeori, sebuah studio animasi dari Jepun.",
        "ms",
    )
    assert found == [
        ("Akademi Seni Budaya dan Warisan Kebangsaan", "MY", False),
        ("Studio Kazeori", "JP", False),
    ]


def test_korean_suffixes_with_their_particles_cut(actors_of):
    found = actors_of(
        "개인정보보호위원회는 26일 전체회의를 열었다. "
        "과학기술정보통신부는 말레이시아 디지털부 장관과 회담했다.",
        "ko",
    )
    assert ("개인정보보호위원회", "KR", False) in found
    assert ("Ministry of Science and ICT", "KR", True) in found
    assert ("Ministry of Digital", "MY", True) in found  # 디지털부 of Malaysia is a known body


def test_chinese_suffixes_from_the_function_word_before(actors_of):
    found = actors_of("中国美术学院与泰国艺术大学宣布共建联合实验室。越南文化体育旅游部部长出席。", "zh")
    assert ("中国美术学院", "CN", False) in found
    assert ("泰国艺术大学", "TH", False) in found
    assert ("Ministry of Culture, Sports and Tourism of Vietnam", "VN", True) in found


def test_the_state_itself_is_no_actor(actors_of):
    found = actors_of("Pemerintah Jepang memberikan hibah kepada Indonesian Heritage Agency.", "id")
    assert found == [("Indonesian Heritage Agency", "ID", True)]


def test_new_organisations_are_proposed_with_country_and_kind(gaz):
    doc = Doc.build(
        "", "The Cambodia Academy of Digital Technology and KOICA signed a record of discussions."
    )
    groups = defaultdict(list)
    for hit in gaz.entities.find_all(doc.text, doc.prepared, 0, doc.end):
        groups[hit.group].append(hit)
    found = recognise(doc, leftmost_longest(groups[""]), groups["org"], gaz, "en")
    assert [(c.name, c.country, c.kind) for c in found.candidates] == [
        ("Cambodia Academy of Digital Technology", "KH", "university")
    ]
    new = found.infos[len(gaz.actors) :]
    assert [(info.id, info.name) for info in new] == [(None, "Cambodia Academy of Digital Technology")]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Menteri Komunikasi dan Digital Meutya Hafid menerima kunjungan Menteri Digital Malaysia.",
            "id",
            {"Ministry of Communication and Digital Affairs", "Ministry of Digital"},
        ),
        (
            "Minister of Digital Economy and Society Prasert Jantararuangtong signed the MoU.",
            "en",
            {"Ministry of Digital Economy and Society"},
        ),
        (
            "Ketua Setiausaha Kementerian Komunikasi, Datuk Rosli Hamzah berkata platform perlu patuh.",
            "ms",
            {"Kementerian Komunikasi"},
        ),
    ],
)
def test_a_person_stands_for_their_office(actors_of, text, language, expected):
    assert {name for name, _, _ in actors_of(text, language)} == expected


def test_an_office_named_through_a_minister_is_an_actor_of_the_event(gaz):
    extraction = extract(
        "Menteri Digital Malaysia Temui Menkomdigi, Sepakat Perangi Penipuan Daring",
        "JAKARTA — Menteri Komunikasi dan Digital Meutya Hafid menerima kunjungan Menteri Digital "
        "Malaysia di kantornya, Selasa (4/3/2025). Dalam pertemuan bilateral itu, kedua menteri "
        "sepakat bekerja sama.",
        gaz,
        published=date(2025, 3, 5),
        relevance_model=relevance.neutral_model(),
    )
    event = extraction.events[0]
    names = {extraction.actor_infos[i].name for i in event.actors}
    assert names == {"Ministry of Communication and Digital Affairs", "Ministry of Digital"}
    assert (event.kind, event.parties) == ("visit", ["ID", "MY"])


def test_a_known_short_form_in_parentheses_names_the_body(actors_of):
    """ "Perbadanan Ekonomi Digital Malaysia (MDEC)" is MDEC, not a second, new organisation."""
    found = actors_of(
        "Perbadanan Ekonomi Digital Malaysia (MDEC) dan Korea Creative Content Agency (KOCCA) memeterai "
        "MoU animasi.",
        "ms",
    )
    assert found == [
        ("Malaysia Digital Economy Corporation", "MY", True),
        ("Korea Creative Content Agency", "KR", True),
    ]


def test_korean_names_with_their_short_forms(actors_of):
    found = actors_of(
        "과학기술정보통신부(과기정통부)는 인도네시아 통신디지털부와 AI 협력 양해각서를 체결했다고 5일 "
        "밝혔다. 과기정통부 관계자는 인재 교류를 추진한다고 말했다.",
        "ko",
    )
    assert found == [
        ("Ministry of Science and ICT", "KR", True),
        ("Ministry of Communication and Digital Affairs", "ID", True),
    ]


def test_a_korean_name_given_another_country_is_that_country_body(actors_of):
    """ "베트남 문화체육관광부": Vietnam has a ministry of the same name as Korea's."""
    found = actors_of("한국콘텐츠진흥원(콘진원)은 베트남 문화체육관광부와 웹툰 교류 행사를 열었다.", "ko")
    assert found == [
        ("Korea Creative Content Agency", "KR", True),
        ("Ministry of Culture, Sports and Tourism of Vietnam", "VN", True),
    ]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Universitas Tanjungpura Pontianak, Rabu (5/11/2025), menandatangani nota kesepahaman dengan "
            "Universiti Malaya.",
            "id",
            [("Universitas Tanjungpura Pontianak", "ID", False), ("Universiti Malaya", "MY", True)],
        ),
        (
            "Acara digelar di Kementerian Kebudayaan, Senayan, Jakarta. Ministry of Tourism, Arts and "
            "Culture turut hadir.",
            "id",
            [
                ("Ministry of Culture of Indonesia", "ID", True),
                ("Ministry of Tourism, Arts and Culture", "MY", True),
            ],
        ),
        (
            "Delegasi Infocomm Media Development Authority (IMDA) Singapura mengunjungi Kementerian "
            "Komunikasi dan Digital.",
            "id",
            [
                ("Infocomm Media Development Authority", "SG", True),
                ("Ministry of Communication and Digital Affairs", "ID", True),
            ],
        ),
    ],
)
def test_a_name_stops_before_a_weekday_an_address_or_a_delegation(actors_of, text, language, expected):
    """ "…, Rabu (5/11)", ", Senayan, Jakarta" and "Delegasi …" are no part of the name; a comma list of
    fields closed by "and" is ("Ministry of Tourism, Arts and Culture")."""
    assert actors_of(text, language) == expected


def test_a_museum_after_dan_is_another_organisation(actors_of):
    found = actors_of("Kementerian Kebudayaan dan Wereldmuseum sepakat memulangkan 20 artefak.", "id")
    assert ("Ministry of Culture of Indonesia", "ID", True) in found
    assert all("Wereldmuseum" not in name or name == "Wereldmuseum" for name, _, _ in found)


def test_a_spelling_variant_keeps_the_words(actors_of):
    """KIST is not KAIST: a name with a word less is another organisation, not a variant."""
    found = actors_of(
        "The National Research and Innovation Agency (BRIN) and the Korea Institute of Science and "
        "Technology signed an agreement on Tuesday.",
        "en",
    )
    assert ("Korea Institute of Science and Technology", "KR", False) in found
    assert all(name != "KAIST" for name, _, _ in found)


@pytest.mark.parametrize(
    ("title", "text", "published", "actors", "parties"),
    [
        (
            "BRIN dan KIST Teken Kerja Sama Riset AI",
            "JAKARTA — Badan Riset dan Inovasi Nasional (BRIN) dan Korea Institute of Science and "
            "Technology (KIST) menandatangani nota kesepahaman riset kecerdasan artifisial di Jakarta, "
            "Senin (3/11/2025). Kerja sama mencakup pertukaran peneliti.",
            date(2025, 11, 4),
            {"National Research and Innovation Agency", "Korea Institute of Science and Technology"},
            ["ID", "KR"],
        ),
        (
            "과기정통부, 인니 통신디지털부와 AI 협력 양해각서 체결",
            "과학기술정보통신부(과기정통부)는 지난 4일 자카르타에서 인도네시아 통신디지털부와 인공지능 "
            "협력 양해각서를 체결했다고 5일 밝혔다. 양측은 AI 인재 교류를 추진한다.",
            date(2025, 11, 5),
            {"Ministry of Science and ICT", "Ministry of Communication and Digital Affairs"},
            ["ID", "KR"],
        ),
        (
            "中老两国国家图书馆签署数字化合作协议",
            "11月5日，中国国家图书馆与老挝国家图书馆在万象签署古籍数字化合作协议。双方将共建数字资源库。",
            date(2025, 11, 6),
            {"中国国家图书馆", "老挝国家图书馆"},
            ["CN", "LA"],
        ),
    ],
)
def test_organisations_of_the_headline_and_lead_are_actors_of_the_event(
    gaz, title, text, published, actors, parties
):
    extraction = extract(title, text, gaz, published=published, relevance_model=relevance.neutral_model())
    event = extraction.events[0]
    assert {extraction.actor_infos[i].name for i in event.actors} == actors
    assert event.parties == parties
