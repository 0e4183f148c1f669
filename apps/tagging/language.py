"""Language of an article: script first (Hangul, kana, Han), then py3langid over six languages."""

from __future__ import annotations

from functools import cache

LANGUAGES = ["id", "en", "ms", "ko", "zh", "ja"]
SAMPLE = 1000


@cache
def _identifier():
    from py3langid import langid

    identifier = langid._load_identifier()  # our own instance: set_languages would change the shared one
    identifier.set_languages(LANGUAGES)
    return identifier


def detect_language(text: str) -> str:
    sample = text[:SAMPLE]
    hangul = kana = han = 0
    for ch in sample:
        code = ord(ch)
        if 0xAC00 <= code <= 0xD7AF:
            hangul += 1
        elif 0x3040 <= code <= 0x30FF:
            kana += 1
        elif 0x4E00 <= code <= 0x9FFF:
            han += 1
    letters = sum(ch.isalpha() for ch in sample) or 1
    if hangul / letters > 0.2:
        return "ko"
    if kana / letters > 0.05:
        return "ja"
    if han / letters > 0.2:
        return "zh"
    return _identifier().classify(sample)[0]
