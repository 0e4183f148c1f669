"""Country and bloc reference data generated from CLDR (through Babel), not typed by hand."""

from __future__ import annotations

from babel import Locale

from apps.geo.models import NAME_LANGUAGES

# CLDR locale used for each of our language codes (Chinese names in simplified script).
CLDR_LOCALES = {lang: ("zh_Hans" if lang == "zh" else lang) for lang in (*NAME_LANGUAGES, "vi", "th")}

# Two-letter CLDR territories that are not ISO 3166-1 countries (exceptional reservations,
# groupings, private-use and unknown codes).
NOT_ISO_COUNTRIES = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}

ASEAN_MEMBERS = ["BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "TL", "VN"]  # Timor-Leste since 2025
EU_MEMBERS = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
]  # fmt: skip

# ASEAN is not a CLDR territory: these are its usual names in each language's press.
ASEAN_NAMES = {
    "en": "ASEAN",
    "id": "ASEAN",
    "ms": "ASEAN",
    "ko": "아세안",
    "zh": "东盟",
    "ja": "ASEAN",
    "vi": "ASEAN",
    "th": "อาเซียน",
}


def _territory_names(code: str) -> dict[str, str]:
    names = {}
    for lang, locale_id in CLDR_LOCALES.items():
        name = Locale.parse(locale_id).territories.get(code)
        if name:
            names[lang] = name
    return names


def country_records() -> list[dict]:
    """Every ISO 3166-1 country and the blocs, in the format of fixtures/countries.json."""
    english = Locale.parse("en").territories
    records = []
    for code in sorted(english):
        if len(code) != 2 or not code.isalpha() or code in NOT_ISO_COUNTRIES:
            continue
        names = _territory_names(code)
        records.append({"code": code, "kind": "country", "name": names["en"], "names": names, "members": []})
    records.append(
        {"code": "ASEAN", "kind": "bloc", "name": "ASEAN", "names": ASEAN_NAMES, "members": ASEAN_MEMBERS}
    )
    eu_names = _territory_names("EU")
    records.append(
        {"code": "EU", "kind": "bloc", "name": eu_names["en"], "names": eu_names, "members": EU_MEMBERS}
    )
    return records
