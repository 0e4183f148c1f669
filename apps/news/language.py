"""Offline language detection restricted to the languages this tracker reads (small and fast)."""

from __future__ import annotations

from functools import lru_cache

LANGUAGES = [
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
]


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(LANGUAGES)
    return identifier


def detect_language(title: str, text: str, *, hint: str = "") -> str:
    """ISO 639-1 code of the article, or the publisher's hint when the text is too short to tell."""
    sample = f"{title}\n{text}"[:2000].strip()
    hint = (hint or "").split("-")[0].split("_")[0].lower()[:8]
    if len(sample) < 20:
        return hint
    code, probability = _identifier().classify(sample)
    if probability < 0.5 and hint:
        return hint
    return code
