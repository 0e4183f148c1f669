"""Language of an article: script first (Hangul, kana, Han), then py3langid over six languages."""

from __future__ import annotations

import re
from functools import cache

LANGUAGES = ["id", "en", "ms", "ko", "zh", "ja"]
SAMPLE = 600
LANGID_SAMPLE = 400
# Words that make a sample English at once (langid is only needed among id, ms and the rest).
_ENGLISH = re.compile(r"\b(?:the|and|of|to|is|was|with|that|for|on|has|have|said)\b")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LETTER = re.compile(r"[^\W\d_]")


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
    letters = len(_LETTER.findall(sample)) or 1
    if hangul / letters > 0.2:
        return "ko"
    if kana / letters > 0.05:
        return "ja"
    if han / letters > 0.2:
        return "zh"
    if len(_ENGLISH.findall(sample)) * 12 > len(sample.split()):
        return "en"
    return _identifier().classify(sample[:LANGID_SAMPLE])[0]
