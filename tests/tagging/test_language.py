"""Language of an article among id, ms, en, ko, zh, ja."""

from __future__ import annotations

import pytest

from apps.news.language import READ, detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pemerintah Indonesia dan Korea Selatan menandatangani nota kesepahaman kerja sama budaya di "
         "Jakarta kemarin, karena kedua negara ingin memperkuat hubungan.", "id"),
        ("Kerajaan Malaysia dan Korea Selatan menandatangani memorandum persefahaman mengenai kerjasama "
         "kebudayaan di Kuala Lumpur semalam, kata kementerian itu kerana hubungan yang erat.", "ms"),
        ("South Korea and Indonesia signed a memorandum of understanding on cultural cooperation in Jakarta "
         "on Tuesday, the ministry said.", "en"),
        ("한국과 인도네시아는 자카르타에서 문화 협력 양해각서를 체결했다.", "ko"),
        ("中国与东盟在吉隆坡举行人工智能合作论坛。", "zh"),
        ("経済産業省はASEANとAIのフォーラムを東京で開催する。", "ja"),
    ],
)  # fmt: skip
def test_detects_the_language(text, expected):
    assert detect_language(text, languages=READ) == expected
