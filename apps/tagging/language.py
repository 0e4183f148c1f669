"""Language of an article: script first (Hangul, kana, Han), then py3langid over six languages."""

from __future__ import annotations

import re
from functools import cache

LANGUAGES = ["id", "en", "ms", "ko", "zh", "ja"]
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
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@cache
def _identifier():
    from py3langid import langid

    identifier = langid._load_identifier()  # our own instance: set_languages would change the shared one
    identifier.set_languages(LANGUAGES)
    return identifier


def detect_language(text: str) -> str:
    sample = text[:SAMPLE]
    hangul = len(_HANGUL.findall(sample))
    kana = len(_KANA.findall(sample))
    han = len(_HAN.findall(sample))
    letters = len(sample) - sample.count(" ") or 1
    if hangul / letters > 0.2:
        return "ko"
    if kana / letters > 0.05:
        return "ja"
    if han / letters > 0.2:
        return "zh"
    words = sample.lower().split()
    if len(_ENGLISH.findall(sample)) * 12 > len(words):
        return "en"
    words = text[:MARKER_SAMPLE].lower().split()
    # Words only one of Indonesian and Malay uses: a clear lead settles it without the model.
    indonesian = sum(w.strip(".,;:()\"'") in _INDONESIAN_ONLY for w in words)
    malay = sum(w.strip(".,;:()\"'") in _MALAY_ONLY for w in words)
    if indonesian >= 2 and not malay:
        return "id"
    if malay >= 2 and not indonesian:
        return "ms"
    return _identifier().classify(sample[:LANGID_SAMPLE])[0]
