"""Date forms in the languages the tracker reads, resolved against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from apps.tagging.dates import find_dates

TODAY = date(2026, 11, 23)


def dates(text: str, published: date | None = None) -> list[tuple[str, str | None]]:
    return [
        (d.iso, d.end_value.isoformat() if d.end_value else None)
        for d in find_dates(text, 0, len(text), published, TODAY)
    ]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("pada 8 November 2025 di Singapura", None, [("2025-11-08", None)]),
        ("digelar 26-27 Oktober 2024", None, [("2024-10-26", "2024-10-27")]),
        ("di Yogyakarta, Rabu (23/4/2025).", None, [("2025-04-23", None)]),
        ("kemarin, Rabu (23/6).", None, [("2021-06-23", None)]),
        ("Sabtu, 20 Maret 2021", None, [("2021-03-20", None)]),
        ("on November 8, 2025 in Seoul", None, [("2025-11-08", None)]),
        ("2025년 11월 8일 서울에서", None, [("2025-11-08", None)]),
        ("2025年11月8日在北京", None, [("2025-11-08", None)]),
        ("11月8～9日に東京で", date(2025, 11, 1), [("2025-11-08", "2025-11-09")]),
        ("dimulai pada tahun 2020", None, [("2020", None)]),
        ("pada Maret 2021", None, [("2021-03", None)]),
        ("bulan depan", date(2025, 11, 4), [("2025-12", None)]),
        ("pekan lalu", date(2025, 11, 4), [("2025-10", None)]),
    ],
)
def test_date_forms(text, published, expected):
    assert dates(text, published) == expected


def test_weekday_without_year_takes_the_year_near_publication():
    assert dates("Rabu (23/6)", date(2021, 6, 24)) == [("2021-06-23", None)]


@pytest.mark.parametrize("text", ["layanan 24/7", "Samsung S23 Ultra", "pukul 10.00 WIB", "skor 1/2 final"])
def test_numbers_that_are_not_dates(text):
    assert dates(text, date(2025, 1, 1)) == []
