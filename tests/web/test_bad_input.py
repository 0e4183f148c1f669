"""Bad input answers 400 with a message naming the problem, on the HTML pages and in every export."""

from __future__ import annotations

import json

import pytest

from tests.web.builders import make_event

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/", "/pairs/", "/events.csv", "/events.json", "/events.atom"]

BAD = [
    ("pair=XX-KR", "pair", "XX"),
    ("pair=KR", "pair", "CN-KR"),
    ("pair=KR-KR", "pair", "itself"),
    ("pair=ID-KR-CN", "pair", "CN-KR"),
    ("pair=ID-K%27R", "pair", "CN-KR"),
    ("country=ZZ", "country", "ZZ"),
    ("country=K%27R", "country", "K'R"),
    ("kind=treaty", "kind", "treaty"),
    ("topic=astrology", "topic", "astrology"),
    ("actor=nobody", "actor", "nobody"),
    ("from=2025-13-01", "from", "YYYY-MM-DD"),
    ("from=yesterday", "from", "YYYY-MM-DD"),
    ("to=2025-02-30", "to", "YYYY-MM-DD"),
    ("from=2025-05-01&to=2025-04-01", "to", "before"),
    ("status=rejected", "status", "rejected"),
    ("ordering=-id", "ordering", "Unknown parameter"),
    ("date__gte=2020-01-01", "date__gte", "Unknown parameter"),
    ("parties__code=KR", "parties__code", "Unknown parameter"),
    ("q=" + "x" * 500, "q", "200"),
]


@pytest.fixture
def one_event(world):
    return make_event("Only event", parties=("ID", "KR"))


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(("query", "param", "hint"), BAD)
def test_bad_value_answers_400_naming_the_parameter(client, one_event, endpoint, query, param, hint):
    response = client.get(f"{endpoint}?{query}")
    assert response.status_code == 400, (endpoint, query)
    body = _body(response)
    assert param in body
    assert hint.replace("'", "&#x27;") in body or hint in body
    assert "Only event" not in body  # never the unfiltered list


def test_json_export_error_is_json(client, one_event):
    response = client.get("/events.json?kind=treaty")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "kind" in json.loads(response.content)["error"]


def test_two_thousand_parameters_answer_400(client, one_event):
    query = "&".join(f"kind=agreement&x{i}=1" for i in range(1000))
    for endpoint in ENDPOINTS:
        response = client.get(f"{endpoint}?{query}")
        assert response.status_code == 400
        assert "parameters" in _body(response).lower() or "Too many" in _body(response)


def test_too_many_values_of_one_parameter_answer_400(client, one_event):
    response = client.get("/?" + "&".join(["kind=agreement"] * 25))
    assert response.status_code == 400
    assert "kind" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "99999999999"])
def test_malformed_page_answers_400_naming_page(client, one_event, page):
    response = client.get(f"/?page={page}")
    assert response.status_code == 400
    assert "page" in response.content.decode()


def test_csv_format_must_be_known(client, one_event):
    response = client.get("/events.csv?format=xlsx")
    assert response.status_code == 400
    assert "format" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/actors/?kind=alien",
        "/actors/?country=ZZ",
        "/actors/?sort=name",
        "/articles/?country=ZZ",
        "/articles/?language=%27%3B--",
        "/articles/?page=x",
    ],
)
def test_directory_pages_refuse_bad_parameters(client, one_event, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.content.decode().count("bad-request-message") == 1


def test_unknown_country_page_is_404_and_unknown_event_is_404(client, one_event):
    assert client.get("/countries/ZZ/").status_code == 404
    assert client.get("/events/999999/").status_code == 404
    assert client.get("/articles/999999/").status_code == 404
    assert client.get("/actors/nobody/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/?topic=%00", "/?q=a%00b", "/?actor=x%00", "/?a=Indo%00nesia&b=KR", "/events.csv?country=K%00R",
        "/events.json?topic=ai%00", "/actors/?q=%00", "/articles/?country=%00", "/pairs/?kind=%00",
    ],
)  # fmt: skip
def test_null_characters_answer_400_not_a_database_error(client, one_event, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "null" in _body(response).lower()


WEIRD = [
    "", " ", "%", "'", '"', "\\", "--", "1;DROP TABLE x", "ÿ", "🇮🇩", "a" * 3000, "-", "ID-", "-KR", "0", "-1",
    "2025-02-29", "9999-12-31", "0001-01-01", "%25", "null", "[]", "{}", "ID-KR-", "ASEAN-EU",
]  # fmt: skip
PARAMS = [
    "pair",
    "country",
    "kind",
    "topic",
    "actor",
    "from",
    "to",
    "q",
    "status",
    "page",
    "a",
    "b",
    "format",
]


@pytest.mark.parametrize("endpoint", ["/", "/pairs/", "/events.csv", "/events.json", "/events.atom"])
def test_no_value_of_any_parameter_causes_a_server_error(client, one_event, endpoint):
    from urllib.parse import urlencode

    for param in PARAMS:
        for value in WEIRD:
            response = client.get(f"{endpoint}?{urlencode({param: value})}")
            assert response.status_code in (200, 302, 400), (
                endpoint,
                param,
                value[:20],
                response.status_code,
            )
            if response.streaming:
                b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("endpoint", "params"),
    [("/actors/", ["q", "kind", "country", "page"]), ("/articles/", ["q", "language", "country", "page"])],
)
def test_no_value_of_a_directory_parameter_causes_a_server_error(client, one_event, endpoint, params):
    from urllib.parse import urlencode

    for param in params:
        for value in WEIRD:
            response = client.get(f"{endpoint}?{urlencode({param: value})}")
            assert response.status_code in (200, 400), (endpoint, param, value[:20], response.status_code)
