"""Event kinds from trigger phrases in each language, each with a weight.

A strong trigger names the kind outright (menandatangani, MoU, summit, 约谈); a weak one only
hints at it (kerja sama, pertemuan). `OCCURRENCE` phrases say that something took place, which
is what makes a dated sentence a separate event ("digelar pada 26-27 Oktober 2024").

`trigger_factor` reads the words around a trigger: a denied one ("no agreement was signed",
"서명은 없었다") counts for nothing, a planned one ("to be signed next year") and a gathering only
named as the setting ("on the sidelines of the summit") for little.
"""

from __future__ import annotations

import re

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
            "perjanjian kerja sama", "perjanjian kolaborasi", "meterai", "dimeterai", "pemeteraian",
            "sign", "ink", "inks", "pact", "pacts", "record of discussions", "letter of intent",
            "협약", "업무협약", "협약식", "양해각서", "체결", "서명", "협정", "签署", "签约", "签订", "协议",
            "谅解备忘录",
            "合作协议", "协定", "締結", "署名", "覚書", "協定", "合意書", "調印",
        ],
    },
    FORUM: {
        3.0: [
            "forum", "konferensi", "festival", "KTT", "summit", "conference", "symposium", "simposium",
            "pameran", "exhibition", "expo", "seminar", "lokakarya", "workshop", "dialog", "dialogue",
            "persidangan", "sidang kemuncak", "showcase", "konser", "concert", "roundtable", "meja bundar",
            "congress", "kongres", "bengkel", "persidangan meja bulat", "hackathon", "pameran bersama",
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
            "riset bersama", "kesepakatan", "sepakat", "bersepakat", "bersetuju", "menggandeng", "gandeng",
            "bersinergi", "sinergi", "working with", "work together", "work with", "partner", "partners",
            "partnered", "partnering", "teams up", "join forces", "joins forces", "joined forces",
            "join hands", "agreed to", "agree to", "agreeing to", "co-operation", "co-operate", "co-produce",
            "co-develop", "co-production",
            "joint project", "pilot project", "projek bersama", "kerjasama strategik", "jointly",
            "together with",
            "secara bersama", "bersama-sama", "共建", "共同建设", "联合开展",
            "협력", "협업", "공동", "파트너십", "제휴", "손잡", "손잡고", "맞손", "공동 제작", "合作", "携手",
            "联合", "协作", "联手", "協力", "提携", "共同", "連携",
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
            "orders removal", "ordered the removal", "take down", "fines", "mengharamkan", "denda",
            "mengarahkan", "arahan", "turunkan", "menurunkan", "diturunkan", "menyekat", "disekat",
            "규제", "과징금", "제재", "소환", "금지", "법안", "시행령", "约谈", "监管", "罚款", "禁止",
            "处罚",
            "管理办法", "規制", "罰金", "行政指導",
        ],
        1.5: ["undang-undang", "rancangan undang-undang", "RUU", "bill", "ban", "mewajibkan", "规定",
        "法案", "draft rules", "draft regulation", "rancangan peraturan", "rancangan aturan", "draf kod",
        "kod amalan", "investigation", "investigates", "probe", "penyelidikan", "menyelidiki", "selidiki",
        "siasatan", "watchdog", "rules", "guidelines", "aturan", "peraturan", "regulasi", "조사", "부과",
        "시정명령", "征求意见稿", "立案调查", "办法", "ガイドライン"],
    },
    VISIT: {
        2.0: [
            "kunjungan", "berkunjung", "mengunjungi", "kunjungan kenegaraan", "kunjungan kerja", "lawatan",
            "visit", "visited", "visits", "state visit", "bertemu", "pertemuan bilateral",
            "bilateral meeting",
            "met", "meets", "courtesy call", "kunjungan kehormatan", "audiensi",
            "talks", "held talks", "bilateral talks", "pembicaraan bilateral", "perbincangan",
            "lawatan rasmi",
            "kunjungan resmi", "courtesy visit", "menerima kunjungan", "kunjungan kehormatan", "kunjungi",
            "temui", "menemui", "bertemu", "berjumpa", "lawat", "melawat", "lawatan",
            "방문", "회담", "접견", "면담", "예방", "방한", "访问", "会见", "会谈", "会晤", "到访", "访华",
            "拜会",
            "訪問", "会談", "表敬", "来日", "訪日",
        ],
        1.0: ["pertemuan", "meeting", "bertemu dengan", "tiba", "arrived", "arrives", "counterpart",
              "mitranya",
              "delegasi", "delegation", "rombongan",
              "rakan sejawat", "pembicaraan"],
    },
    FUNDING: {
        3.0: [
            "hibah", "investasi", "berinvestasi", "menginvestasikan", "pendanaan", "mendanai",
            "dana bantuan",
            "bantuan dana", "beasiswa", "pelaburan", "grant", "grants", "investment", "invests", "invested",
            "funding", "funded", "fund", "donation", "donated", "투자", "지원금", "기금", "출연", "投资",
            "资助", "hibahkan", "menghibahkan", "geran", "peruntukan", "commits", "committed", "donates",
            "무상 지원", "무상지원", "투입", "无偿援助", "援助", "捐赠",
            "拨款", "融资", "投資", "助成", "出資",
        ],
    },
    OTHER: {
        2.0: [
            "menyerahkan", "penyerahan", "serah terima", "diserahkan", "serah", "hands over", "handed over",
            "handover", "hand over", "repatriation", "repatriasi", "mengembalikan", "dikembalikan",
            "pengembalian", "반환", "기증", "移交", "归还", "返還", "rencana induk", "peta jalan", "roadmap",
            "blueprint", "pelan tindakan", "추진전략", "行动计划", "prangko", "perangko", "joint stamp",
            "우표",
            "邮票",
        ],
        1.0: ["strategi", "strategy", "전략", "规划"],
    },
}  # fmt: skip

