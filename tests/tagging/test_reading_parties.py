"""Parties are the countries that take part in the main event, not every country a story names.

The texts are written for these tests in the manner of real news (datelines, member lists,
background paragraphs); relevance is held neutral so that each test reads the extraction rules alone.
"""

from __future__ import annotations

from datetime import date

import pytest

from apps.tagging import relevance
from apps.tagging.pipeline import extract

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def read(gaz):
    def read(title: str, text: str, published: date | None = None):
        extraction = extract(
            title, text, gaz, published=published, today=TODAY, relevance_model=relevance.neutral_model()
        )
        assert extraction.events, "the story reports an event"
        return extraction.events[0]

    return read


def test_the_venue_country_is_not_a_party(read):
    event = read(
        "ASEAN, Japan agree on a checklist for testing AI in public services",
        "Officials from the ASEAN Secretariat and Japan's Ministry of Internal Affairs and Communications "
        "held a two-day dialogue on trustworthy AI in Bangkok, Thailand, on 25-26 June 2025.\n\n"
        "Thailand provided the venue but took no formal part in the programme.",
        date(2025, 6, 27),
    )
    assert event.parties == ["ASEAN", "JP"]
    assert event.location == "Bangkok"


def test_a_dateline_in_a_city_state_is_not_a_party(read):
    event = read(
        "Indonesia, South Korea sign pact on AI translation of films",
        "SINGAPORE — Indonesia and South Korea signed a memorandum of understanding on Tuesday to use "
        "artificial intelligence for subtitling each other's films, officials said.",
        date(2025, 11, 5),
    )
    assert event.parties == ["ID", "KR"]


def test_a_country_from_a_background_sentence_is_not_a_party(read):
    event = read(
        "Indonesia dan Prancis Teken Kerja Sama Riset AI",
        "PARIS — Indonesia dan Prancis menandatangani nota kesepahaman riset kecerdasan artifisial di Paris, "
        "Selasa (10/6/2025).\n\n"
        "Sebelumnya, Indonesia juga pernah menandatangani perjanjian serupa dengan Jepang dan Australia.",
        date(2025, 6, 11),
    )
    assert event.parties == ["FR", "ID"]


def test_members_listed_under_a_bloc_are_not_parties(read):
    event = read(
        "Persidangan ASEAN-Korea mengenai AI dan warisan budaya berakhir",
        "KUALA LUMPUR, 20 Sept (ABS) -- Persidangan ASEAN-Korea mengenai kecerdasan buatan dan warisan "
        "budaya berlangsung di Bangkok pada 18 hingga 19 September.\n\n"
        "Ia menghimpunkan pegawai dari kesemua negara anggota ASEAN, iaitu Brunei, Kemboja, Indonesia, Laos, "
        "Malaysia, Myanmar, Filipina, Singapura, Thailand dan Vietnam.",
        date(2025, 9, 20),
    )
    assert event.parties == ["ASEAN", "KR"]
    assert event.date_text == "2025-09-18"


def test_a_company_home_country_the_story_never_names_is_no_party(read):
    event = read(
        "KPT, Microsoft meterai MoU latih 20,000 pensyarah dalam bidang AI",
        "PUTRAJAYA: Kementerian Pendidikan Tinggi (KPT) memeterai memorandum persefahaman dengan Microsoft "
        "bagi melatih pensyarah universiti awam dalam penggunaan kecerdasan buatan, Jumaat (9/5).",
        date(2025, 5, 10),
    )
    assert event.parties == ["MY"]


