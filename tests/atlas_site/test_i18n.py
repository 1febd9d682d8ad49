"""French and English: redirects, translated pages and interface, language switcher, hreflang."""

import re
from pathlib import Path

from django.conf import settings

import pytest

from tests.directory.conftest import add_organisation

pytestmark = pytest.mark.django_db

FRENCH_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.mo"


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("fr", "/fr/"),
        ("fr-FR,fr;q=0.9,en;q=0.8", "/fr/"),
        ("en", "/en/"),
        ("en-GB,en;q=0.9", "/en/"),
        ("de-DE,de;q=0.9", "/de/"),
        ("es-ES,es;q=0.9", "/en/"),  # a language the site does not have: the default
        ("", "/en/"),
    ],
)
def test_root_redirects_by_accept_language(client, atlas, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == expected
    assert client.get(expected).status_code == 200


def test_french_pages_are_french(client, atlas):
    home = client.get("/fr/").content.decode()
    assert '<html lang="fr">' in home
    assert "Atlas de la tech sociale" in home
    directory = client.get("/fr/annuaire/").content.decode()
    assert '<html lang="fr">' in directory
    assert "<h1>Annuaire</h1>" in directory
    assert "Toutes les organisations de l’Atlas." in directory
    assert '<meta property="og:locale" content="fr_FR">' in directory


def test_english_pages_are_english(client, atlas):
    directory = client.get("/en/directory/").content.decode()
    assert '<html lang="en">' in directory
    assert "<h1>Directory</h1>" in directory
    assert "Skip to main content" in directory


@pytest.mark.skipif(not FRENCH_CATALOGUE.exists(), reason="locale/fr is not compiled yet")
def test_french_interface_strings_are_translated(client, atlas):
    add_organisation(atlas, title="Coop Traduite", summary="Une coopérative.", location=(45.7, 4.8))
    directory = client.get("/fr/annuaire/").content.decode()
    for french in [
        "Aller au contenu principal",
        "Rechercher",
        "Trier par",
        "Appliquer les filtres",
        "Secteur",
        "Accompagnement à la transition numérique",
        "1 organisation",
    ]:
        assert french in directory, french
    assert "Skip to main content" not in directory
    assert "Apply filters" not in directory
    empty = client.get("/fr/annuaire/?q=introuvable").content.decode()
    assert "Aucune organisation ne correspond à ces filtres" in empty
    profile = client.get("/fr/annuaire/coop-traduite/").content.decode()
    assert "Pas encore vérifiée par l’équipe de modération." in profile
    assert "Not yet verified" not in profile
    missing = client.get("/fr/nulle-part/")
    assert missing.status_code == 404
    assert "Page introuvable" in missing.content.decode()


def switcher_links(html):
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    return {code: url for url, code in re.findall(r'<a href="([^"]*)" lang="(\w+)"', nav)}


def test_language_switcher_goes_to_the_translated_page(client, atlas):
    add_organisation(atlas, title="Coop Bilingue", location=(45.7, 4.8))
    assert switcher_links(client.get("/en/directory/").content.decode()) == {
        "en": "/en/directory/",
        "fr": "/fr/annuaire/",
        "de": "/de/verzeichnis/",
    }
    assert switcher_links(client.get("/fr/annuaire/coop-bilingue/").content.decode()) == {
        "en": "/en/directory/coop-bilingue/",
        "fr": "/fr/annuaire/coop-bilingue/",
        "de": "/de/",  # this helper made no German alias: the German home page
    }
    assert switcher_links(client.get("/fr/").content.decode()) == {
        "en": "/en/",
        "fr": "/fr/",
        "de": "/de/",
    }


def test_language_switcher_keeps_the_directory_filters(client, atlas):
    html = client.get("/en/directory/?country=FR&sort=updated").content.decode()
    assert switcher_links(html)["fr"] == "/fr/annuaire/?country=FR&amp;sort=updated"


def test_current_language_is_marked_in_the_switcher(client, atlas):
    html = client.get("/fr/annuaire/").content.decode()
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    assert re.search(r'lang="fr" hreflang="fr" aria-current="true"', nav)
    assert not re.search(r'lang="en" hreflang="en" aria-current', nav)


def test_hreflang_alternates_point_to_each_translation_with_a_default(client, atlas):
    head = client.get("/fr/annuaire/").content.decode().split("</head>")[0]
    assert '<link rel="canonical" href="http://localhost/fr/annuaire/">' in head
    assert '<link rel="alternate" hreflang="en" href="http://localhost/en/directory/">' in head
    assert '<link rel="alternate" hreflang="fr" href="http://localhost/fr/annuaire/">' in head
    x_default = '<link rel="alternate" hreflang="x-default" href="http://localhost/en/directory/">'
    assert x_default in head
    # Filters are not part of the canonical address; a page number is.
    head = client.get("/en/directory/?country=FR&page=2").content.decode().split("</head>")[0]
    assert '<link rel="canonical" href="http://localhost/en/directory/?page=2">' in head


def test_an_untranslated_page_has_no_hreflang_to_its_alias(client, atlas):
    add_organisation(atlas, title="Coop Alternative", location=(45.7, 4.8))
    head = client.get("/en/directory/coop-alternative/").content.decode().split("</head>")[0]
    canonical = '<link rel="canonical" href="http://localhost/en/directory/coop-alternative/">'
    assert canonical in head
    assert "hreflang" not in head  # the French alias shows the same English text
    assert canonical in client.get("/fr/annuaire/coop-alternative/").content.decode()
