"""Country names that are not countries, nicknames, languages, and parties versus mentions."""

from __future__ import annotations

from datetime import date


def codes(extraction) -> list[str]:
    return extraction.mentioned_countries


def test_press_nicknames_name_their_countries(run):
    text = (
        "Negeri Ginseng dan Negeri Tirai Bambu bertemu. "
        "Negeri Sakura, Negeri Jiran dan Negeri Singa menyusul."
    )
    assert codes(run(text)) == ["CN", "JP", "KR", "MY", "SG"]


def test_as_roma_is_a_football_club_not_the_united_states(run):
    assert "US" not in codes(run("AS Roma menang 2-0 atas Lazio di Stadion Olimpico pada Minggu malam."))


def test_as_counts_when_paired_with_another_country(run):
    assert codes(run("Hubungan AS dan China kembali memanas pekan ini.")) == ["CN", "US"]


def test_country_inside_a_company_name_is_not_a_mention(run):
    extraction = run("Bank of China membuka cabang baru di Jakarta untuk melayani nasabah korporasi.")
    assert "CN" not in codes(extraction)
    assert [a.actor.name for a in extraction.actors] == ["Bank of China"]


def test_a_language_is_not_a_country(run):
    assert codes(run("Ia belajar bahasa Korea selama dua tahun di Bandung.")) == []
    assert codes(run("그는 중국어를 배우고 있다.")) == []


def test_names_need_a_capital_and_a_word_boundary(run):
    assert codes(run("the chinese restaurant and a koreanized menu")) == []


def test_only_mentioned_country_is_not_a_party(run):
    text = (
        "Indonesia dan Korea Selatan menandatangani nota kesepahaman kerja sama budaya di Seoul, "
        "Selasa (4/11/2025). Sebelumnya, Amerika Serikat juga menjalin hubungan serupa dengan Jepang."
    )
    event = run(text, "Indonesia-Korsel Teken MoU Budaya", date(2025, 11, 5)).events[0]
    assert event.parties == ["ID", "KR"]
    assert event.kind == "agreement"
    assert event.location == "Seoul"
    assert event.date_text == "2025-11-04"


def test_an_actor_makes_its_country_a_party(run):
    text = "KOFICE menggelar festival budaya bersama mitra dari Indonesia di Jakarta pada 8 November 2025."
    event = run(text, "Festival budaya digelar", date(2025, 11, 1)).events[0]
    assert "KR" in event.parties


def test_agreement_count_in_words(run):
    text = "South Korea and Indonesia signed nine agreements on culture and AI in Jakarta on Tuesday."
    event = run(text, "Seoul and Jakarta sign nine agreements", date(2025, 11, 5)).events[0]
    assert event.agreement_count == 9
    assert event.date_text == "2025-11-04"  # the Tuesday before publication


def test_regulation_kind_from_a_summons(run):
    text = (
        "Regulator China memanggil Tencent dan ByteDance terkait konten deepfake pada Senin (15/3/2021). "
        "Video deepfake dinilai mengancam keamanan."
    )
    event = run(text, "China panggil raksasa teknologi").events[0]
    assert event.kind == "regulation"
    assert event.parties == ["CN"]
    assert set(run(text, "China panggil raksasa teknologi").topics) >= {"deepfake"}


def test_korean_and_chinese_text_without_spaces(run):
    ko = run(
        "한국과 인도네시아는 2025년 11월 8일 자카르타에서 문화 협력 양해각서를 체결했다.", "한-인니 문화 MOU"
    )
    assert ko.events[0].parties == ["ID", "KR"]
    assert ko.events[0].date_text == "2025-11-08"
    assert ko.events[0].kind == "agreement"
    assert ko.events[0].location == "Jakarta"
    zh = run("中国与东盟于2025年10月27日在吉隆坡举行人工智能合作论坛。", "中国—东盟人工智能合作论坛举行")
    assert zh.events[0].parties == ["ASEAN", "CN"]
    assert zh.events[0].location == "Kuala Lumpur"
    assert "ai" in zh.topics


def test_latin_names_written_against_hangul_or_kana(run):
    ko = run(
        "SM엔터테인먼트는 KAIST와 메타버스 연구 협약을 체결했다. 인공지능(AI)과 AI를 함께 연구한다.",
        "SM-KAIST 협약",
    )
    assert "KAIST" in [a.actor.name for a in ko.actors]
    assert "ai" in ko.topics
    ja = run(
        "経済産業省はAIとコンテンツのフォーラムを東京で開催する。生成AIの活用も議論する。",
        "日ASEAN AIフォーラム",
    )
    assert "ai" in ja.topics
    assert "ai" not in run("Dia sampai di kantor pada pukul sembilan.", "Berita").topics
