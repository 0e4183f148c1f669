"""Event kinds from trigger phrases in each language, each with a weight.

A strong trigger names the kind outright (menandatangani, MoU, summit, 约谈); a weak one only
hints at it (kerja sama, pertemuan). `OCCURRENCE` phrases say that something took place, which
is what makes a dated sentence a separate event ("digelar pada 26-27 Oktober 2024").
"""

from __future__ import annotations

AGREEMENT, FORUM, COLLABORATION = "agreement", "forum", "collaboration"
REGULATION, VISIT, FUNDING, OTHER = "regulation", "visit", "funding", "other"
KINDS = (AGREEMENT, FORUM, COLLABORATION, REGULATION, VISIT, FUNDING, OTHER)

TRIGGERS: dict[str, dict[float, list[str]]] = {
    AGREEMENT: {
        3.0: [
            "menandatangani", "meneken", "teken", "diteken", "ditandatangani", "penandatanganan",
            "tandatangani", "bertandatangan", "nota kesepahaman", "MoU", "MOU",
            "memorandum of understanding",
            "memorandum saling pengertian", "memorandum persefahaman", "perjanjian",
            "menandatangani perjanjian",
            "signed", "signs", "signing", "inked", "memorandum", "agreement", "agreements", "accord",
            "letter of intent", "LoI", "menandatangani memorandum", "memeterai", "memeteraikan",
            "perjanjian kerja sama", "perjanjian kolaborasi", "kesepakatan",
            "협약", "업무협약", "양해각서", "체결", "서명", "협정", "签署", "签约", "签订", "协议",
            "谅解备忘录",
            "合作协议", "协定", "締結", "署名", "覚書", "協定", "合意書", "調印",
        ],
    },
    FORUM: {
        3.0: [
            "forum", "konferensi", "festival", "KTT", "summit", "conference", "symposium", "simposium",
            "pameran", "exhibition", "expo", "seminar", "lokakarya", "workshop", "dialog", "dialogue",
            "persidangan", "sidang kemuncak", "showcase", "konser", "concert",
            "포럼", "정상회의", "회의", "축제", "박람회", "전시회", "세미나", "论坛", "峰会", "博览会",
            "研讨会",
            "大会", "展览", "フォーラム", "サミット", "博覧会", "シンポジウム", "フェスティバル", "会議",
        ],
        1.0: ["menggelar", "digelar", "gelar", "diselenggarakan", "menyelenggarakan", "held", "hosted",
        "hosts"],
    },
    COLLABORATION: {
        1.5: [
            "kerja sama", "kerjasama", "bekerja sama", "bekerjasama", "kolaborasi", "berkolaborasi",
            "kemitraan",
            "bermitra", "menjalin", "jalin", "kerjasama strategis", "partnership", "partnerships",
            "collaboration", "collaborate", "collaborates", "cooperation", "cooperate", "joint", "team up",
            "teamed up", "usaha sama", "kerjasama erat", "proyek bersama", "penelitian bersama",
            "riset bersama",
            "협력", "협업", "공동", "파트너십", "제휴", "合作", "携手", "联合", "协作", "協力", "提携",
            "共同", "連携",
        ],
    },
    REGULATION: {
        3.0: [
            "memanggil", "dipanggil", "regulator", "memblokir", "diblokir", "pemblokiran", "melarang",
            "larangan",
            "denda", "didenda", "sanksi", "menjatuhkan sanksi", "penindakan", "summoned", "summons",
            "summon",
            "banned", "fined", "regulators", "crackdown", "aturan baru", "peraturan baru", "regulasi baru",
            "menegur", "teguran", "takedown", "menurunkan konten", "penalty", "penalised", "penalized",
            "규제", "과징금", "제재", "소환", "금지", "법안", "시행령", "约谈", "监管", "罚款", "禁止",
            "处罚",
            "管理办法", "規制", "罰金", "行政指導",
        ],
        1.5: ["undang-undang", "rancangan undang-undang", "RUU", "bill", "ban", "mewajibkan", "规定",
        "法案"],
    },
    VISIT: {
        2.0: [
            "kunjungan", "berkunjung", "mengunjungi", "kunjungan kenegaraan", "kunjungan kerja", "lawatan",
            "visit", "visited", "visits", "state visit", "bertemu", "pertemuan bilateral",
            "bilateral meeting",
            "met", "meets", "courtesy call", "kunjungan kehormatan", "audiensi", "delegasi", "delegation",
            "방문", "회담", "접견", "면담", "访问", "会见", "会谈", "到访", "訪問", "会談", "表敬",
        ],
        1.0: ["pertemuan", "meeting", "bertemu dengan", "tiba", "arrived", "arrives"],
    },
    FUNDING: {
        3.0: [
            "hibah", "investasi", "berinvestasi", "menginvestasikan", "pendanaan", "mendanai",
            "dana bantuan",
            "bantuan dana", "beasiswa", "pelaburan", "grant", "grants", "investment", "invests", "invested",
            "funding", "funded", "fund", "donation", "donated", "투자", "지원금", "기금", "출연", "投资",
            "资助",
            "拨款", "融资", "投資", "助成", "出資",
        ],
    },
}  # fmt: skip

# Words that report that something happened (or will), making a dated sentence an event.
OCCURRENCE = [
    "digelar", "menggelar", "diselenggarakan", "berlangsung", "diadakan", "mengadakan", "dilaksanakan",
    "menandatangani", "ditandatangani", "diteken", "meneken", "held", "hosted", "took place", "signed",
    "will be held", "takes place", "개최", "열린", "열렸", "체결", "举行", "举办", "召开", "签署", "開催",
    "締結", "行われ",
]  # fmt: skip


def trigger_entries() -> list[tuple[str, tuple[str, float]]]:
    entries: list[tuple[str, tuple[str, float]]] = []
    for kind, by_weight in TRIGGERS.items():
        for weight, phrases in by_weight.items():
            entries.extend((_surface(p), (kind, weight)) for p in phrases)
    entries.extend((_surface(p), ("occurs", 0.0)) for p in OCCURRENCE)
    return entries


def _surface(phrase: str) -> str:
    """Acronyms stay in capitals (MoU, KTT, RUU); other triggers match in any case."""
    letters = [c for c in phrase if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) >= 2:
        return phrase
    return phrase.lower()