def test_a_company_home_country_the_story_names_is_a_party(read):
    event = read(
        "Creative Economy Ministry, webtoon firm Toonbridge sign pact",
        "JAKARTA — Indonesia's Ministry of Creative Economy signed a memorandum of understanding on "
        "Thursday with Toonbridge, a webtoon platform from South Korea, to translate Indonesian comics "
        "with the help of artificial intelligence.",
        date(2025, 11, 14),
    )
    assert event.parties == ["ID", "KR"]


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (
            "한-인니, AI 번역 협력 논의",
            "양국 관계자들은 지난 12일 자카르타에서 회의를 열고 협력 방안을 논의했다.",
            ["ID", "KR"],
        ),
        ("中马签署数字文化合作文件", "中马双方16日在吉隆坡签署数字文化合作谅解备忘录。", ["CN", "MY"]),
        ("中埃将拓展文物数字化合作", "中埃联合考古队负责人8日在开罗表示，双方将开展合作研究。", ["CN", "EG"]),
    ],
)
def test_korean_and_chinese_short_names_give_both_parties(read, title, text, expected):
    event = read(title, text, date(2025, 5, 17))
    assert event.parties == expected


def test_a_regulation_has_the_acting_state_alone(read):
    event = read(
        "MCMC arah platform turunkan video deepfake pelaburan palsu",
        "CYBERJAYA: Suruhanjaya Komunikasi dan Multimedia Malaysia (MCMC) mengarahkan platform milik sebuah "
        "syarikat China menurunkan video deepfake yang meniru tokoh korporat, Selasa (7/10).",
        date(2025, 10, 8),
    )
    assert event.kind == "regulation"
    assert event.parties == ["MY"]


def test_an_embassy_host_and_an_audience_are_not_parties(read):
    event = read(
        "Festival Indonesia di Tokyo dipadati pengunjung",
        "TOKYO — Festival Indonesia 2025 yang digelar Kedutaan Besar Republik Indonesia (KBRI) Tokyo "
        "berlangsung pada 24-25 Mei 2025.\n\n"
        "Duta Besar RI untuk Jepang mengatakan festival ini memperkenalkan budaya Indonesia kepada "
        "masyarakat Jepang.",
        date(2025, 5, 26),
    )
    assert event.parties == ["ID"]


# Trap cases of over- and under-inclusion, in the manner of real coverage (one event each).


@pytest.mark.parametrize(
    ("title", "text", "published", "expected"),
    [
        pytest.param(
            "Indonesia, South Korea open AI training centre for civil servants",
            "JAKARTA — Indonesia's Ministry of Communication and Digital Affairs and South Korea's "
            "Ministry of Science and ICT opened an AI training centre in Jakarta on Monday "
            "(10/11/2025). The first course drew 40 civil servants from Vietnam, Thailand, the "
            "Philippines, Malaysia and Cambodia. The centre will run four courses a year.",
            date(2025, 11, 11),
            ["ID", "KR"],
            id="participants_list",
        ),
        pytest.param(
            "Indonesia dan Jepang Gelar Lokakarya Animasi",
            "Kementerian Kebudayaan Indonesia dan Japan Foundation menggelar lokakarya animasi di "
            "Jakarta, Selasa (4/11/2025). Lokakarya itu diikuti peserta dari Malaysia, Thailand, "
            "Vietnam dan Filipina. Para peserta belajar teknik storyboard.",
            date(2025, 11, 5),
            ["ID", "JP"],
            id="peserta_list",
        ),
    ],
)
def test_a_list_of_participants_is_not_a_list_of_delegations(read, title, text, published, expected):
    """Trainees or participants from a list of countries attend; the organisers are the parties."""
    assert read(title, text, published).parties == expected


@pytest.mark.parametrize(
    ("title", "text", "published", "expected"),
    [
        pytest.param(
            "Indonesia, Japan sign pact on AI for disaster archives",
            "Indonesia and Japan signed a memorandum of understanding on using artificial intelligence "
            "to digitise disaster archives on Tuesday (4/11/2025). South Korea has been a partner of "
            "the archive programme since 2019. The agreement covers training and data sharing.",
            date(2025, 11, 5),
            ["ID", "JP"],
            id="background_since",
        ),
        pytest.param(
            "Indonesia-Jepang Teken MoU Arsip Digital",
            "Indonesia dan Jepang menandatangani nota kesepahaman digitalisasi arsip budaya berbasis "
            "AI di Tokyo, Selasa (4/11/2025). Korea Selatan telah menjadi mitra program tersebut sejak "
            "2019. Kerja sama mencakup pelatihan dan pertukaran data.",
            date(2025, 11, 5),
            ["ID", "JP"],
            id="background_sejak",
        ),
    ],
)
def test_a_background_sentence_in_the_lead_adds_no_party(read, title, text, published, expected):
    """ "Korea has been a partner since 2019": a state of affairs since a past year is background."""
    assert read(title, text, published).parties == expected