# Words that report that something happened (or will), making a dated sentence an event.
OCCURRENCE = [
    "digelar", "menggelar", "diselenggarakan", "berlangsung", "diadakan", "mengadakan", "dilaksanakan",
    "menandatangani", "ditandatangani", "diteken", "meneken", "held", "hosted", "took place", "signed",
    "will be held", "takes place", "개최", "열린", "열렸", "체결", "举行", "举办", "召开", "签署", "開催",
    "締結", "行われ",
]  # fmt: skip


# Words around a trigger that deny it, put it in the future, or make its gathering only the setting.
_NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|never|without|neither|nor|tidak|tiada|belum|tanpa|bukan|tak)\b[^.;:]{0,30}$"
    r"|(?:未|没有|沒有|无)[^，。；、]{0,5}$",
    re.IGNORECASE,
)
_NEGATION_AFTER = re.compile(
    r"^[^.;:]{0,12}?(?:없었|없다|없이|하지 않|지 않았|않았|않기로|안 |못 |ない|せず)"
)
_PLANNED_BEFORE = re.compile(
    r"\b(?:will|would|to be|plans?|planned|planning|expected to|set to|akan|rencananya|berencana|merancang"
    r"|dijadwalkan|dijangka|bakal|sepakat|bersepakat|agreed to|agree to|bersetuju)\b[^.;:]{0,25}$|将\s*$",
    re.IGNORECASE,
)
# What an investment or fund is when it is the subject of a scam, not money committed.
_NOT_MONEY_AFTER = re.compile(r"^\s*(?:palsu|bodong|scams?|fraud|penipuan|haram|tipu|fake)\b", re.IGNORECASE)
_PLANNED_AFTER = re.compile(
    r"^[^.;:]{0,10}?(?:할 예정|할 계획|예정이|계획이|하기로)"
    r"|^[^.;:]{0,16}?\b(?:akan|will|would|direncanakan|dijadwalkan|dijadualkan|dijangka|is planned"
    r"|is scheduled|are planned|is expected|are expected)\b",
    re.IGNORECASE,
)
_SETTING_BEFORE = re.compile(
    r"\b(?:sidelines? of|margins? of|on the side of|di sela(?:-sela)?|disela|bersempena|sempena"
    r"|in conjunction"
    r" with|along with|ahead of|menjelang|jelang|before the|during the|dalam rangkaian)\b[^.;:]{0,40}$",
    re.IGNORECASE,
)
_SETTING_AFTER = re.compile(r"^[^.;:]{0,12}?(?:계기|期间|之际|を機に)")


