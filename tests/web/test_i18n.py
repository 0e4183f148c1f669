"""Two languages: English and Indonesian from Accept-Language or the switcher, names and months included."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.web.builders import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(world):
    make_event("Indonesia and Korea sign AI MoU", parties=("ID", "KR"), date="2025-04-23")
    make_event(
        "China summons firms", parties=("CN", "KR"), kind="regulation", date="2021-03-01", precision="month"
    )


def test_indonesian_from_accept_language_translates_labels_months_and_country_names(client, events):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert '<html lang="id">' in html
    assert "Lini masa" in html and "Pasangan negara" in html and "Terapkan" in html
    assert "Korea Selatan" in html and "Tiongkok" in html  # country names in Indonesian
    assert "APRIL 2025" in html.upper() and "Maret 2021" in html  # month names
    assert "Perjanjian" in html and "Regulasi" in html  # kind badges
    assert "2 peristiwa" in html and "1 sumber" in html


def test_english_by_default(client, events):
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Timeline" in html and "South Korea" in html and "March 2021" in html and "2 events" in html


def test_language_switcher_sets_the_language(client, events):
    response = client.post("/i18n/setlang/", {"language": "id", "next": "/pairs/"})
    assert response.status_code == 302 and response["Location"] == "/pairs/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "id"
    html = client.get("/pairs/").content.decode()
    assert "Matriks pasangan" in html and "Korea Selatan" in html


def test_error_messages_are_translated(client, events):
    html = client.get("/?from=2025-05-01&to=2025-04-01", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Tanggal akhir sebelum tanggal mulai." in html and "to:" in html


def test_the_compiled_indonesian_catalogue_is_committed():
    mo = settings.BASE_DIR / "locale" / "id" / "LC_MESSAGES" / "django.mo"
    assert mo.exists() and mo.stat().st_size > 1000