@pytest.mark.parametrize(
    ("title", "text", "published", "expected"),
    [
        pytest.param(
            "Malaysia, Korea sign MoU on webtoon and animation",
            "KUALA LUMPUR: Malaysia and South Korea signed a memorandum of understanding on animation "
            'and webtoon co-production yesterday. "We want to be as strong as Japan in animation," '
            "said the minister. The MoU covers training and co-financing.",
            date(2025, 11, 5),
            ["KR", "MY"],
            id="quote",
        ),
        pytest.param(
            "Indonesia dan Korea Selatan Kerja Sama Pengembangan AI",
            "Indonesia dan Korea Selatan menandatangani nota kesepahaman pengembangan kecerdasan "
            "artifisial di Seoul, Senin (3/11/2025). Langkah ini diambil agar Indonesia tidak "
            "tertinggal dibandingkan Vietnam dalam adopsi AI. Kerja sama mencakup riset bersama.",
            date(2025, 11, 4),
            ["ID", "KR"],
            id="comparison",
        ),
        pytest.param(
            "Indonesia and South Korea to co-develop AI curriculum",
            "Indonesia and South Korea agreed on Monday (3/11/2025) to co-develop an AI curriculum for "
            "vocational schools. Officials said the plan followed the example of Singapore, whose "
            "schools adopted a similar curriculum. The curriculum will be piloted next year.",
            date(2025, 11, 4),
            ["ID", "KR"],
            id="comparison_en",
        ),
        pytest.param(
            "中马签署数字文化遗产合作协议",
            "11月5日，中国与马来西亚在吉隆坡签署数字文化遗产合作协议，马来西亚由此成为仅次于泰国的中国"
            "第二大文化合作伙伴。双方将共建数字档案。",
            date(2025, 11, 6),
            ["CN", "MY"],
            id="zh_compare",
        ),
        pytest.param(
            "国際交流基金、インドネシア教育省とAI日本語教育で覚書",
            "国際交流基金は2025年11月8日、日本語学習者数が中国に次いで多いインドネシアの初等中等教育省"
            "と、AIを活用した日本語教育に関する覚書を交わした。双方は練習アプリを共同開発する。",
            date(2025, 11, 9),
            ["ID", "JP"],
            id="ja_compare",
        ),
        pytest.param(
            "콘진원, 베트남 문화부와 웹툰 교류 협약",
            "한국콘텐츠진흥원은 지난 5일 서울에서 베트남 문화체육관광부와 웹툰 인재 교류 협약을 "
            "체결했다고 6일 밝혔다. 베트남은 중국, 일본에 이어 한국 웹툰의 3위 시장이다.",
            date(2025, 11, 6),
            ["KR", "VN"],
            id="ko_compare",
        ),
    ],
)
def test_a_country_in_a_quotation_or_a_comparison_is_no_party(read, title, text, published, expected):
    """Quoted, compared with, ranked after ("中国に次いで", "仅次于泰国", "중국, 일본에 이어")."""
    assert read(title, text, published).parties == expected


@pytest.mark.parametrize(
    ("title", "text", "published", "expected"),
    [
        pytest.param(
            "ASEAN, Korea launch digital heritage fund",
            "ASEAN and South Korea launched a digital heritage fund on the sidelines of the ASEAN "
            "summit hosted by Malaysia on Sunday (26/10/2025). The fund will finance AI tools for "
            "museums. Korea will contribute five million dollars.",
            date(2025, 10, 27),
            ["ASEAN", "KR"],
            id="host_multilateral",
        ),
        pytest.param(
            "ASEAN dan Korea Luncurkan Dana Warisan Digital",
            "ASEAN dan Korea Selatan meluncurkan dana warisan budaya digital di sela KTT ASEAN yang "
            "diselenggarakan Malaysia, Minggu (26/10/2025). Dana itu akan membiayai alat AI untuk "
            "museum. Korea menyumbang lima juta dolar.",
            date(2025, 10, 27),
            ["ASEAN", "KR"],
            id="host_chair",
        ),
    ],
)
def test_the_host_of_a_multilateral_meeting_is_no_party(read, title, text, published, expected):
    """The chair hosting the summit where the pair meets takes no part in their launch."""
    assert read(title, text, published).parties == expected


