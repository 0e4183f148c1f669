"""Organisations the gazetteer does not know, and persons read as their office.

An organisation is found by its head word, in the languages the tracker reads:
- Latin script (Indonesian, Malay, English): a run of capitalised words that starts with a head word
  (Kementerian, Badan, Universitas, Universiti, Suruhanjaya, Ministry, Agency, University, PT…) or ends
  with one (… Corporation, … Labs, … Museum, … Sdn Bhd, … Tbk).
- Korean: a word ending in an organisation suffix (부, 청, 위원회, 진흥원, 재단, 대학교, 대사관…), its
  particle cut off ("과학기술정보통신부는" → 과학기술정보통신부).
- Chinese: a run of Han characters ending in 部, 局, 委员会, 大学, 研究院, 公司, 集团…, starting after a
  function word or punctuation.

A person stands for their office where the text names it: "Menteri Komunikasi dan Digital Meutya Hafid"
is the Kementerian Komunikasi dan Digital, "Minister of Culture, Sports and Tourism Nguyen Van Hung"
the Ministry of Culture, Sports and Tourism. The office ends where the person's name begins: at the
first word that is not an office word.

Each organisation gets its home country when the text names it or makes it plain: a country inside
or just before the name ("Japan's Ministry of…", "Kementerian … Vietnam", "말레이시아 디지털부"), a
legal form (PT and Tbk are Indonesian, Sdn Bhd Malaysian), an apposition ("Kopi Labs, a Singapore
start-up"), or, for a state body named without a country, the country whose language the story is
written in (a Korean story's 문화체육관광부) or, in English, the country of the dateline.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import NamedTuple

from apps.tagging.text import Doc

# Head words: the organisation starts with them (value: the actor kind proposed).
HEADS = {
    "kementerian": "ministry", "kemenko": "ministry", "badan": "ministry", "lembaga": "ministry",
    "komisi": "ministry", "otoritas": "ministry", "direktorat": "ministry", "dinas": "ministry",
    "jabatan": "ministry", "suruhanjaya": "ministry", "majlis": "government", "perbadanan": "ministry",
    "sekretariat": "international", "universitas": "university", "universiti": "university",
    "institut": "university", "politeknik": "university", "akademi": "university", "sekolah": "university",
    "yayasan": "foundation", "asosiasi": "foundation", "perhimpunan": "foundation", "persatuan": "foundation",
    "pusat": "other", "dewan": "government", "pemerintah": "government", "kerajaan": "government",
    "kedutaan": "government", "kedubes": "government", "konsulat": "government", "museum": "other",
    "muzium": "other", "perpustakaan": "other", "arkib": "other", "arsip": "other", "galeri": "other",
    "balai": "other", "pt": "company", "perum": "company",
    "ministry": "ministry", "department": "ministry", "agency": "ministry", "university": "university",
    "institute": "university", "academy": "university", "college": "university", "foundation": "foundation",
    "association": "foundation", "council": "government", "embassy": "government", "commission": "ministry",
    "authority": "ministry", "office": "ministry", "bureau": "ministry", "government": "government",
    "secretariat": "international", "centre": "other", "center": "other", "studio": "company",
}  # fmt: skip
# Heads in the story's own language: such a body is of the story's country unless the name says
# otherwise ("Universitas Gadjah Mada" in an Indonesian story; "Akademi Seni …" in a Malay one).
LOCAL_HEADS = {
    "id": {"kementerian", "kemenko", "badan", "lembaga", "komisi", "otoritas", "direktorat", "dinas",
           "universitas", "institut", "politeknik", "akademi", "sekolah", "yayasan", "asosiasi",
           "perhimpunan",
           "dewan", "pemerintah", "perpustakaan", "arsip", "balai", "galeri", "museum", "pusat", "pt",
           "perum",
           "sekretariat"},
    "ms": {"kementerian", "jabatan", "lembaga", "suruhanjaya", "majlis", "perbadanan", "universiti",
           "institut",
           "akademi", "yayasan", "persatuan", "kerajaan", "muzium", "arkib", "perpustakaan", "balai",
           "pusat"},
}  # fmt: skip
# Tail words: the organisation ends with them.
TAILS = {
    "inc": "company", "inc.": "company", "corp": "company", "corp.": "company", "corporation": "company",
    "group": "company", "co.": "company", "ltd": "company", "ltd.": "company", "holdings": "company",
    "entertainment": "company", "technologies": "company", "labs": "company", "lab": "company",
    "tbk": "company", "tbk.": "company", "bhd": "company", "berhad": "company", "studio": "company",
    "studios": "company", "pictures": "company", "records": "company", "films": "company", "media": "company",
    "company": "company", "university": "university", "universiti": "university", "institute": "university",
    "academy": "university", "foundation": "foundation", "agency": "ministry", "ministry": "ministry",
    "authority": "ministry", "commission": "ministry", "board": "ministry", "council": "government",
    "office": "ministry", "secretariat": "international", "center": "other", "centre": "other",
    "association": "foundation", "society": "foundation", "federation": "foundation", "museum": "other",
    "library": "other", "gallery": "other", "archives": "other", "archief": "other", "wereldmuseum": "other",
}  # fmt: skip
# Honorifics and titles: a person's name starts there, not the organisation's.
_HONORIFICS = (
    "Datuk|Datin|Dato|Dato'|Tan Sri|Puan Sri|Tun|Toh Puan|Dr|Prof|Ir|Haji|Hajah|Puan|Encik|Bapak|Ibu|Pak"
    "|Bu|Mr"
    "|Ms|Mrs|Sir|Yang|YB|YBhg|Senator"
)
# Weekdays follow a name in a dateline-like aside ("Universitas Tanjungpura, Rabu (5/11)").
_CALENDAR = (
    "Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu|Isnin|Khamis|Ahad|Monday|Tuesday|Wednesday|Thursday"
    "|Friday|Saturday|Sunday"
)
_CAP = rf"(?:(?!(?:{_HONORIFICS}|{_CALENDAR})\b)[A-Z][\w&'’-]*|[A-Z]{{2,}}|\d+)"
# Links inside a name; "dan"/"and" or a comma never lead into another organisation's head word.
_NEXT_HEAD = r"(?!(?:" + "|".join(w.capitalize() for w in HEADS if w != "pt") + r"|PT|\w+museum)\b)"
_LINK = (
    rf"(?:[ \t]+(?:untuk|of|for|the|on|in|bagi|bidang|urusan)[ \t]+|[ \t]+(?:dan|and|&)[ \t]+{_NEXT_HEAD}"
    rf"|,[ \t]+(?:dan[ \t]+|and[ \t]+)?{_NEXT_HEAD}|[ \t]+)"
)
_HEAD_RE = re.compile(
    r"(?:" + "|".join(w.capitalize() for w in HEADS if w != "pt") + rf"|PT)(?:{_LINK}{_CAP}){{1,8}}"
)
_TAIL_RE = re.compile(
    rf"{_CAP}(?:(?:[ \t]+|[ \t]+(?:of|for|&)[ \t]+){_CAP}){{0,6}}[ \t]+(?:"
    + "|".join(re.escape(w.capitalize()) if w[0].isalpha() else re.escape(w) for w in TAILS)
    + r"|Sdn Bhd|Sdn\. Bhd\.)(?![\w])"
    # "National University of Timor Lorosa'e", "Academy of Digital Technology of Cambodia"
    + rf"(?:[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?{_CAP}(?:(?:,?[ \t]+and[ \t]+|,[ \t]+|[ \t]+){_CAP}){{0,4}})?"
)
# "… University of Timor Lorosa'e", "… Academy of Digital Technology": a tail word's "of …" part.
_OF_MORE = re.compile(
    rf"[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?{_CAP}(?:(?:,?[ \t]+and[ \t]+|,[ \t]+|[ \t]+){_CAP}){{0,4}}"
)
_CAP_WORD = re.compile(r"[A-Z][\w&'’-]*$|\d+$")


def _words_before(text: str, pos: int, limit: int) -> int:
    """Where the run of capitalised words (joined by spaces, "of", "for" or "&") that ends before a tail
    word begins; `pos` itself when there is none. At most six words, never across a line."""
    start, words = pos, 0
    while words < 6:
        j = start - 1
        while j >= limit and text[j] in " \t":
            j -= 1
        k = j
        while k >= limit and not text[k].isspace():
            k -= 1
        token = text[k + 1 : j + 1]
        if not token or j < limit:
            break
        if token in ("of", "for", "&") and words:
            start = k + 1  # a link: taken only if a capitalised word comes before it
            continue
        opening = token.rfind("(")
        if opening >= 0:  # "Arkib Nasional Belanda (Nationaal Archief)": the name starts after "("
            if _CAP_WORD.match(token[opening + 1 :]):
                start = k + 2 + opening
            break
        if not _CAP_WORD.match(token) or token.endswith((",", ".", ";", ":")):
            break
        start, words = k + 1, words + 1
    while start < pos and text.startswith(("of ", "for ", "& "), start):
        start = text.index(" ", start) + 1  # a link with no capitalised word before it
    return start


_TRAILING_LINK = re.compile(r"(?:\s+(?:dan|untuk|of|for|and|the|on|in|&|bagi|bidang|urusan)|,)+$")
# Words that open a sentence or clause but are no part of a name ("The Ministry" → "Ministry").
_LEADING = {"the", "a", "an", "this", "its", "their", "both", "under", "by", "with", "and", "at", "from"}
# Words that cannot start the name a tail word ends ("Malaysian students … Association" is no name).
_NOT_NAME_START = {"The", "A", "An", "This", "That", "Its", "Their", "Both", "Under", "By", "With", "And",
                   "At", "From", "In", "On", "For", "Of", "But", "Last", "Next", "Some", "All", "Several",
                   "Visitors", "Officials", "Delegates", "Dan", "Di", "Ke", "Dari", "Para", "Sebuah", "Oleh",
                   "Menurut", "Selain", "Saat", "Pada", "Dalam", "Pemilik", "Ketua", "Kepala", "Direktur",
                   "Pengarah", "Presiden", "President", "Pendiri", "Founder", "Owner", "Chairman", "Head",
                   "Director", "CEO", "Rektor", "Rector", "Dekan", "Dean", "Wakil", "Menteri", "Minister",
                   "Naib", "Canselor", "Timbalan", "Setiausaha", "Pegawai", "Officer", "Chief", "Executive",
                   "Deputy", "Vice", "Senior", "Perwakilan", "Representatives", "Staff", "Students",
                   "Mahasiswa", "Pelajar", "Peneliti", "Researchers", "Kata", "Said", "Says", "When", "While",
                   "After", "Before", "As", "If", "Since", "During", "Through", "Via", "Bersama", "Together",
                   "Also", "Juga", "Hal", "Itu", "Ini", "Kini", "Now", "Today", "Yesterday", "Sejumlah",
                   "Beberapa", "Berbagai", "Banyak", "Many", "Other", "Lain", "Setiap", "Each",
                   "Every", "Delegasi", "Delegation", "Rombongan", "Tim", "Team", "Pihak"}  # fmt: skip
# Legal forms that say the country.
_LEGAL_COUNTRY = (
    (re.compile(r"^PT\b|\bTbk\.?$|^Perum\b"), "ID"),
    (re.compile(r"\bSdn\.? Bhd\.?$|\bBerhad$|\bBhd\.?$"), "MY"),
    (re.compile(r"\bPte\.? Ltd\.?$"), "SG"),
)
_LEGAL_ENDS = ("Tbk", "Tbk.", "Bhd", "Bhd.", "Berhad", "Ltd", "Ltd.")
DEFAULT_COUNTRY = {"id": "ID", "ms": "MY", "ko": "KR", "zh": "CN", "ja": "JP"}
STATE_KINDS = {"ministry", "government"}


class Org(NamedTuple):  # a tuple: cheap to build and to copy with a field changed
    name: str
    start: int
    end: int
    kind: str
    country: str | None = None
    office: bool = False  # read from a person's title ("Menteri …", "Minister of …")
    stated: bool = False  # the country is written next to the name, not inferred from the story


def latin_orgs(doc: Doc, org_hits: list) -> list[Org]:
    """Organisation names in Latin script, looked for where the automaton saw a head or tail word. A
    word that is both ("Ministry", "University") gives the union of what each reading finds."""
    found: dict[tuple[int, int], Org] = {}
    text = doc.text
    by_start: dict[int, dict[str, object]] = {}
    for hit in org_hits:
        if hit.start >= doc.body_offset:
            by_start.setdefault(hit.start, {})[hit.payload] = hit
    for pos, roles in by_start.items():
        spans = []
        if "head" in roles:
            m = _HEAD_RE.match(text, pos, doc.end)
            word = text[pos : pos + 20].split()[0].lower()
            if m and word in _ENGLISH_HEADS and not _OF.match(text, m.start()):
                m = None  # "… Agency and …": an English head word names its field after of/for
            if m and word in _NAME_HEADS:
                m = _NAME_HEAD_RE.match(text, pos, doc.end)  # "Studio Kazeori", "PT Pos Indonesia": no links
            if m:
                spans.append((m.start(), m.start() + len(_TRAILING_LINK.sub("", m.group())), True))
        if "tail" in roles:
            hit = roles["tail"]
            first = _words_before(text, hit.start, max(doc.body_offset, hit.start - 90))
            if first < hit.start:
                stop = hit.end
                more = _OF_MORE.match(text, hit.end, min(doc.end, hit.end + 60))
                if more:
                    stop = hit.end + len(_TRAILING_LINK.sub("", more.group()))
                start = _name_start(text, first, hit.start)
                if start is not None:
                    spans.append((start, stop, False))
        if not spans:
            continue
        start, end = min(s for s, _, _ in spans), max(e for _, e, _ in spans)
        end = _without_address(text, start, end)
        name = text[start:end]
        if "\n" in name or len(name.split()) < 2 or not doc.active(start, end):
            continue
        if any(h for _, _, h in spans):
            kind = HEADS.get(text[pos : pos + 20].split()[0].lower(), "other")
        else:
            word = name.split()[-1].lower().rstrip(".")
            kind = TAILS.get(word, "company" if "bhd" in word else "other")
        found.setdefault((start, end), Org(name, start, end, kind))
    return _longest(found.values())


_ENGLISH_HEADS = {
    "ministry", "department", "agency", "university", "institute", "academy", "college", "foundation",
    "association", "council", "embassy", "commission", "authority", "office", "bureau", "government",
    "secretariat", "centre", "center", "museum",
}  # fmt: skip
_OF = re.compile(r"\S+\s+(?:of|for|on)\s")
_NAME_HEADS = {"studio", "pt", "perum"}
_NAME_HEAD_RE = re.compile(rf"\S+(?:[ \t]+{_CAP}){{1,5}}")


def _name_start(text: str, start: int, tail: int) -> int | None:
    """Where a name ending in a tail word starts, leading words that are no part of it skipped."""
    words = list(re.finditer(r"\S+", text[start:tail]))
    i = 0
    while i < len(words) and (words[i].group() in _NOT_NAME_START or words[i].group().lower() in _LEADING):
        i += 1
    if i == len(words) and i > 0:
        return None if words[-1].group() in _NOT_NAME_START else start + words[-1].start()
    return start + words[i].start() if i < len(words) else start


_AND = re.compile(r"\s(?:and|dan|&)\s")


def _without_address(text: str, start: int, end: int) -> int:
    """ "Ministry of Tourism, Arts and Culture" lists its fields and closes the list with "and";
    "Kementerian Kebudayaan, Senayan, Jakarta" goes on with an address: the name ends at the comma."""
    comma = text.find(", ", start, end)
    if comma < 0 or _AND.search(text, text.rfind(", ", start, end), end):
        return end
    return comma


def _longest(orgs) -> list[Org]:
    result: list[Org] = []
    for org in sorted(orgs, key=lambda o: (o.start, -(o.end - o.start))):
        if not result or org.start >= result[-1].end:
            result.append(org)
    return result


# Korean: organisation suffixes (longest first), and the particles that follow a noun.
_KO_SUFFIX = (
    "위원회", "진흥원", "연구원", "개발원", "평가원", "정보원", "교육원", "문화원", "연구소", "진흥회",
    "재단",
    "협회", "학회", "공사", "공단", "대사관", "영사관", "박물관", "미술관", "도서관", "사무국", "사무처",
    "대학교", "대학", "학당", "그룹", "엔터테인먼트", "전자", "스튜디오", "청", "부",
)  # fmt: skip
_KO_NOT = (
    "일부", "전부", "내부", "외부", "북부", "남부", "동부", "서부", "중부", "간부", "세부", "본부", "대부",
    "요청", "신청", "청사", "경청", "초청", "시청률", "공부", "여부", "정부", "부부", "대학생", "대학원",
    "대사관저", "박물관장", "국립박물관", "미술관장",
)  # fmt: skip
_KO_PARTICLES = (
    "에서는", "에서도", "으로부터", "에서", "으로는", "으로", "에게", "와의", "과의", "와는", "과는",
    "이라는",
    "라는", "이며", "이자", "측은", "측이", "측", "은", "는", "이", "가", "을", "를", "와", "과", "의",
    "에", "로",
    "도", "만", "장", "장관", "차관", "청장", "원장", "총장", "관계자",
)  # fmt: skip
_KO_WORD = re.compile(r"[가-힣A-Za-z]{2,24}")
_ZH_SUFFIX = re.compile(
    r"(?:委员会|办公室|研究院|研究所|基金会|大使馆|秘书处|博物馆|图书馆|管理局|总局|大学|学院|中心|协会|公司|集团|政府|部|局|署|厅|院)"
)
_ZH_ENDS = set("部局署厅院")
_ZH_STOP = set(
    "应邀请率赴访与同、，。；：“”「」《》（）()在由对向将把被为据从于是的了并也还就均都等其此该各共经跟以使让给称说表示举行签署会见携手联合宣布发布启动成立召开出席参加邀请"
)
_ZH_NOT = {"全部", "内部", "外部", "东部", "南部", "西部", "北部", "中部", "局部", "干部", "总部", "本部",
           "格局",
           "大局", "当局", "结局", "布局", "学院", "中心", "公司", "集团", "政府", "大学", "医院", "法院",
           "剧院"}  # fmt: skip


_ZH_LEADING = set("这该此其各两一些多个座所和及")
_ZH_DIRECTIONS = {"西部", "东部", "南部", "北部", "中部", "全部", "内部", "外部", "局部", "干部", "总部",
                  "本部"}  # fmt: skip
_ZH_GENERIC = ("单一", "数字博物馆", "支持", "国家博物馆", "地方", "相关", "有关", "主要", "本地", "当地",
               "国内", "海外")  # fmt: skip


def korean_orgs(doc: Doc) -> list[Org]:
    """Korean words that name an organisation, with their particle cut off."""
    found = []
    text = doc.text
    for m in _KO_ORG.finditer(text, doc.body_offset, doc.end):
        word, suffix = m.group("name"), m.group("suffix")
        if word.endswith(_KO_NOT) or len(word) - len(suffix) < 2:
            continue
        start = m.start("name")
        if not doc.active(start, start + len(word)):
            continue
        kind = "ministry" if suffix in ("부", "청", "위원회", "진흥원", "정보원", "사무처") else (
            "university" if suffix.startswith("대학") or suffix == "학당" else
            "foundation" if suffix in ("재단", "협회", "학회", "진흥회") else
            "government" if suffix in ("대사관", "영사관") else
            "company" if suffix in ("그룹", "엔터테인먼트", "전자", "스튜디오", "공사") else "other"
        )  # fmt: skip
        found.append(Org(word, start, start + len(word), kind))
    return found


# A Korean word: a name ending in an organisation suffix, then perhaps a particle, then no more Hangul.
_KO_ORG = re.compile(
    r"(?<![가-힣A-Za-z])(?P<name>[가-힣A-Za-z]{1,22}?(?P<suffix>"
    + "|".join(_KO_SUFFIX)
    + r"))(?:"
    + "|".join(sorted(_KO_PARTICLES, key=len, reverse=True))
    + r")?(?![가-힣])"
)


def chinese_orgs(doc: Doc) -> list[Org]:
    """Han runs that end in an organisation suffix, from the function word or punctuation before."""
    found = []
    text = doc.text
    for m in _ZH_SUFFIX.finditer(text, doc.body_offset, doc.end):
        end = m.end()
        if text[end : end + 1] in ("分", "门", "署", "件", "位", "落", "校", "长", "士") and m.group() in (
            "部",
            "署",
            "院",
        ):
            continue  # 部分, 部门, 部署
        if m.group() == "部" and text[end - 2 : end] in ("部部", "副部"):
            continue  # the 部 of 部长 (minister) after the ministry's own
        start = end - len(m.group())
        while start > doc.body_offset and end - start < 16:
            ch = text[start - 1]
            if ch in _ZH_STOP or not ("\u4e00" <= ch <= "\u9fff") or (ch in _ZH_ENDS and start < end - 2):
                break  # a function word, punctuation, or the end of another organisation's name
            start -= 1
        name = text[start:end]
        while name and name[0] in _ZH_LEADING:
            name, start = name[1:], start + 1
        if (
            len(name) - len(m.group()) < 2
            or name in _ZH_NOT
            or not doc.active(start, end)
            or "方" in name[:-1]
        ):
            continue  # 中方, 越方: "the Chinese side", no organisation
        if name[-2:] in _ZH_DIRECTIONS or name[0] == "国":
            continue  # 西部 (the west), a name cut inside its country word
        if name.startswith(_ZH_GENERIC):
            continue
        suffix = m.group()
        kind = "ministry" if suffix in ("部", "局", "署", "厅", "委员会", "办公室", "管理局", "总局") else (
            "university" if suffix in ("大学", "学院", "研究院", "研究所") else
            "foundation" if suffix in ("基金会", "协会") else
            "government" if suffix in ("大使馆", "政府") else
            "company" if suffix in ("公司", "集团") else "other"
        )  # fmt: skip
        found.append(Org(name, start, end, kind))
    return _longest(found)


# A company named through what it is: "webtoon firm Toonbridge", "Toonbridge, a webtoon platform",
# "perusahaan rintisan Kopi", "syarikat Rimba Aero", "studio animasi … Kazeori".
_DESCRIBED_BEFORE = re.compile(
    r"\b(?:firm|company|start-?up|platform|developer|chipmaker|maker|operator|provider|studio|label"
    r"|perusahaan(?: rintisan)?|syarikat|firma|jenama|startup|label rekaman)[ \t]+"
    r"((?:[A-Z][\w&'’-]+)(?:[ \t]+[A-Z][\w&'’-]+){0,2})"
)
_DESCRIBED_AFTER = re.compile(
    r"((?:[A-Z][\w&'’-]+)(?:[ \t]+[A-Z][\w&'’-]+){0,2}),[ \t]+(?:a|an|sebuah|satu)[ \t]+[^,.;\n]{0,40}?"
    r"\b(?:firm|company|start-?up|platform|developer|maker|operator|provider|studio|perusahaan|syarikat)\b"
)
_DESCRIBED_NOT = {"The", "A", "An", "This", "Its", "Their", "PT", "Korean", "Chinese", "Japanese",
                  "Indonesian",
                  "Malaysian", "Thai", "Singapore", "Vietnamese", "Filipino", "South", "North", "Asia",
                  "Asian"}  # fmt: skip


DESCRIPTORS = (
    "firm", "company", "start-up", "startup", "platform", "developer", "chipmaker", "maker", "operator",
    "provider", "studio", "label", "perusahaan", "syarikat", "firma", "jenama",
)  # fmt: skip


def described_companies(doc: Doc, descriptor_hits: list) -> list[Org]:
    """Companies named through what they are ("webtoon firm Toonbridge", "Kopi Labs, a Singapore
    start-up"), looked for only where the automaton saw such a word."""
    found = []
    text = doc.text
    for hit in descriptor_hits:
        m = _DESCRIBED_BEFORE.match(text, hit.start, doc.end)
        if m is None:
            m = _DESCRIBED_AFTER.search(text, max(doc.body_offset, hit.start - 110), hit.end)
            if m is None or m.end() != hit.end:
                continue
        name = m.group(1)
        words = name.split()
        while words and words[0] in _DESCRIBED_NOT | _NOT_NAME_START:
            words = words[1:]
        if not words:
            continue
        name = " ".join(words)
        start = m.end(1) - len(name)
        if doc.active(start, m.end(1)):
            found.append(Org(name, start, m.end(1), "company"))
    return found


# Persons read as their office: "Menteri X <Name>", "Minister of X <Name>", "Wakil Menteri …".
_OFFICE_ID = re.compile(
    r"(?:Wakil\s+|Timbalan\s+)?Menteri\s+((?:[A-Z][\w-]*|dan|,)(?:\s*,?\s*(?:[A-Z][\w-]*|dan))*)"
)
_OFFICE_EN = re.compile(
    r"(?:Deputy\s+|Vice\s+)?Minister\s+(?:of|for)\s+((?:[A-Z][\w-]*|and|,)(?:\s*,?\s*(?:[A-Z][\w-]*|and))*)"
)
# The words an office is made of; the person's name starts at the first other word.
OFFICE_WORDS = {
    "komunikasi", "digital", "informatika", "luar", "dalam", "negeri", "pendidikan", "kebudayaan", "budaya",
    "pariwisata", "ekonomi", "kreatif", "riset", "teknologi", "sains", "perdagangan", "perindustrian",
    "industri", "koordinator", "bidang", "politik", "hukum", "keamanan", "pembangunan", "manusia",
    "kesehatan", "sosial", "agama", "keuangan", "pertahanan", "pemuda", "olahraga", "tinggi", "dasar",
    "menengah", "multimedia", "pelancongan", "seni", "sukan", "belia", "perpaduan", "inovasi", "kewangan",
    "pelaburan", "antarabangsa", "wilayah", "persekutuan", "investasi", "hilirisasi", "kependudukan",
    "pemberdayaan", "perempuan", "perlindungan", "anak", "sekretaris", "negara", "bumn", "usaha", "mikro",
    "kecil", "perumahan", "kerajaan", "tempatan", "penerangan",
    "communication", "communications", "affairs", "culture", "cultural", "sports", "sport",
    "tourism", "foreign", "science", "ict", "education", "higher", "creative", "economy", "economic",
    "industry", "trade", "information", "technology", "technologies", "post", "telecommunications",
    "internal", "fine", "arts", "development", "society", "electronics", "home", "interior", "finance",
    "youth", "heritage", "research", "innovation", "national", "international", "cooperation",
    "broadcasting", "media", "state", "planning", "investment", "labour", "labor", "health",
    "and", "dan",
}  # fmt: skip


def offices(doc: Doc, title_hits: list) -> list[Org]:
    """Ministries named through a minister's title, with the person's name left out; looked for where
    the automaton saw "Menteri" or "Minister"."""
    found = []
    text = doc.text
    for hit in title_hits:
        pattern, head = (
            (_OFFICE_ID, "Kementerian")
            if text[hit.start] == "M" and text.startswith("Menteri", hit.start)
            else (_OFFICE_EN, "Ministry of")
        )
        m = pattern.match(text, _title_start(text, hit.start), min(doc.end, hit.end + 160))
        if m is None:
            continue
        words = re.findall(r"[\w-]+|,", m.group(1))
        office: list[str] = []
        for word in words:
            if word == "," or word.lower() in OFFICE_WORDS:
                office.append(word)
            else:
                break
        while office and office[-1].lower() in {",", "and", "dan"}:
            office.pop()
        if not office:
            continue
        phrase = " ".join(office).replace(" ,", ",")
        # The span covers the title and the office words, not the person's name.
        stop = _span_end(text, m.start(1), office)
        if doc.active(m.start(), stop):
            found.append(Org(f"{head} {phrase}", m.start(), stop, "ministry", office=True))
    return found


def _title_start(text: str, pos: int) -> int:
    """Where a minister's title starts: "Wakil Menteri", "Deputy Minister" include the word before."""
    before = text[max(0, pos - 10) : pos]
    for word in ("Wakil ", "Timbalan ", "Deputy ", "Vice "):
        if before.endswith(word):
            return pos - len(word)
    return pos


def _span_end(text: str, start: int, words: list[str]) -> int:
    pos = start
    for word in words:
        pos = text.index(word, pos) + len(word)
    return pos


def attribute_countries(
    doc: Doc,
    orgs: list[Org],
    country_hits: list,
    language: str | None,
    dateline_country: str | None,
    city_country=None,
) -> list[Org]:
    """Each organisation with its home country where the text names it or makes it plain.
    `city_country(name)` gives the country of a city ("Bangkok-based", "Seoul's")."""
    result = []
    spans = sorted((h.start, h.end, h.payload[1]) for h in country_hits)
    local = LOCAL_HEADS.get(language or "", set())
    for org in orgs:
        org, city = _without_city(doc, org, city_country)
        org = _without_possessor(doc, org, spans)
        country = _named_country(doc, org, spans) or city
        if country is None and (org.name.startswith(("PT ", "Perum ")) or org.name.endswith(_LEGAL_ENDS)):
            for pattern, code in _LEGAL_COUNTRY:
                if pattern.search(org.name):
                    country = code
                    break
        if country:
            result.append(org._replace(country=country, stated=True))
            continue
        if org.name.split()[0].lower() in local:
            country = DEFAULT_COUNTRY[language]
        if country is None and org.kind in STATE_KINDS:
            if language in DEFAULT_COUNTRY and not _foreign_script(org, language):
                country = DEFAULT_COUNTRY[language]
            elif language == "en":
                country = dateline_country
        result.append(org._replace(country=country) if country else org)
    return result


_CITY_BEFORE = re.compile(r"^([A-Z][\w]+(?: [A-Z][\w]+)?)(?:-based|['’]s)\s+")
_CITY_BEFORE_END = re.compile(r"([A-Z][\w]+(?: [A-Z][\w]+)?)(?:-based|['’]s)\s+$")


def _without_city(doc: Doc, org: Org, city_country) -> tuple[Org, str | None]:
    """ "Bangkok-based Siam Frame Studio", "Seoul's Hanbit Pictures": the name, and the city's country."""
    m = _CITY_BEFORE.match(org.name) if ("-based " in org.name or "s " in org.name) else None
    if m is None:
        before = doc.text[max(0, org.start - 40) : org.start]
        b = _CITY_BEFORE_END.search(before) if before.endswith(("-based ", "s ")) else None
        if b and city_country:
            return org, city_country(b.group(1))
        return org, None
    country = city_country(m.group(1)) if city_country else None
    if country is None:
        return org, None
    cut = org.start + m.end()
    return org._replace(name=doc.text[cut : org.end], start=cut), country


def _without_possessor(doc: Doc, org: Org, spans: list[tuple[int, int, str]]) -> Org:
    """ "China's Zhejiang University" is Zhejiang University (of China)."""
    for start, end, _ in spans[bisect.bisect_left(spans, (org.start,)) :]:
        if start == org.start:
            m = _POSSESSIVE_S.match(doc.text, end, org.end)
            if m and org.end - m.end() > 3:
                cut = m.end()
                return org._replace(name=doc.text[cut : org.end], start=cut)
        if start > org.start:
            break
    return org


def _foreign_script(org: Org, language: str) -> bool:
    """A Latin-script name in a Korean or Chinese story is no home-country state body of its own."""
    return language in ("ko", "zh", "ja") and org.name[:1].isascii()


_APPOSITION = re.compile(
    r"^\s*(?:\([^)\n]{1,20}\)\s*)?(?:,\s*(?:a|an|the|sebuah|satu|perusahaan|syarikat|badan|agensi)?\b[^,.;()\n]{0,30}?"
    r"|\s+(?:asal|dari|from|of|based in|berbasis di|milik))?\s*$",
    re.IGNORECASE,
)
_POSSESSIVE_S = re.compile(r"['’]s\s+")
_POSSESSIVE = re.compile(r"^(?:['’]s?)?\s*(?:the\s+)?$", re.IGNORECASE)


def _named_country(doc: Doc, org: Org, spans: list[tuple[int, int, str]]) -> str | None:
    """A country inside the name, just before it ("Japan's Ministry", "말레이시아 디지털부", "韩国…部")
    or in an apposition right after it ("Toonbridge, a webtoon platform from South Korea")."""
    text = doc.text
    for start, end, code in spans[bisect.bisect_left(spans, (org.start - 60,)) :]:
        if org.start <= start and end <= org.end:
            return code
        if end <= org.start and org.start - end <= 3 and _POSSESSIVE.match(text[end : org.start]):
            return code
        if start >= org.end and start - org.end <= 48 and _APPOSITION.match(text[org.end : start]):
            return code
        if start > org.end + 48:
            break
    return None


# Field words of organisation names in the languages read, in English: a Korean, Chinese or Malay name
# of a body the gazetteer knows by its English name ("말레이시아 디지털부" is Malaysia's Ministry of Digital,
# "越南文化体育旅游部" Vietnam's Ministry of Culture, Sports and Tourism) is found by its country, its
# class (ministry, agency, university) and these words.
FIELD_WORDS = {
    "문화재": "heritage", "국가유산": "heritage", "문화": "culture", "체육": "sports", "관광": "tourism",
    "디지털": "digital", "통신": "communications", "정보": "information", "과학기술": "science technology",
    "과학": "science", "기술": "technology", "교육": "education", "외교": "foreign", "산업": "industry",
    "예술": "arts", "방송": "broadcasting", "유산": "heritage", "경제": "economy", "창조": "creative",
    "文化": "culture", "体育": "sports", "旅游": "tourism", "观光": "tourism", "数字": "digital",
    "信息": "information", "通信": "communications", "新闻": "information", "科技": "science technology",
    "科学": "science", "技术": "technology", "教育": "education", "外交": "foreign", "工业": "industry",
    "艺术": "arts", "美术": "arts", "广播": "broadcasting", "电视": "television", "遗产": "heritage",
    "文物": "antiquities", "经济": "economy", "创意": "creative", "国家": "national",
    "kebudayaan": "culture", "budaya": "culture", "sukan": "sports", "olahraga": "sports",
    "pelancongan": "tourism", "pariwisata": "tourism", "digital": "digital", "komunikasi": "communications",
    "maklumat": "information", "informasi": "information", "informatika": "information", "sains": "science",
    "teknologi": "technology", "pendidikan": "education", "tinggi": "higher", "luar": "foreign",
    "perindustrian": "industry", "industri": "industry", "seni": "arts", "warisan": "heritage",
    "ekonomi": "economy", "kreatif": "creative", "penyiaran": "broadcasting", "kebangsaan": "national",
    "nasional": "national", "riset": "research", "penyelidikan": "research", "inovasi": "innovation",
}  # fmt: skip
_ENGLISH_FIELD = {"cultural": "culture", "sport": "sports", "communication": "communications",
                  "informatics": "information", "ict": "information technology",
                                 "multimedia": "media"}  # fmt: skip
_CLASS_WORDS = (
    ("university", ("university", "universiti", "universitas", "institute", "academy", "대학교", "대학",
     "大学",
                    "学院", "研究院")),
    ("agency", ("agency", "administration", "authority", "commission", "board", "council", "badan", "agensi",
                "suruhanjaya", "lembaga", "청", "위원회", "진흥원", "厅", "庁", "局", "署", "委员会")),
    ("ministry", ("ministry", "department", "kementerian", "jabatan", "부", "部", "省")),
)  # fmt: skip
_FIELD_SPLIT = re.compile("|".join(sorted((re.escape(k) for k in FIELD_WORDS), key=len, reverse=True)))
_CLASS_NAMES = {"university", "institute", "academy", "agency", "ministry", "commission", "authority",
                "board",
                "administration", "council", "national"}  # fmt: skip
_NOT_FIELD = {"ministry", "of", "and", "the", "affairs", "department", "agency", "for", "national", "negeri",
              "dan", "untuk", "bagi", "kementerian", "jabatan", "universiti", "universitas", "university",
              "institut", "institute", "akademi", "academy", "badan", "agensi", "suruhanjaya", "lembaga",
              "selatan", "utara", "republik", "republic", "rakyat", "serikat", "raya"}  # fmt: skip


@lru_cache(maxsize=4096)
def field_key(name: str, country_words: frozenset[str] = frozenset()) -> tuple[str, frozenset[str]] | None:
    """The class and the English field words of an organisation name in any language read, or None
    when the name has no class word or no field word."""
    lower = name.lower()
    cls = next((c for c, words in _CLASS_WORDS if any(w in lower for w in words)), None)
    if cls is None:
        return None
    fields: set[str] = set()
    if lower.isascii():
        for word in re.findall(r"[a-z]+", lower):
            if word in country_words or word in _NOT_FIELD:
                continue
            word = _ENGLISH_FIELD.get(word, FIELD_WORDS.get(word, word))
            fields.update(word.split())
    else:
        for m in _FIELD_SPLIT.finditer(lower):
            fields.update(FIELD_WORDS[m.group()].split())
    fields -= _CLASS_NAMES
    return (cls, frozenset(fields)) if fields else None
