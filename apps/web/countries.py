"""Country lookups for the pickers: names in English or Indonesian, aliases or typed codes → code."""

from __future__ import annotations

import re
import unicodedata

from apps.geo.models import Country, CountryAlias

_IN_PARENS = re.compile(r"\(([A-Za-z]{2,8})\)\s*$")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().replace("-", " ").split())


def picker_index() -> dict[str, str]:
    """Every name, alias and code (normalised) → country code; two queries."""
    index: dict[str, str] = {}
    rows = list(Country.objects.values_list("code", "name", "names"))
    for code, _name, _names in rows:
        index[_norm(code)] = code
    for code, name, names in rows:
        for value in [name, *(names or {}).values()]:
            if value:
                index.setdefault(_norm(value), code)
    for code, alias in CountryAlias.objects.filter(weak=False).values_list("country_id", "name"):
        index.setdefault(_norm(alias), code)
    return index


def resolve(text: str, index: dict[str, str]) -> str | None:
    """The code a person meant by "Korea Selatan", "South Korea", "kr" or "Indonesia (ID)"."""
    text = text.strip()
    if not text:
        return None
    match = _IN_PARENS.search(text)
    if match and _norm(match.group(1)) in index:
        return index[_norm(match.group(1))]
    return index.get(_norm(text))


def picker_choices(language: str) -> list[tuple[str, str]]:
    """(code, localised name) for the datalist, sorted by the name people read."""
    rows = [
        (c.code, c.localized_name(language)) for c in Country.objects.only("code", "name", "names", "kind")
    ]
    return sorted(rows, key=lambda r: _norm(r[1]))