@pytest.mark.parametrize(
    ("title", "text", "published", "expected"),
    [
        pytest.param(
            "Indonesia, Korea sign AI research pact",
            "Indonesia and South Korea signed an AI research agreement in Seoul on Monday (3/11/2025). "
            "The joint lab will be led by a researcher who trained at Stanford University in the "
            "United States. It opens next year.",
            date(2025, 11, 4),
            ["ID", "KR"],
            id="institution_location",
        ),
        pytest.param(
            "Thai, Korean studios sign co-production deal",
            "BUSAN — Thailand's Siam Frame Studio and South Korea's Hanbit Pictures signed a "
            "co-production agreement on Sept. 19, 2025. The film will be released with AI dubbing in "
            "six languages, including Japanese and Indonesian. Shooting starts next year.",
            date(2025, 9, 20),
            ["KR", "TH"],
            id="languages",
        ),
    ],
)
def test_a_country_named_as_the_seat_of_another_institution_is_no_party(
    read, title, text, published, expected
):
    """ "Stanford University in the United States"; the languages of a dubbing."""
    assert read(title, text, published).parties == expected


@pytest.mark.parametrize(
    ("title", "text", "published", "expected"),
    [
        pytest.param(
            "Indonesia-Jepang Gelar Festival Film Animasi",
            "Kementerian Kebudayaan dan Japan Foundation menggelar festival film animasi di Jakarta, "
            "Sabtu (8/11/2025). Festival dibuka oleh Duta Besar Jepang untuk Indonesia dan ASEAN, "
            "Masaki Yasushi. Festival memutar 20 film.",
            date(2025, 11, 9),
            ["ID", "JP"],
            id="duta_besar",
        ),
    ],
)
def test_every_host_of_an_ambassador_is_no_party(read, title, text, published, expected):
    """ "Duta Besar Jepang untuk Indonesia dan ASEAN": both are hosts of the envoy."""
    assert read(title, text, published).parties == expected


@pytest.mark.parametrize(
    ("title", "text", "published", "expected"),
    [
        pytest.param(
            "한-베트남 AI 협력 포럼 하노이서 개최",
            "과학기술정보통신부는 지난 5일 베트남 하노이에서 한-베트남 AI 협력 포럼을 개최했다고 6일 "
            "밝혔다. 이번 포럼에는 양국 기업 100여 곳이 참석했다.",
            date(2025, 11, 6),
            ["KR", "VN"],
            id="ko_short",
        ),
        pytest.param(
            "中老人工智能合作论坛在万象举行",
            "中老人工智能合作论坛11月5日在万象举行。中国科技部与老挝技术和通信部代表出席论坛。",
            date(2025, 11, 6),
            ["CN", "LA"],
            id="zh_short",
        ),
    ],
)
def test_korean_and_chinese_short_forms_of_a_pair(read, title, text, published, expected):
    """한-베트남, 中老: the press's one-character forms of a pair."""
    assert read(title, text, published).parties == expected


@pytest.mark.parametrize(
    ("title", "text", "published", "expected"),
    [
        pytest.param(
            "Indonesia dan Korea Selatan Teken Kerja Sama Film",
            "Indonesia dan Korea Selatan menandatangani kerja sama produksi film di Jakarta, Senin "
            "(3/11/2025). Kerja sama mencakup pelatihan sineas. Film pertama diproduksi tahun depan. "
            "Syuting dilakukan di Bali. Para sineas akan dilatih di Busan. Pemerintah menyiapkan "
            "insentif. Insentif berupa potongan pajak. Ke depan, Indonesia juga ingin menjalin kerja "
            "sama serupa dengan India. Hal itu masih dijajaki.",
            date(2025, 11, 4),
            ["ID", "KR"],
            id="second_half",
        ),
    ],
)
def test_a_country_only_in_the_second_half_is_no_party(read, title, text, published, expected):
    """A later paragraph's plan with another country is not the main event."""
    assert read(title, text, published).parties == expected


