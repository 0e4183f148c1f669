"""The main event's date: from the headline and the lead, never a later event's or the dateline's; relative
days resolved against the publication date, and a day the text gives kept at day precision."""

from __future__ import annotations

from datetime import date

import pytest

from apps.tagging import relevance
from apps.tagging.dates import find_dates
from apps.tagging.pipeline import extract

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def date_of(gaz):
    def date_of(title: str, text: str, published: date | None) -> str | None:
        extraction = extract(
            title, text, gaz, published=published, today=TODAY, relevance_model=relevance.neutral_model()
        )
        return extraction.events[0].date_text

    return date_of


def found(text: str, published: date) -> list[tuple[str, str]]:
    return [(d.iso, text[d.start : d.end]) for d in find_dates(text, 0, len(text), published, TODAY)]


def test_a_later_summit_does_not_date_the_main_event(date_of):
    assert (
        date_of(
            "Indonesia, Malaysia agree to fight deepfake scams together",
            "JAKARTA — Indonesia and Malaysia agreed on Tuesday to set up a joint task force against "
            "deepfake scams.\n\nThe plan will be presented at the ASEAN summit in Kuala Lumpur on 26 May "
            "2025, officials said.",
            date(2025, 3, 5),
        )
        == "2025-03-04"
    )


def test_a_deadline_in_the_headline_is_not_the_event_date(date_of):
    assert (
        date_of(
            "Election watchdog orders removal of deepfake videos ahead of June 3 vote",
            "The National Election Commission on Tuesday asked three online platforms to take down 127 "
            "deepfake videos, less than two weeks before the June 3 presidential election.",
            date(2025, 5, 21),
        )
        == "2025-05-20"
    )


def test_a_dateline_date_is_the_filing_date_not_the_event(date_of):
    assert (
        date_of(
            "China seeks feedback on draft rules for AI 'digital humans'",
            "BEIJING, March 14 (CGD) -- China's internet regulator on Friday released draft rules on "
            "AI-generated digital humans for public comment.",
            date(2026, 3, 14),
        )
        == "2026-03-13"
    )


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("kata Menteri di Jakarta, Kamis.", date(2025, 11, 14), [("2025-11-13", ", Kamis")]),
        ("the ministry said Tuesday", date(2025, 11, 14), [("2025-11-11", "Tuesday")]),
        ("signed the pact on Friday", date(2025, 11, 14), [("2025-11-14", "on Friday")]),
        (
            "opened here on Tuesday and will conclude on Wednesday",
            date(2025, 9, 16),
            [("2025-09-16", "on Tuesday"), ("2025-09-17", "on Wednesday")],
        ),
        ("mengadakan lawatan ke MDEC di sini, kelmarin.", date(2024, 4, 18), [("2024-04-16", "kelmarin")]),
        ("perlawanan akhir malam tadi", date(2024, 12, 16), [("2024-12-15", "malam tadi")]),
        ("国家网信办上周四在京约谈五家平台", date(2025, 6, 17), [("2025-06-12", "上周四")]),
        ("系统上周五在万象正式移交", date(2025, 3, 10), [("2025-03-07", "上周五")]),
    ],
)
def test_relative_days_resolve_to_the_right_day(text, published, expected):
    assert found(text, published) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("지난 12일(현지시간) 태국 방콕에서", date(2025, 11, 14), ("2025-11-12", None)),
        ("문화체육관광부는 7일 정부세종청사에서", date(2026, 1, 8), ("2026-01-07", None)),
        ("다음 달 11일부터 12일까지 부산에서", date(2025, 11, 20), ("2025-12-11", "2025-12-12")),
        ("论坛于16日至17日在南宁举行", date(2025, 9, 18), ("2025-09-16", "2025-09-17")),
        ("지난 28일 서울에서", date(2025, 3, 2), ("2025-02-28", None)),
    ],
)
def test_a_day_without_its_month_keeps_day_precision(text, published, expected):
    mention = find_dates(text, 0, len(text), published, TODAY)[0]
    assert mention.precision == "day"
    assert (mention.iso, mention.end_value.isoformat() if mention.end_value else None) == expected


def test_durations_are_not_days(date_of):
    assert found("행사는 3일간 열린다", date(2025, 5, 1)) == []


def test_a_korean_story_dated_by_its_day_alone(date_of):
    assert (
        date_of(
            "코이카, 앙코르 유적 AI 디지털 보존에 600만달러 지원",
            "(방콕=동남아경제통신) 이정민 특파원 = 한국국제협력단(코이카)은 16일(현지시간) "
            "캄보디아 시엠레아프에서 "
            "'AI 기반 앙코르 문화유산 디지털 보존 사업' 착수식을 열었다고 밝혔다.\n\n"
            "코이카는 2029년까지 5년간 총 600만 달러를 무상 지원한다.",
            date(2025, 7, 18),
        )
        == "2025-07-16"
    )


def test_a_chinese_dateline_date_gives_way_to_the_day_of_the_event(date_of):
    assert (
        date_of(
            "中老数字图书馆项目正式移交",
            "新华社万象3月10日电 中国援建的老挝国家图书馆古籍数字化系统上周五在万象正式移交老方使用。",
            date(2025, 3, 10),
        )
        == "2025-03-07"
    )
