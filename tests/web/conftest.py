"""Fixtures for the dashboard tests; the row builders live in tests/web/builders.py."""

from __future__ import annotations

import pytest

from apps.events.models import Topic
from apps.geo.models import Country
from tests.web.builders import COUNTRIES


@pytest.fixture
def world(db) -> dict[str, Country]:
    """A handful of countries, the ASEAN bloc and three topics."""
    made = {
        code: Country.objects.create(code=code, name=name, names=names)
        for code, (name, names) in COUNTRIES.items()
    }
    asean = Country.objects.create(
        code="ASEAN", kind="bloc", name="ASEAN", names={"en": "ASEAN", "id": "ASEAN"}
    )
    asean.members.add(made["ID"], made["SG"])
    made["ASEAN"] = asean
    for slug, name, name_id in (
        ("ai", "AI", "AI"),
        ("culture", "Culture", "Budaya"),
        ("music", "Music", "Musik"),
    ):
        Topic.objects.create(slug=slug, name=name, names={"en": name, "id": name_id})
    return made
