"""The article as the pipeline sees it: title and body in one string, sentences, paragraphs, and
the stretches to ignore (page furniture, captions, bylines, quotations).

Offsets everywhere in the pipeline are offsets into `Doc.text` (title, blank line, body); the
`body_offset` converts them to offsets into the stored article text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

# A line that starts the page furniture after the article: everything from it on is ignored.
_FURNITURE_END = re.compile(
    r"^[ \t]*(?:[▶►■●▲▷◆※☞>*•·|-]+[ \t]*)?(?:post a comment|berita terkait|berita berkaitan|artikel berkaitan"
    r"|baca juga\s*:?|lihat juga|simak juga|komentar anda|tags?\s*:?|rekomendasi artikel|artikel terkait"
    r"|related(?: (?:articles?|news|stories|coverage))?\s*:?|read more\b|more from\b|trending\s*$"
    r"|lebih baru lebih lama|share this|bagikan artikel|관련\s?기사|相关(?:新闻|阅读|文章)|関連記事"
    r"|copyright\b|©|ⓒ|<?저작권자|enditem"
    r"|spesifikasi ringkas|more [A-Z]+\s*$)",
    re.IGNORECASE | re.MULTILINE,
)
# Lines that are not part of the story: bylines, photo credits, captions, "read also" links.
_SKIP_LINE = re.compile(
    r"^[ \t]*(?:(?:penulis|author|reporter|wartawan|editor|oleh|foto|photo|ilustrasi|baca juga|read also"
    r"|sumber|source|caption|pewarta|laporan)\b[^\n]*"
    r"|by\s+[^\n.]{2,60}"
    r"|\[(?:사진|사진설명|그래픽|표)\][^\n]*|사진\s*=[^\n]*|[^\n]{0,40}기자\s*\|[^\n]*|[\w.+-]+@[\w-]+\.[\w.-]+"
    r"|图[为片][：:][^\n]*|（(?:图|记者)[^\n]{0,30}）"
    r"|[^\n]*\((?:foto|photo|dok|sumber|사진)\s*[:|/=][^\n]*\)\.?[ \t]*)$",
    re.IGNORECASE | re.MULTILINE,
)
# Sentence ends: terminal punctuation (with closing quotes) followed by space, or a line break.
_SENTENCE_MARK = re.compile(r"[.!?。！？\n]")
_TERMINAL_RUN = re.compile(r"[.!?。！？]*[\"'”’)\]]*")
_NEWLINES = re.compile(r"\n*")
_NON_WORD = re.compile(r"[^\w ]")  # spaces are left alone: half the work of \W
_QUOTE = re.compile(r"[\"“”„][^\"“”„\n]{3,}[\"“”„]|「[^」\n]{3,}」")

# Words written with a full stop that does not end the sentence ("Oct. 9", "Mr. Kim", "No. 5").
_ABBREVIATIONS = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mr", "mrs", "ms",
    "dr", "prof", "st", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt", "no", "nos", "jl", "mt",
    "vs", "u.s", "u.k", "e.g", "i.e", "tel", "approx", "est", "dato", "tan", "sdn", "bhd", "pte",
}  # fmt: skip


def _abbreviation(text: str, dot: int, limit: int) -> bool:
    """A full stop after an abbreviation, or one followed by a number or a small letter, ends nothing."""
    following = text[dot + 2 : dot + 3] if dot + 2 < limit else ""
    if following and (following.isdigit() or following.islower()):
        return True
    word = (
        text[max(0, dot - 6) : dot].rsplit(None, 1)[-1].lower() if text[max(0, dot - 6) : dot].strip() else ""
    )
    return word in _ABBREVIATIONS


CJK_RANGES = ((0x1100, 0x11FF), (0x3040, 0x30FF), (0x3400, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF))


_HANGUL = re.compile("[\uac00-\ud7af]")
_HAN = re.compile("[\u4e00-\u9fff]")


def has_hangul(text: str) -> bool:
    return _HANGUL.search(text) is not None


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def is_cjk_char(ch: str) -> bool:
    """Hangul, kana and Han: scripts written without spaces between words."""
    code = ord(ch)
    if code < 0x1100:
        return False
    return any(lo <= code <= hi for lo, hi in CJK_RANGES)


def lower_same_length(text: str) -> str:
    """Lower-case text without changing its length, so offsets stay valid."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def blank_non_word(text: str) -> str:
    """Every character that is not a letter, digit or underscore turned into a space (same length)."""
    return _NON_WORD.sub(" ", text)


