"""Search in each language: stemmed and accent-folded in the language each text is written in,
by prefix for search-as-you-type, best matches (the name) first."""

import pytest

from tests.core.test_translation import translated_organisation
from tests.directory.conftest import sector
from tests.directory.test_directory_filters import listed

pytestmark = pytest.mark.django_db

DIRECTORIES = {"en": "/en/directory/", "fr": "/fr/annuaire/", "de": "/de/verzeichnis/"}


@pytest.fixture(scope="module")
def multilingual(atlas, django_db_blocker):
    with django_db_blocker.unblock():
        _organisations(atlas)
    return atlas


def _organisations(site_tree):
    translated_organisation(
        site_tree,
        {
            "fr": {"summary": "Hébergement de données pour les associations, en France."},
            "de": {"summary": "Datenhosting für Vereine und Genossenschaften."},
        },
        title="Nuage Solidaire",
        summary="Data hosting for charities.",
        sector=sector("design"),  # no vocabulary says "hosting": only the texts do
        city="Lyon",
        country="FR",
    )
    translated_organisation(
        site_tree,
        {"fr": {"summary": "Une coopérative de développeurs qui forme les bénévoles."}},
        title="Codeurs Cooperative",
        summary="A developers' cooperative training volunteers.",
        sector=sector("training"),
        city="Vienna",
        country="AT",
    )
    translated_organisation(
        site_tree,
        title="Atelier Accessible",
        summary="Accessibility audits for public services in Vienna and beyond.",
        sector=sector("design"),
        city="Graz",
        country="AT",
    )


def search(client, language, query):
    return listed(client.get(DIRECTORIES[language], {"q": query}))


@pytest.mark.parametrize("query", ["hébergement", "heberg", "HEBERGEMENT", "Hébergements"])
def test_french_words_find_the_french_described_organisation(client, multilingual, query):
    assert search(client, "fr", query) == ["Nuage Solidaire"]


def test_french_stemming_and_accents_work_on_the_french_tree_only(client, multilingual):
    assert search(client, "fr", "données") == ["Nuage Solidaire"]
    assert search(client, "fr", "donnees") == ["Nuage Solidaire"]
    # The English tree has no French text.
    assert search(client, "en", "hébergement") == []
    assert search(client, "en", "hosting") == ["Nuage Solidaire"]


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_a_prefix_finds_cooperatives_in_every_language(client, multilingual, language):
    assert "Codeurs Cooperative" in search(client, language, "coope")


def test_a_prefix_finds_a_city_and_the_name_match_comes_first(client, multilingual):
    # "Vien…": Codeurs Cooperative is in Vienna, Atelier Accessible mentions Vienna; neither
    # has it in its name, so A–Z. "Atel" is in a name: that one comes first.
    assert search(client, "en", "Vien") == ["Atelier Accessible", "Codeurs Cooperative"]
    assert search(client, "en", "acc")[0] == "Atelier Accessible"


def test_german_stemming(client, multilingual):
    assert search(client, "de", "Genossenschaft") == ["Nuage Solidaire"]
    assert search(client, "de", "Vereinen") == ["Nuage Solidaire"]


def test_punctuation_only_finds_nothing_and_is_no_error(client, multilingual):
    assert search(client, "fr", "!!! ???") == []


def test_the_api_searches_by_prefix_too(client, multilingual):
    response = client.get("/api/v1/organisations", {"q": "coope"})
    assert response.status_code == 200
    assert [item["name"] for item in response.json()["results"]] == ["Codeurs Cooperative"]
