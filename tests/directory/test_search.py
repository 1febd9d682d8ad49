"""Full-text search in the directory (SQLite FTS5 or PostgreSQL full-text search)."""

import pytest

from tests.directory.conftest import add_organisation, sector
from tests.directory.test_directory_filters import DIRECTORY, listed

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def searchable(atlas, django_db_blocker):
    with django_db_blocker.unblock():
        add_organisation(
            atlas,
            title="Framasoft Solidaire",
            summary="Degooglisons les associations avec des outils libres.",
            city="Lyon",
            country="FR",
            services=["hosting"],
        )
        add_organisation(
            atlas,
            title="Kooperative Digitalwerk",
            summary="Beratung für Vereine, die ihre Arbeit mit Nextcloud organisieren.",
            city="Leipzig",
            country="DE",
            services=["change-management"],
            sector=sector("training"),
        )
        add_organisation(
            atlas,
            title="Accessible Futures",
            summary="Audits and workshops so that public services work for blind users.",
            city="Dublin",
            country="IE",
            services=["accessibility-audits"],
        )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Framasoft", ["Framasoft Solidaire"]),  # name
        ("framasoft", ["Framasoft Solidaire"]),  # case-insensitive
        ("Kooperative Digitalwerk", ["Kooperative Digitalwerk"]),  # several words
        ("Nextcloud", ["Kooperative Digitalwerk"]),  # summary
        ("workshops", ["Accessible Futures"]),  # summary
        ("Leipzig", ["Kooperative Digitalwerk"]),  # city
        ("Dublin", ["Accessible Futures"]),  # city
        ("Hosting", ["Framasoft Solidaire"]),  # service name
        ("Change management", ["Kooperative Digitalwerk"]),  # service name
        ("Accessibility audits", ["Accessible Futures"]),  # service name
        ("nothing-like-this-anywhere", []),
    ],
)
def test_search_finds_organisations_by_name_summary_city_and_service(
    client, searchable, query, expected
):
    assert listed(client.get(DIRECTORY, {"q": query})) == expected


def test_search_works_in_the_french_directory(client, searchable):
    assert listed(client.get("/fr/annuaire/", {"q": "Leipzig"})) == ["Kooperative Digitalwerk"]


def test_search_shows_the_query_and_a_way_to_remove_it(client, searchable):
    html = client.get(DIRECTORY, {"q": "Dublin"}).content.decode()
    assert 'value="Dublin"' in html
    assert "“Dublin”" in html
    assert "1 organisation" in html


def test_search_reflects_an_edit_once_published(client, atlas, searchable):
    page = add_organisation(atlas, title="Renamed Later", city="Tallinn", country="EE")
    assert listed(client.get(DIRECTORY, {"q": "Tallinn"})) == ["Renamed Later"]
    page.city = "Tartu"
    page.save_revision().publish()
    assert listed(client.get(DIRECTORY, {"q": "Tallinn"})) == []
    assert listed(client.get(DIRECTORY, {"q": "Tartu"})) == ["Renamed Later"]


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "Lyon*",
        "*",
        "-",
        "OR",
        "AND OR NOT",
        "NEAR(a b)",
        "a:b",
        "(((",
        "'; DROP TABLE wagtailcore_page; --",
        "<script>alert(1)</script>",
        "ü" * 500,
        "   ",
        "\x00",
    ],
)
def test_search_syntax_characters_never_cause_an_error(client, searchable, query):
    response = client.get(DIRECTORY, {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_search_escapes_the_query_in_the_page(client, searchable):
    html = client.get(DIRECTORY, {"q": '"><img src=x onerror=alert(1)>'}).content.decode()
    assert "<img src=x" not in html
    assert "&gt;&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("K", ["Kooperative Digitalwerk"]),  # one letter: the word being typed, as a prefix
        ("Ko", ["Kooperative Digitalwerk"]),
        ("Koop", ["Kooperative Digitalwerk"]),
        ("Kooperative D", ["Kooperative Digitalwerk"]),
        ("Kooperative L", ["Kooperative Digitalwerk"]),  # Leipzig
        ("Kooperative X", []),
    ],
)
def test_the_last_word_is_matched_as_a_prefix_even_one_letter_long(
    client, searchable, query, expected
):
    """Search-as-you-type (issue 13): "h", "ho", "hos"… keep finding what "hosting" finds."""
    assert listed(client.get(DIRECTORY, {"q": query})) == expected