@dataclass
class Doc:
    """Title and body joined, with the structure the extractors need."""

    title: str
    body: str
    text: str = ""
    lower: str = ""
    prepared: str = ""  # matcher.prepare(text): what the automata run on
    body_offset: int = 0
    end: int = 0  # where the story ends (page furniture follows)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    sentence_starts: list[int] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    paragraph_starts: list[int] = field(default_factory=list)
    skipped: list[tuple[int, int]] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)
    memo: dict = field(default_factory=dict, repr=False)  # facts worked out once per article (the dateline)

    @classmethod
    def build(cls, title: str, body: str) -> Doc:
        title = " ".join(title.split())
        doc = cls(title=title, body=body)
        doc.text = f"{title}\n\n{body}"
        doc.body_offset = len(title) + 2
        doc.lower = lower_same_length(doc.text)
        doc.prepared = " " + blank_non_word(doc.lower) + " "
        furniture = _FURNITURE_END.search(doc.text, doc.body_offset + min(200, len(body) // 3))
        doc.end = furniture.start() if furniture else len(doc.text)
        doc.skipped = [m.span() for m in _SKIP_LINE.finditer(doc.text, doc.body_offset, doc.end)]
        doc.quotes = [m.span() for m in _QUOTE.finditer(doc.text, 0, doc.end)]
        doc._split()
        return doc

    def _split(self) -> None:
        # One character class to scan for (fast), then the run after it looked at here: terminal
        # punctuation and closing quotes end a sentence before a space; a line break always does.
        text, start, skip, limit = self.text, 0, 0, self.end
        for m in _SENTENCE_MARK.finditer(text, 0, limit):
            i = m.start()
            if i < skip:
                continue
            if text[i] == "\n":
                end, skip = i, _NEWLINES.match(text, i, limit).end()
            else:
                skip = end = _TERMINAL_RUN.match(text, i + 1, limit).end()
                if not (text[end - 1] in "。！？" or end >= len(text) or text[end].isspace()):
                    continue
                if text[i] == "." and end == i + 1 and _abbreviation(text, i, limit):
                    continue
            if text[start:end].strip():
                self.sentences.append(self._strip(start, end))
            start = skip
        if text[start : self.end].strip():
            self.sentences.append(self._strip(start, self.end))
        self.sentence_starts = [s for s, _ in self.sentences]
        start = 0
        for m in re.finditer(r"\n\s*\n|\n", text[: self.end]):
            if text[start : m.start()].strip():
                self.paragraphs.append((start, m.start()))
            start = m.end()
        if text[start : self.end].strip():
            self.paragraphs.append((start, self.end))
        self.paragraph_starts = [s for s, _ in self.paragraphs]

    def _strip(self, start: int, end: int) -> tuple[int, int]:
        chunk = self.text[start:end]
        left = len(chunk) - len(chunk.lstrip())
        right = len(chunk.rstrip())
        return start + left, start + right

    def has_hangul(self) -> bool:
        if "hangul" not in self.memo:
            self.memo["hangul"] = has_hangul(self.text)
        return self.memo["hangul"]

    def has_han(self) -> bool:
        if "han" not in self.memo:
            self.memo["han"] = has_han(self.text)
        return self.memo["han"]

    def in_title(self, pos: int) -> bool:
        return pos < self.body_offset

    def active(self, start: int, end: int) -> bool:
        """False inside the page furniture or a skipped line (byline, caption)."""
        if start >= self.end:
            return False
        if not self.skipped:
            return True
        i = bisect.bisect_right(self.skipped, (start, len(self.text) + 1)) - 1
        return i < 0 or end > self.skipped[i][1]

    def in_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quotes, (pos, len(self.text) + 1)) - 1
        return i >= 0 and pos < self.quotes[i][1]

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, pos) - 1)

    def sentence_text(self, index: int) -> str:
        start, end = self.sentences[index]
        return self.text[start:end]

    def paragraph_index(self, pos: int) -> int:
        i = bisect.bisect_right(self.paragraph_starts, pos) - 1
        if i >= 0 and pos < self.paragraphs[i][1]:
            return i
        return len(self.paragraphs)

    def to_body(self, start: int, end: int) -> tuple[int, int] | None:
        """Offsets in the stored article text, or None for a span in the title."""
        if start < self.body_offset:
            return None
        return start - self.body_offset, end - self.body_offset

    def word_before(self, pos: int, count: int = 1) -> str:
        """The `count` lower-cased words just before `pos` (for context rules)."""
        if count == 1:
            chunk = self.lower[max(0, pos - 30) : pos].rstrip()
            if not chunk or chunk[-1] in ",(":
                return chunk[-1:]
            word = chunk.rsplit(None, 1)[-1]
            if word.replace("-", "").replace("'", "").isalnum():
                return word
        if count == 2:
            return " ".join(self.lower[max(0, pos - 60) : pos].rsplit(None, 2)[-2:])
        chunk = self.lower[max(0, pos - 40 * count) : pos]
        words = re.findall(r"[\w'-]+|[,(]", chunk)
        return " ".join(words[-count:])