@pytest.mark.parametrize(
    ("title", "text", "published", "expected"),
    [
        pytest.param(
            "Indonesia dan Korea Selatan Perkuat Kerja Sama AI",
            "Indonesia dan Korea Selatan sepakat memperkuat kerja sama kecerdasan artifisial dalam "
            "pertemuan di Jakarta, Senin (3/11/2025). Indonesia juga menjalin kerja sama AI dengan "
            "negara-negara seperti Jepang, India dan Uni Emirat Arab. Pertemuan berikutnya digelar "
            "tahun depan.",
            date(2025, 11, 4),
            ["ID", "KR"],
            id="such_as",
        ),
        pytest.param(
            "Indonesia, South Korea deepen AI cooperation",
            "Indonesia and South Korea agreed to deepen cooperation on artificial intelligence at a "
            "meeting in Jakarta on Monday (3/11/2025). Indonesia also cooperates on AI with countries "
            "including Japan, India and the United Arab Emirates. The next meeting will be held next "
            "year.",
            date(2025, 11, 4),
            ["ID", "KR"],
            id="such_as_en",
        ),
        pytest.param(
            "Malaysia meterai MoU AI bersama Korea Selatan",
            "KUALA LUMPUR: Malaysia hari ini memeterai memorandum persefahaman mengenai kecerdasan "
            "buatan bersama Korea Selatan. Negara seperti Jepun dan China juga berminat menjalin "
            "kerjasama serupa. MoU itu meliputi latihan.",
            date(2025, 11, 5),
            ["KR", "MY"],
            id="ms_bersama",
        ),
    ],
)
def test_countries_such_as_are_examples_not_parties(read, title, text, published, expected):
    """Cooperation "with countries such as A, B and C" names examples, not parties."""
    assert read(title, text, published).parties == expected


@pytest.mark.parametrize(
    ("title", "text", "published", "expected"),
    [
        pytest.param(
            "Indonesia Teken Kerja Sama Pelestarian Warisan Digital",
            "Pemerintah Indonesia menandatangani nota kesepahaman pelestarian warisan budaya digital "
            "di Jakarta, Selasa (4/11/2025). Nota itu diteken bersama Korea Selatan, Jepang dan "
            "Singapura. Kerja sama berlaku lima tahun.",
            date(2025, 11, 5),
            ["ID", "JP", "KR", "SG"],
            id="bersama_cosign",
        ),
        pytest.param(
            "Indonesia signs heritage digitisation pact",
            "Indonesia signed a memorandum on digitising cultural heritage in Jakarta on Tuesday "
            "(4/11/2025). The memorandum was signed with Malaysia, Singapore and Japan. It runs for "
            "five years.",
            date(2025, 11, 5),
            ["ID", "JP", "MY", "SG"],
            id="with_cosign",
        ),
        pytest.param(
            "中国与老挝、柬埔寨签署文化遗产数字化合作协议",
            "11月5日，中国与老挝、柬埔寨在北京签署文化遗产数字化合作协议。三方将共同建设数字档案。",
            date(2025, 11, 6),
            ["CN", "KH", "LA"],
            id="zh_yu",
        ),
        pytest.param(
            "한국, 인도네시아·베트남과 AI 협약 체결",
            "한국은 지난 5일 서울에서 인도네시아, 베트남과 인공지능 협력 협약을 체결했다. 세 나라는 "
            "공동 연구를 추진한다.",
            date(2025, 11, 6),
            ["ID", "KR", "VN"],
            id="ko_gwa",
        ),
    ],
)
def test_co_signatories_after_with_are_parties(read, title, text, published, expected):
    """Co-signatories after "bersama", "with", 与, 와/과 take part, three or more of them too."""
    assert read(title, text, published).parties == expected
