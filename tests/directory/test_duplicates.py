"""The one duplicate finder: the importer's index and the proposal form's look-up."""

import pytest

from directory.duplicates import DuplicateIndex, domain, normalise, similar_organisations
from tests.directory.conftest import add_organisation, seed_organisations

pytestmark = pytest.mark.django_db

LYON = (45.7640, 4.8357)
LYON_500_M = (45.7685, 4.8357)
VILLEURBANNE_4_KM = (45.7719, 4.8902)


# --- One normalisation ---


@pytest.mark.parametrize(
    "a, b",
    [
        ("Éducateurs du Numérique", "educateurs du numerique"),
        ("ÉDUCATEURS DU NUMÉRIQUE", "Educateurs Numerique"),
        ("SCIC Coop’Lib", "coop-lib scop"),
        ("Le Cœur des Ateliers", "coeur ateliers"),
        ("Straße der Vielfalt e.V.", "strasse vielfalt"),
        ("Alpha Ltd", "the alpha"),
    ],
)
def test_names_match_whatever_their_accents_case_punctuation_and_legal_form(a, b):
    assert normalise(a) == normalise(b) != ""


def test_a_name_of_legal_words_only_is_empty():
    assert normalise("Association SCIC") == ""
    assert normalise(None) == ""


@pytest.mark.parametrize(
    "url, host",
    [
        ("https://www.Alpha.example.coop/about", "alpha.example.coop"),
        ("alpha.example.coop/contact", "alpha.example.coop"),
        ("http://alpha.example.coop:8080", "alpha.example.coop"),
        ("https://www.facebook.com/alpha", ""),
        ("https://alpha.wordpress.com", ""),
        ("https://sites.google.com/view/alpha", ""),
        ("", ""),
        ("http://[broken", ""),
    ],
)
def test_website_domain_ignores_www_scheme_port_and_shared_hosts(url, host):
    assert domain(url) == host


# --- The importer's rules ---


def importer_index():
    index = DuplicateIndex()
    index.add("coop-libre", "Coop Libre SCIC", "Lyon", "https://www.coop-libre.example/about")
    index.add("faiseurs", "Les Faiseurs Numériques", "Villeurbanne", "", *LYON)
    index.add("on-facebook", "Somewhere Else", "Paris", "https://facebook.com/somewhere")
    return index


def reason(hit):
    return hit[1] if hit else None


def test_same_website_domain_is_a_duplicate_whatever_the_name():
    hit = importer_index().find("Another Name", "Nantes", "http://coop-libre.example")
    assert hit[0] == "coop-libre"
    assert reason(hit) == "same website domain (coop-libre.example)"


def test_a_shared_host_is_not_the_same_organisation():
    assert importer_index().find("Other", "Lille", "https://facebook.com/other") is None


def test_same_name_and_city_whatever_the_accents_and_legal_form():
    hit = importer_index().find("COOP LIBRE", "LYON")
    assert hit == ("coop-libre", "same name and city")
    assert importer_index().find("Coop Libre", "Marseille") is None


def test_similar_name_less_than_a_kilometre_away():
    index = importer_index()
    hit = index.find("Faiseurs Numerique", "Ailleurs", "", *LYON_500_M)
    assert hit == ("faiseurs", "similar name less than 1 km away")
    assert index.find("Faiseurs Numerique", "Ailleurs", "", *VILLEURBANNE_4_KM) is None
    assert index.find("Tout autre chose", "Lyon", "", *LYON_500_M) is None
    # Without a location the importer does not judge names alone.
    assert index.find("Faiseurs Numerique", "Ailleurs") is None


def test_the_first_organisation_added_is_the_one_found():
    index = DuplicateIndex()
    index.add(("page", 1), "Alpha", "Lyon", "https://alpha.example")
    index.add(("row", 2), "Alpha", "Lyon", "https://alpha.example")
    assert index.find("alpha", "lyon")[0] == ("page", 1)
    assert index.find("x", "", "https://alpha.example")[0] == ("page", 1)


def test_every_match_once_strongest_evidence_first():
    index = DuplicateIndex()
    index.add(1, "Alpha Commons", "Lyon", "https://alpha.example")
    index.add(2, "Alpha Commons", "Namur")
    index.add(3, "Alpha Common", "Brest")
    index.add(4, "Beta", "Lyon")
    found = list(index.matches("alpha commons", "namur", "https://alpha.example"))
    assert [ref for ref, _reason in found] == [1, 2]
    found = list(
        index.matches("alpha commons", "namur", "https://alpha.example", similar_anywhere=True)
    )
    assert found == [
        (1, "same website domain (alpha.example)"),
        (2, "same name and city"),
        (3, "similar name"),
    ]


# --- The proposal form's look-up ---


def titles(pages):
    return [page.title for page in pages]


def test_a_proposal_finds_an_organisation_whatever_its_accents(atlas):
    add_organisation(atlas, title="Éducateurs du Numérique", city="Namur")
    assert titles(similar_organisations("educateurs du numerique")) == ["Éducateurs du Numérique"]
    assert titles(similar_organisations("Educateur Numerique", city="Liège")) == [
        "Éducateurs du Numérique"
    ]
    assert similar_organisations("Numerique Solidaire Vaudois") == []


def test_a_proposal_finds_drafts_and_originals_never_their_aliases(atlas):
    live = add_organisation(atlas, title="Gamma Commons")
    draft = add_organisation(atlas, title="Gamma Common", live=False, alias=False)
    found = similar_organisations("Gamma Commons")
    assert [page.pk for page in found] == [live.pk, draft.pk]
    assert [page.live for page in found] == [True, False]


def test_a_proposal_finds_the_same_website_but_not_a_shared_host(atlas):
    add_organisation(atlas, title="Delta Lab", website="https://www.delta.example/about")
    add_organisation(atlas, title="Epsilon Lab", website="https://facebook.com/epsilon")
    assert titles(similar_organisations("Something New", "http://delta.example")) == ["Delta Lab"]
    assert similar_organisations("Something New", "https://facebook.com/someone") == []


def test_a_proposal_lists_at_most_the_limit(atlas):
    for n in range(4):
        add_organisation(atlas, title=f"Zeta Commons {n}", alias=False)
    assert len(similar_organisations("Zeta Commons", limit=3)) == 3


def test_the_look_up_costs_two_queries_however_many_organisations(
    atlas, django_assert_max_num_queries
):
    seed_organisations(atlas, 60)
    add_organisation(atlas, title="Éducateurs du Numérique", website="https://edu.example")
    with django_assert_max_num_queries(2):
        found = similar_organisations("educateurs du numerique", "https://edu.example/")
    assert "Éducateurs du Numérique" in titles(found)
    with django_assert_max_num_queries(1):
        assert similar_organisations("Zyxw Brand New", "https://zyxw.example") == []
    [page.url for page in found]  # warm the site root paths
    with django_assert_max_num_queries(0):
        assert all(page.url for page in found if page.live)
