"""Dates in Indonesian, Malay, English, Korean, Chinese and Japanese news text.

Targeted patterns, not a general date parser: whole-text `dateparser.search_dates` is a hundred
times slower and finds dates in "24/7" and "Samsung S23". Numeric day/month forms count only
after a weekday name ("Rabu (23/6)"), and a date without a year takes the year that fits the
publication date and the weekday.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    **dict.fromkeys(["januari", "january", "jan", "janvier"], 1),
    **dict.fromkeys(["februari", "february", "feb", "pebruari"], 2),
    **dict.fromkeys(["maret", "march", "mar", "mac"], 3),
    **dict.fromkeys(["april", "apr"], 4),
    **dict.fromkeys(["mei", "may"], 5),
    **dict.fromkeys(["juni", "june", "jun"], 6),
    **dict.fromkeys(["juli", "july", "jul", "julai"], 7),
    **dict.fromkeys(["agustus", "august", "aug", "agu", "ags", "ogos"], 8),
    **dict.fromkeys(["september", "sept", "sep"], 9),
    **dict.fromkeys(["oktober", "october", "okt", "oct"], 10),
    **dict.fromkeys(["november", "nopember", "nov"], 11),
    **dict.fromkeys(["desember", "december", "disember", "des", "dec"], 12),
}
WEEKDAYS = {
    **dict.fromkeys(["senin", "isnin", "monday", "월요일", "月曜日", "星期一", "周一"], 0),
    **dict.fromkeys(["selasa", "tuesday", "화요일", "火曜日", "星期二", "周二"], 1),
    **dict.fromkeys(["rabu", "wednesday", "수요일", "水曜日", "星期三", "周三"], 2),
    **dict.fromkeys(["kamis", "khamis", "thursday", "목요일", "木曜日", "星期四", "周四"], 3),
    **dict.fromkeys(["jumat", "jum'at", "jumaat", "friday", "금요일", "金曜日", "星期五", "周五"], 4),
    **dict.fromkeys(["sabtu", "saturday", "토요일", "土曜日", "星期六", "周六"], 5),
    **dict.fromkeys(["minggu", "ahad", "sunday", "일요일", "日曜日", "星期日", "星期天", "周日"], 6),
}
_MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_LATIN_WEEKDAY = (
    r"(?P<wd>senin|isnin|selasa|rabu|kamis|khamis|jum'?at|jumaat|sabtu|minggu|ahad|monday|tuesday"
    r"|wednesday|thursday|friday|saturday|sunday)"
)
_DASH = r"\s*(?:-|–|—|s\.?d\.?|hingga|sampai|to|until)\s*"

PATTERNS = [
    # 26-27 Oktober 2024 / 8 November 2025 / Sabtu, 20 Maret 2021 / 8 Nov
    re.compile(
        rf"(?:{_LATIN_WEEKDAY}\s*,?\s*(?:\(\s*)?)?\b(?P<d>\d{{1,2}})(?:{_DASH}(?P<d2>\d{{1,2}}))?\s+{_MONTH}"
        rf"(?:\s*,?\s*(?P<y>\d{{4}}))?\b",
        re.IGNORECASE,
    ),
    # November 8, 2025 / November 8-9, 2025 / Wednesday, November 8
    re.compile(
        rf"(?:{_LATIN_WEEKDAY}\s*,?\s*)?\b{_MONTH}\s+(?P<d>\d{{1,2}})(?:{_DASH}(?P<d2>\d{{1,2}}))?\b"
        rf"(?:\s*,?\s*(?P<y>\d{{4}}))?",
        re.IGNORECASE,
    ),
    # Rabu (23/4/2025), Rabu (23/6), 23/4/2025
    re.compile(
        rf"(?:{_LATIN_WEEKDAY}\s*,?\s*\(?\s*)(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>\d{{4}}|\d{{2}}))?\b",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})\b"),
    # 2025-11-08
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    # 2025年11月8日, 2025년 11월 8일, 11月8～9日, 2025年11月
    re.compile(
        r"(?:(?P<y>\d{4})\s*[年년]\s*)?(?P<m>\d{1,2})\s*[月월]\s*(?:(?P<d>\d{1,2})\s*[日일]?"
        r"(?:\s*(?:[-~～〜–]|부터|至|到)\s*(?P<d2>\d{1,2})\s*[日일])?)?"
    ),
    # November 2025 / Maret 2021 (month precision)
    re.compile(rf"\b{_MONTH}\s+(?P<y>\d{{4}})\b", re.IGNORECASE),
    # pada tahun 2020 / in 2020 / 2020년 / 2020年 (year precision)
    re.compile(
        r"(?:\b(?:tahun|in|year|pada)\s+)(?P<y>(?:19|20)\d{2})\b|(?P<y2>(?:19|20)\d{2})\s*[年년](?!\s*\d)"
    ),
    # 지난 12일, 오는 11일, 16日, 16号: a day of the month the publication date places (Korean, Chinese
    # and Japanese news give the month only when it is not the current one). Not a duration ("3일간").
    re.compile(
        r"(?P<dd>\d{1,2})(?:\s*(?:일|日|号)?\s*(?:부터|[-~～〜–]|至|到)\s*(?P<dd2>\d{1,2}))?\s*(?:일|日|号|號)"
        r"(?!\s*(?:간|동안|째|만에|이내|내로|以内|内|間|本|电|電|元|刊))"
    ),
]
_CJK_WEEKDAY = re.compile(
    r"\(?\s*(?P<wd>[월화수목금토일]요일|[月火水木金土日]曜日?|星期[一二三四五六日天]|周[一二三四五六日])"
)
_RELATIVE = re.compile(
    r"\b(?P<rel>kemarin lusa|kemarin|kelmarin|semalam|malam tadi|tadi malam|hari ini|yesterday|today|tomorrow"
    r"|besok|pekan lalu|minggu lalu|last week"
    r"|pekan depan|minggu depan|next week|bulan lalu|last month|bulan depan|next month|tahun lalu|last year"
    r"|tahun depan|next year)\b"
    r"|(?P<cjkwd>(?P<week>上|本|这|下)?(?:周|星期|礼拜)(?P<wdc>[一二三四五六日天]))"
    r"|(?P<cjk>어제|오늘|내일|지난주|다음 달|昨日|昨天|今天|今日|明天|上周|下个月|先週|来月)",
    re.IGNORECASE,
)
_CJK_WEEKDAY_NUMBER = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
# Chinese weekday cues: "上周四" (last week's Thursday), "本周五", "周三".
_CJK_WEEKDAY_CUES = tuple(
    f"{week}{word}{day}"
    for week in ("上", "本", "这", "下", "")
    for word in ("周", "星期")
    for day in "一二三四五六日"
)
_WEEKDAY_WORDS = tuple(w for w in WEEKDAYS if w.isascii())
_BARE_WEEKDAY = re.compile(
    rf"(?:\b(?:pada|on|hari|last|this|next|coming|late|early)\s+|,\s*)?{_LATIN_WEEKDAY}\b(?!\s*[,(]?\s*\d)",
    re.IGNORECASE,
)
# A weekday name alone counts when capitalised and unambiguous ("Minggu" is also "week").
_LONE_WEEKDAY_OK = re.compile(
    r"(?:Senin|Isnin|Selasa|Rabu|Kamis|Khamis|Jum'?at|Jumaat|Sabtu|Ahad|Monday|Tuesday|Wednesday|Thursday"
    r"|Friday|Saturday|Sunday)$"
)
# Words that put a weekday ahead of the publication date ("will meet on Friday", "opens on Wednesday").
_FUTURE = re.compile(
    r"\b(?:will|akan|shall|is to|are to|scheduled|dijadwalkan|dijadualkan|expected to|set to|due to|next"
    r"|coming"
    r"|mendatang|nanti|upcoming|opens|begins|starts|closes|concludes|ends)\b|'ll\b",
    re.IGNORECASE,
)
_RELATIVE_DAYS = {
    "kemarin": (-1, "day"), "kelmarin": (-2, "day"), "semalam": (-1, "day"), "malam tadi": (-1, "day"),
    "tadi malam": (-1, "day"), "yesterday": (-1, "day"), "어제": (-1, "day"), "昨日": (-1, "day"),
    "昨天": (-1, "day"), "kemarin lusa": (-2, "day"), "hari ini": (0, "day"), "today": (0, "day"),
    "오늘": (0, "day"), "今天": (0, "day"), "今日": (0, "day"), "besok": (1, "day"), "tomorrow": (1, "day"),
    "내일": (1, "day"), "明天": (1, "day"),
    "pekan lalu": (-7, "month"), "minggu lalu": (-7, "month"), "last week": (-7, "month"),
    "지난주": (-7, "month"), "上周": (-7, "month"), "先週": (-7, "month"),
    "pekan depan": (7, "month"), "minggu depan": (7, "month"), "next week": (7, "month"),
}  # fmt: skip
_RELATIVE_MONTHS = {
    "bulan lalu": (-1, "month"), "last month": (-1, "month"), "bulan depan": (1, "month"),
    "next month": (1, "month"), "다음 달": (1, "month"), "下个月": (1, "month"), "来月": (1, "month"),
    "tahun lalu": (-12, "year"), "last year": (-12, "year"), "tahun depan": (12, "year"), "next year": (12,
    "year"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    value: date
    precision: str  # day | month | year
    end_value: date | None = None
    explicit_year: bool = True
    relative: bool = False

    @property
    def iso(self) -> str:
        return format_date(self.value, self.precision)


_RELATIVE_KEYS = tuple(_RELATIVE_DAYS) + tuple(_RELATIVE_MONTHS) + _CJK_WEEKDAY_CUES


def format_date(value: date | None, precision: str | None) -> str | None:
    if value is None:
        return None
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def find_dates(
    text: str,
    start: int,
    end: int,
    published: date | None,
    today: date,
    cues: tuple[list[int], list[int]] | None = None,
) -> list[DateMention]:
    """Every date expression between start and end, resolved against the publication date.

    `cues` are the offsets of relative-date words and weekday names when the caller has them
    (the pipeline's automaton finds them in its one pass); otherwise they are looked for here."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    # Every numbered pattern contains a number and starts at it or at one of the few words before it
    # ("Rabu (23/6)", "November 8"): try each pattern anchored there instead of scanning the text.
    anchors = [
        (m.start(), m.group(), text[m.end() : m.end() + 2].lstrip()[:1])
        for m in _DIGITS.finditer(text, start, end)
        if _could_be_date(m.group())
    ]
    # Numbers left to right; at each, the patterns in order of preference. A date found consumes the
    # numbers it spans ("26-27 Oktober 2024" is one date, not three).
    consumed = start
    for digit, digits, after in anchors:
        if digit < consumed:
            continue
        starts_before = None
        for index, pattern in enumerate(PATTERNS):
            if not _APPLIES[index](digits, after):
                continue
            if index in _AT_NUMBER:
                starts = (digit,)
            else:
                if starts_before is None:
                    starts_before = _starts_before(text, max(consumed, digit - 24), digit)
                starts = starts_before
            mention = None
            for pos in starts:
                m = pattern.match(text, pos, end)
                if m is not None and m.start() <= digit < m.end():
                    mention = _resolve(m, text, published, today)
                    break
            if mention:
                found.append(mention)
                taken.append((mention.start, mention.end))
                consumed = m.end()
                break
    if published is not None:
        found.extend(_relatives(text, start, end, published, taken, cues))
    found.sort(key=lambda d: d.start)
    return found


def cue_entries() -> list[tuple[str, str]]:
    """Relative-date words and weekday names, for the pipeline's shared automaton."""
    return [(w, "relative") for w in _RELATIVE_KEYS] + [(w, "weekday") for w in _WEEKDAY_WORDS]


def _occurrences(lower: str, words) -> list[int]:
    """Offsets of the words in lower-cased text (str.find: far faster than a regex alternation)."""
    positions = []
    for word in words:
        i = lower.find(word)
        while i >= 0:
            positions.append(i)
            i = lower.find(word, i + 1)
    return sorted(set(positions))


def _relatives(
    text: str, start: int, end: int, published: date, taken: list, cues: tuple[list[int], list[int]] | None
) -> list[DateMention]:
    """ "kemarin", "pekan lalu", "bulan depan", "pada Rabu": dates relative to publication."""
    if cues is None:
        lower = text[start:end].lower()
        cues = (
            [start + i for i in _occurrences(lower, _RELATIVE_KEYS)],
            [start + i for i in _occurrences(lower, _WEEKDAY_WORDS)],
        )
    relative_at, weekday_at = cues
    found: list[DateMention] = []

    def free(m: re.Match) -> bool:
        return not any(s < m.end() and m.start() < e for s, e in taken)

    for pos in relative_at:
        m = _RELATIVE.match(text, pos, end)
        if m and free(m):
            mention = _relative(m, published)
            if mention:
                found.append(mention)
                taken.append(m.span())
    for pos in weekday_at:
        m = _BARE_WEEKDAY.search(text, max(start, pos - 7), min(end, pos + 12))
        if not m or not free(m) or m.start("wd") != pos:
            continue
        word = m.group("wd")
        if m.start("wd") == m.start() and not _LONE_WEEKDAY_OK.match(word):
            continue  # "minggu" alone is a week; lower-case names alone are not dates
        weekday = WEEKDAYS[word.lower().replace("'", "")]
        clause = text[max(start, _clause_start(text, pos)) : pos]
        if _FUTURE.search(clause):
            value = published + timedelta(days=(weekday - published.weekday()) % 7 or 7)
        else:
            value = published - timedelta(days=(published.weekday() - weekday) % 7)
        found.append(DateMention(m.start(), m.end(), value, "day", relative=True))
        taken.append(m.span())
    return found


def _clause_start(text: str, pos: int) -> int:
    """Where the clause holding `pos` begins: the tense of its verb says past or coming weekday."""
    window = max(0, pos - 90)
    cut = max(text.rfind(mark, window, pos) for mark in (". ", "\n", "; ", ", and ", ", dan ", ", while "))
    return cut + 1 if cut >= 0 else window


_DIGITS = re.compile(r"\d+")


# Which numbers each pattern (in PATTERNS order) can contain, from the number and the next character;
# the patterns that begin with their number are tried only there.
_APPLIES = (
    lambda d, a: len(d) <= 2,
    lambda d, a: len(d) <= 2,
    lambda d, a: a == "/",
    lambda d, a: a == "/",
    lambda d, a: len(d) == 4 and a == "-",
    lambda d, a: a != "" and a in "年년月월",
    lambda d, a: len(d) == 4,
    lambda d, a: len(d) == 4,
    lambda d, a: len(d) <= 2 and a != "" and a in "일日号號부-~～〜–至到",
)
_AT_NUMBER = {3, 4, 5, 8}


def _could_be_date(digits: str) -> bool:
    """A day or month (1-31) or a year (1900-2099); "3.000", "150" or "24/7" the patterns drop later."""
    if len(digits) <= 2:
        return 0 < int(digits) <= 31
    return len(digits) == 4 and digits[:2] in ("19", "20")


_WORD_START = re.compile(r"(?<!\w)\w")


def _starts_before(text: str, start: int, digit: int) -> list[int]:
    """Where a date around the number at `digit` can begin: word starts shortly before it, then it."""
    return [m.start() for m in _WORD_START.finditer(text, start, digit)] + [digit]


def _resolve(m: re.Match, text: str, published: date | None, today: date) -> DateMention | None:
    groups = m.groupdict()
    if groups.get("dd"):
        return _day_of_month(m, text, published)
    if groups.get("y2"):
        return DateMention(m.start(), m.end(), date(int(groups["y2"]), 1, 1), "year")
    month = int(groups["m"]) if groups.get("m") else MONTHS.get((groups.get("mon") or "").lower().rstrip("."))
    day = int(groups["d"]) if groups.get("d") else None
    year_text = groups.get("y")
    if month is None:
        if year_text and not groups.get("mon"):
            return DateMention(m.start(), m.end(), date(int(year_text), 1, 1), "year")
        return None
    if not 1 <= month <= 12:
        return None
    weekday = _weekday(m, text)
    if day is None:
        if not year_text:
            return None  # "11월" alone says too little
        return DateMention(m.start(), m.end(), date(int(year_text), month, 1), "month")
    explicit = bool(year_text)
    if year_text:
        year = int(year_text)
        year = year + 2000 if year < 100 else year
    else:
        year = _infer_year(month, day, weekday, published, today)
        if year is None:
            return None
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    end_value = None
    if groups.get("d2"):
        try:
            end_value = date(year, month, int(groups["d2"]))
        except ValueError:
            end_value = None
        if end_value and end_value <= value:
            end_value = None
    return DateMention(m.start(), m.end(), value, "day", end_value, explicit_year=explicit)


# The word before a bare day of the month says which month: the last one, the next, this one.
_DAY_MARKERS = (
    (("지난달", "지난 달", "上月", "上个月", "先月"), "previous"),
    (("다음 달", "다음달", "내달", "下月", "下个月", "来月"), "next"),
    (("이달", "이번 달", "本月", "今月", "这个月"), "this"),
    (("지난",), "past"),
    (("오는",), "coming"),
)


def _day_of_month(m: re.Match, text: str, published: date | None) -> DateMention | None:
    """ "지난 12일", "오는 11일", "다음 달 11일", "16日": a day in the month around publication."""
    if published is None:
        return None
    day = int(m.group("dd"))
    before = text[max(0, m.start() - 8) : m.start()].rstrip()
    marker, start = None, m.start()
    for words, name in _DAY_MARKERS:
        word = next((w for w in words if before.endswith(w)), None)
        if word:
            marker, start = (
                name,
                m.start() - (len(text[: m.start()]) - len(text[: m.start()].rstrip())) - len(word),
            )
            break
    this_month = _in_month(published.year, published.month, day)
    previous = _in_month(*_shift(published, -1), day)
    following = _in_month(*_shift(published, 1), day)
    if marker == "previous":
        value = previous
    elif marker == "next":
        value = following
    elif marker == "this":
        value = this_month
    elif marker == "coming":
        value = this_month if this_month and this_month >= published else following
    elif marker == "past" or this_month is None or day <= published.day:
        value = this_month if this_month and this_month <= published else previous
    else:
        # A later day of this month with no word before it: a coming day when it is near, else last month's.
        value = this_month if day - published.day <= 5 else previous
    if value is None:
        return None
    end_value = _in_month(value.year, value.month, int(m.group("dd2"))) if m.group("dd2") else None
    if end_value and end_value <= value:
        end_value = None
    return DateMention(start, m.end(), value, "day", end_value, explicit_year=False, relative=True)


def _shift(value: date, months: int) -> tuple[int, int]:
    total = value.year * 12 + value.month - 1 + months
    return total // 12, total % 12 + 1


def _in_month(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _weekday(m: re.Match, text: str) -> int | None:
    wd = m.groupdict().get("wd")
    if wd:
        return WEEKDAYS.get(wd.lower().replace("'", ""), WEEKDAYS.get(wd.lower()))
    after = _CJK_WEEKDAY.match(text, m.end(), m.end() + 8)
    if after:
        key = after.group("wd")
        return WEEKDAYS.get(key, WEEKDAYS.get(key + "日"))
    return None


def _infer_year(month: int, day: int, weekday: int | None, published: date | None, today: date) -> int | None:
    """The year of a date written without one: near the publication date, on the stated weekday."""
    anchor = published or today
    candidates = []
    for year in range(anchor.year - 6, anchor.year + 2):
        try:
            value = date(year, month, day)
        except ValueError:
            continue
        if weekday is not None and value.weekday() != weekday:
            continue
        if published is None and value > today:
            continue
        candidates.append(value)
    if not candidates:
        return None
    if published is None:
        return max(candidates).year  # the most recent year that fits
    return min(candidates, key=lambda v: abs((v - published).days)).year


def _relative(m: re.Match, published: date) -> DateMention | None:
    if m.group("cjkwd"):
        return _cjk_weekday(m, published)
    key = (m.group("rel") or m.group("cjk")).lower()
    if key in _RELATIVE_DAYS:
        days, precision = _RELATIVE_DAYS[key]
        return DateMention(m.start(), m.end(), published + timedelta(days=days), precision, relative=True)
    if key in _RELATIVE_MONTHS:
        months, precision = _RELATIVE_MONTHS[key]
        total = published.year * 12 + published.month - 1 + months
        value = date(total // 12, total % 12 + 1, 1)
        return DateMention(m.start(), m.end(), value, precision, relative=True)
    return None


def _cjk_weekday(m: re.Match, published: date) -> DateMention:
    """ "上周四" is the Thursday of the week before publication's (weeks start on Monday); "本周五" the
    Friday of its week; "下周一" next week's Monday; "周三" the last Wednesday up to publication."""
    weekday = _CJK_WEEKDAY_NUMBER[m.group("wdc")]
    monday = published - timedelta(days=published.weekday())
    week = m.group("week")
    if week == "上":
        value = monday - timedelta(days=7) + timedelta(days=weekday)
    elif week in ("本", "这"):
        value = monday + timedelta(days=weekday)
    elif week == "下":
        value = monday + timedelta(days=7 + weekday)
    else:
        value = published - timedelta(days=(published.weekday() - weekday) % 7)
    return DateMention(m.start(), m.end(), value, "day", relative=True)


def truncate(value: date, precision: str) -> date:
    if precision == "year":
        return date(value.year, 1, 1)
    if precision == "month":
        return date(value.year, value.month, 1)
    return value


def last_day(value: date) -> date:
    return date(value.year, value.month, calendar.monthrange(value.year, value.month)[1])
