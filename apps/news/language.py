"""Offline language detection, one function for storing and for reading articles: script first
(Hangul, kana, Han), then marker words, then py3langid restricted to the languages we expect."""

from __future__ import annotations

import re
from functools import cache

# Every language an article may be stored as, and the ones the extraction pipeline reads.
STORED = (
    "id",
    "en",
    "ko",
    "zh",
    "ja",
    "ms",
    "vi",
    "th",
    "tl",
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "nl",
    "ru",
    "pl",
)
READ = ("id", "en", "ms", "ko", "zh", "ja")
SAMPLE = 600
LANGID_SAMPLE = 400
MARKER_SAMPLE = 1500
# Words that make a sample English at once (langid is only needed among id, ms and the rest).
# Spellings and words that differ between Indonesian and Malay (proyek/projek, universitas/universiti,
# Senin/Isnin…).
_INDONESIAN_ONLY = {
    "karena", "pemerintah", "kemarin", "bisa", "sejumlah", "terkait", "bahwa", "dikatakan", "saat", "proyek",
    "universitas", "informasi", "kantor", "uang", "kualitas", "aktivitas", "komunitas", "senin", "kamis",
    "jumat", "agustus", "desember", "maret", "juni", "juli",
}  # fmt: skip
_MALAY_ONLY = {
    "kerana", "kerajaan", "semalam", "ialah", "iaitu", "boleh", "pelancongan", "sukan", "syarikat", "berkata",
    "menerusi", "manakala", "bahawa", "projek", "universiti", "maklumat", "pejabat", "wang", "kualiti",
    "aktiviti", "komuniti", "isnin", "khamis", "jumaat", "ogos", "disember", "mac", "julai", "semasa",
}  # fmt: skip
_ENGLISH = re.compile(r"\b(?:the|and|of|to|is|was|with|that|for|on|has|have|said)\b")
_CJK_ANY = re.compile(r"[\uac00-\ud7af\u3040-\u30ff\u4e00-\u9fff]")
_WORD = re.compile(r"\w+")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@cache
def _identifier(languages: tuple[str, ...]):
    from py3langid import langid

    identifier = langid._load_identifier()  # our own instance: set_languages would change the shared one
    identifier.set_languages(list(languages))
    return identifier


def detect_language(text: str, *, hint: str = "", languages: tuple[str, ...] = STORED) -> str:
    """The text's language among `languages` (ISO 639-1): script first (Hangul, kana, Han), English
    and the words that tell Indonesian from Malay, then py3langid. A text too short to tell gets the
    publisher's `hint`, as does one the model is unsure of."""
    hint = (hint or "").split("-")[0].split("_")[0].lower()[:8]
    if len(text.strip()) < 20:
        return hint
    sample = text[:SAMPLE]
    if _CJK_ANY.search(sample):
        letters = len(sample) - sample.count(" ") or 1
        if len(_HANGUL.findall(sample)) / letters > 0.2:
            return "ko"
        if len(_KANA.findall(sample)) / letters > 0.05:
            return "ja"
        if len(_HAN.findall(sample)) / letters > 0.2:
            return "zh"
    if len(_ENGLISH.findall(sample)) * 12 > sample.count(" ") + 1:
        return "en"
    words = _WORD.findall(text[:MARKER_SAMPLE].lower())
    # Words only one of Indonesian and Malay uses: a clear lead settles it without the model.
    indonesian = sum(map(_INDONESIAN_ONLY.__contains__, words))
    malay = sum(map(_MALAY_ONLY.__contains__, words))
    if indonesian >= 2 and not malay:
        return "id"
    if malay >= 2 and not indonesian:
        return "ms"
    code, probability = _identifier(languages).classify(sample[:LANGID_SAMPLE])
    return hint if probability < 0.5 and hint else code
