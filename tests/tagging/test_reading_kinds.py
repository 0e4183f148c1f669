"""The kind is that of the main event, read in the headline and the lead by the codebook's table:
talks are a visit, an announced partnership a collaboration, a denied signing no agreement."""

from __future__ import annotations

from datetime import date

import pytest

from apps.tagging import relevance
from apps.tagging.kinds import trigger_factor
from apps.tagging.pipeline import extract

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def kind_of(gaz):
    def kind_of(title: str, text: str, published: date | None = None) -> str:
        extraction = extract(
            title, text, gaz, published=published, today=TODAY, relevance_model=relevance.neutral_model()
        )
        return extraction.events[0].kind

    return kind_of


def test_talks_between_ministers_are_a_visit_not_an_agreement(kind_of):
    kind = kind_of(
        "Korean culture minister in Hanoi, pledges help for Vietnam's content industry",
        "HANOI — Vietnam's culture minister held talks with his South Korean counterpart in Hanoi on "
        "Wednesday, with the two sides agreeing to expand co-operation in film and music.\n\n"
        "No agreements were signed, but officials said a cultural exchange programme would be signed next "
        "year.",
        date(2024, 11, 14),
    )
    assert kind == "visit"


def test_a_korean_meeting_without_a_signature_is_a_visit(kind_of):
    kind = kind_of(
        "과기정통부 장관, 말레이시아 디지털부 장관과 회담…AI 협력 논의",
        "과학기술정보통신부는 장관이 3일 서울에서 말레이시아 디지털부 장관과 양자 회담을 갖고 AI 협력 방안을 "
        "논의했다고 4일 밝혔다.\n\n이번 회담에서 별도의 문서 서명은 없었다.",
        date(2024, 7, 4),
    )
    assert kind == "visit"


def test_a_chinese_delegation_visit_with_talks_is_a_visit(kind_of):
    kind = kind_of(
        "国家文物局负责人访问埃及 中埃将拓展文物数字化合作",
        "国家文物局主要负责人率代表团8日在开罗与埃及旅游和文物部部长举行会谈，双方就深化考古合作交换意见。"
        "双方同意进一步扩大合作，并开展合作研究。",
        date(2024, 5, 9),
    )
    assert kind == "visit"


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "UM, Korea Foundation team up on Korean studies and an AI language lab",
            "Universiti Malaya and the Korea Foundation have agreed to work together on an expanded Korean "
            "studies programme. No formal agreement was signed.",
        ),
        (
            "ITS Gandeng Label Rekaman Lokal Kembangkan AI Gamelan",
            "SURABAYA — Institut Teknologi Sepuluh Nopember (ITS) menggandeng label rekaman lokal untuk "
            "mengembangkan kecerdasan buatan pengiring gamelan. Tidak ada dokumen yang ditandatangani.",
        ),
        (
            "中国美院与泰国艺术大学共建人工智能联合实验室",
            "中国美术学院与泰国艺术大学上周在杭州宣布，两校将共建联合实验室。此次合作未签署正式协议。",
        ),
    ],
)
def test_an_announced_partnership_is_a_collaboration(kind_of, title, text):
    assert kind_of(title, text, date(2025, 9, 20)) == "collaboration"


def test_a_planned_showcase_does_not_make_a_collaboration_a_forum(kind_of):
    kind = kind_of(
        "KOCCA, MDEC team up on AI-assisted animation, plan Busan showcase",
        "KUALA LUMPUR: The Korea Creative Content Agency and the Malaysia Digital Economy Corporation "
        "announced a partnership on Thursday to help Malaysian studios use AI tools.\n\n"
        "The two agencies also plan to co-host a showcase of the results in Busan next year.",
        date(2025, 12, 5),
    )
    assert kind == "collaboration"


def test_a_memorandum_signed_on_the_sidelines_of_a_forum_is_an_agreement(kind_of):
    kind = kind_of(
        "Petronas digital arm, Korean AI firm sign MoU on heritage archives",
        "SEOUL — A Malaysian state agency and a South Korean AI company signed a memorandum of understanding "
        "on Thursday on the sidelines of an industry forum in Seoul.",
        date(2024, 10, 11),
    )
    assert kind == "agreement"


def test_a_handover_is_other(kind_of):
    kind = kind_of(
        "Belanda serah salinan digital 5,000 dokumen sejarah Melaka kepada Arkib Negara",
        "KUALA LUMPUR: Arkib Nasional Belanda menyerahkan salinan digital kira-kira 5,000 dokumen sejarah "
        "kepada Arkib Negara Malaysia dalam satu majlis di sini, Selasa (8/10).\n\n"
        "Melaka pernah berada di bawah pemerintahan Portugal sebelum Perjanjian Inggeris-Belanda 1824.",
        date(2024, 10, 9),
    )
    assert kind == "other"


def test_an_order_to_take_down_scam_videos_is_a_regulation_not_funding(kind_of):
    kind = kind_of(
        "MCMC arah platform turunkan video deepfake pelaburan palsu",
        "CYBERJAYA: Suruhanjaya Komunikasi dan Multimedia Malaysia (MCMC) mengarahkan beberapa platform "
        "media sosial menurunkan video deepfake yang mempromosikan skim pelaburan palsu.",
        date(2025, 10, 8),
    )
    assert kind == "regulation"


@pytest.mark.parametrize(
    ("text", "word", "kind", "factor"),
    [
        ("No agreements were signed at the talks.", "signed", "agreement", 0.0),
        ("Tidak ada dokumen yang ditandatangani.", "ditandatangani", "agreement", 0.0),
        ("이번 회담에서 별도의 문서 서명은 없었다.", "서명", "agreement", 0.0),
        ("此次合作未签署正式协议。", "协议", "agreement", 0.0),
        ("The programme is to be signed next year.", "signed", "agreement", 0.4),
        ("The MoU was signed on the sidelines of the forum.", "forum", "forum", 0.3),
        ("The two ministries signed an agreement on Monday.", "signed", "agreement", 1.0),
    ],
)
def test_a_trigger_counts_by_its_context(text, word, kind, factor):
    start = text.index(word)
    assert trigger_factor(text, start, start + len(word), kind) == factor