def trigger_factor(text: str, start: int, end: int, kind: str) -> float:
    """How much a trigger at start:end counts in its context: 0 when denied, less when planned or a
    gathering named only as the setting of something else."""
    before = text[max(0, start - 45) : start]
    after = text[end : end + 30]
    # The patterns end at the trigger: searched only in the short window before it, and only after a
    # cheap test that one of their words is there at all.
    if _may_deny(before, after) and (_NEGATION_BEFORE.search(before) or _NEGATION_AFTER.match(after)):
        return 0.0
    if kind == FORUM and (
        (_SETTING_ANY.search(before) and _SETTING_BEFORE.search(before)) or _SETTING_AFTER.match(after)
    ):
        return 0.3
    if kind == FUNDING and _NOT_MONEY_AFTER.match(after):
        return 0.0
    if kind in (AGREEMENT, FUNDING, FORUM) and (
        (_PLAN_ANY.search(before) and _PLANNED_BEFORE.search(before)) or _PLANNED_AFTER.match(after)
    ):
        return 0.4
    return 1.0


# Cheap tests for a word of the patterns above, before the slower anchored search.
_SETTING_ANY = re.compile(
    r"side|margin|sela|sempena|conjunction|along|ahead|jelang|before|during|rangkaian", re.I
)
_PLAN_ANY = re.compile(
    r"will|would|to be|plan|expect|set to|akan|rencana|jadwal|dijangka|bakal|sepakat|agree|setuju"
    r"|merancang|将",
    re.I,
)


_DENY_WORDS = ("no", "not", "never", "without", "neither", "nor", "tidak", "tiada", "belum", "tanpa", "bukan",
               "tak", "No", "Not", "Tidak", "Tiada", "Belum", "Tanpa", "Bukan", "未", "没有", "沒有",
               "无")  # fmt: skip
_DENY_AFTER = ("없", "않", "안 ", "못 ", "ない", "せず")


_DENY_ANY = re.compile("|".join(_DENY_WORDS))
_DENY_AFTER_ANY = re.compile("|".join(_DENY_AFTER))


def _may_deny(before: str, after: str) -> bool:
    return _DENY_ANY.search(before) is not None or _DENY_AFTER_ANY.search(after) is not None


# Words that put a sentence in the background: an earlier event, a similar deal elsewhere, history.
BACKGROUND = [
    "sebelumnya", "sebelum ini", "sebelum itu", "pernah", "tahun lalu", "tahun lepas", "previously",
    "earlier this year", "last year", "in the past", "similar", "serupa", "seumpama", "ini bukan",
    "not the first", "pada masa", "di bawah pemerintahan", "has also", "have also", "had also",
    "지난해", "작년", "그동안", "이전에", "앞서", "此前", "去年", "早在", "曾经", "以往", "昨年", "これまで",
]  # fmt: skip


def trigger_entries() -> list[tuple[str, tuple[str, float]]]:
    """Trigger phrases, occurrence words and background markers, for the shared automaton."""
    entries: list[tuple[str, tuple[str, float]]] = []
    for kind, by_weight in TRIGGERS.items():
        for weight, phrases in by_weight.items():
            entries.extend((_surface(p), (kind, weight)) for p in phrases)
    entries.extend((_surface(p), ("occurs", 0.0)) for p in OCCURRENCE)
    entries.extend((_surface(p), ("background", 0.0)) for p in BACKGROUND)
    return entries


def _surface(phrase: str) -> str:
    """Acronyms stay in capitals (MoU, KTT, RUU); other triggers match in any case."""
    letters = [c for c in phrase if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) >= 2:
        return phrase
    return phrase.lower()
