"""The public directory: filters, facets, sorting, pagination, empty states and visibility."""

import re
from datetime import timedelta

from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from directory.models import OrganisationPage
from tests.directory.conftest import add_organisation, sector

pytestmark = pytest.mark.django_db

DIRECTORY = "/en/directory/"
CARD_TITLE_RE = re.compile(r'class="org-card__title"><a href="[^"]*">([^<]*)</a>')


def listed(response):
    """The organisation names shown as cards, in page order."""
    assert response.status_code == 200
    return CARD_TITLE_RE.findall(response.content.decode())


def counts(response, facet_name):
    """{value: count} of one facet's options as offered in the filter form."""
    facet = next(f for f in response.context["facets"] if f.name == facet_name)
    return {option.value: option.count for option in facet.options}


@pytest.fixture(scope="module")
def four_orgs(atlas, django_db_blocker):
    """Four organisations that differ on every facet, published a day apart (Delta newest)."""
    with django_db_blocker.unblock():
        orgs = {
            "Alpha Coop": add_organisation(
                atlas,
                title="Alpha Coop",
                summary="Alpha teaches permaculture of data to village associations.",
                city="Lyon",
                country="FR",
                legal_form="cooperative",
                supports_transition=True,
                provides_tools=False,
                services=["training"],
                languages=["fr"],
            ),
            "Bravo Verein": add_organisation(
                atlas,
                title="Bravo Verein",
                sector=sector("training"),
                city="Berlin",
                country="DE",
                legal_form="association",
                supports_transition=False,
                provides_tools=True,
                services=["hosting"],
                languages=["de", "en"],
            ),
            "Charlie Stiftung": add_organisation(
                atlas,
                title="Charlie Stiftung",
                sector=sector("open-source"),
                city="Hamburg",
                country="DE",
                legal_form="foundation",
                supports_transition=True,
                provides_tools=True,
                services=["hosting", "training"],
                languages=["de"],
            ),
            "Delta Sociale": add_organisation(
                atlas,
                title="Delta Sociale",
                sector=sector("design"),
                city="Milano",
                country="IT",
                legal_form="social_enterprise",
                supports_transition=True,
                provides_tools=False,
                online_only=True,
                services=["ux-design"],
                languages=["it", "en"],
            ),
        }
        now = timezone.now()
        ages = {"Delta Sociale": 1, "Charlie Stiftung": 2, "Bravo Verein": 3, "Alpha Coop": 30}
        for name, days in ages.items():
            OrganisationPage.objects.filter(translation_key=orgs[name].translation_key).update(
                last_published_at=now - timedelta(days=days)
            )
    return orgs


ALL = ["Alpha Coop", "Bravo Verein", "Charlie Stiftung", "Delta Sociale"]


def test_directory_lists_every_live_organisation_by_name(client, four_orgs):
    response = client.get(DIRECTORY)
    assert listed(response) == ALL
    assert "4 organisations" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sector=training", ["Bravo Verein"]),
        ("sector=open-source", ["Charlie Stiftung"]),
        ("country=DE", ["Bravo Verein", "Charlie Stiftung"]),
        ("country=de", ["Bravo Verein", "Charlie Stiftung"]),
        ("form=social_enterprise", ["Delta Sociale"]),
        ("form=cooperative", ["Alpha Coop"]),
        ("role=support", ["Alpha Coop", "Charlie Stiftung", "Delta Sociale"]),
        ("role=tools", ["Bravo Verein", "Charlie Stiftung"]),
        ("service=hosting", ["Bravo Verein", "Charlie Stiftung"]),
        ("service=ux-design", ["Delta Sociale"]),
        ("language=en", ["Bravo Verein", "Delta Sociale"]),
        ("language=fr", ["Alpha Coop"]),
    ],
)
def test_each_filter_alone_narrows_the_directory(client, four_orgs, query, expected):
    assert listed(client.get(f"{DIRECTORY}?{query}")) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=DE&role=support", ["Charlie Stiftung"]),
        ("country=DE&service=training", ["Charlie Stiftung"]),
        ("role=support&language=en", ["Delta Sociale"]),
        ("sector=training&country=FR", []),
        # Several values of one facet mean "any of them".
        ("country=FR&country=IT", ["Alpha Coop", "Delta Sociale"]),
        ("role=support&role=tools", ALL),
        ("service=hosting&service=ux-design&country=DE", ["Bravo Verein", "Charlie Stiftung"]),
        ("q=Hamburg&country=DE", ["Charlie Stiftung"]),
        ("q=Hamburg&country=FR", []),
        (
            "country=DE&form=foundation&role=tools&service=hosting&language=de&sector=open-source",
            ["Charlie Stiftung"],
        ),
    ],
)
def test_filters_combine(client, four_orgs, query, expected):
    assert listed(client.get(f"{DIRECTORY}?{query}")) == expected


def test_facet_counts_are_counted_within_the_current_results(client, four_orgs):
    response = client.get(f"{DIRECTORY}?country=DE")
    # Other facets count within the two German organisations…
    assert counts(response, "sector")["training"] == 1
    assert counts(response, "sector")["open-source"] == 1
    assert counts(response, "sector")["digital-inclusion"] == 0
    assert counts(response, "role") == {"support": 1, "tools": 2}
    assert counts(response, "service")["hosting"] == 2
    assert counts(response, "service")["ux-design"] == 0
    assert counts(response, "language")["de"] == 2
    assert counts(response, "language")["en"] == 1
    assert counts(response, "form")["foundation"] == 1
    assert counts(response, "form")["cooperative"] == 0
    # …while the country facet shows what choosing another country would give.
    assert counts(response, "country") == {"DE": 2, "FR": 1, "IT": 1}
    html = response.content.decode()
    assert re.search(r'<option value="DE" selected>Germany \(2\)</option>', html)
    assert re.search(r'<option value="hosting">Hosting \(2\)</option>', html)


def test_facet_counts_follow_the_search_query(client, four_orgs):
    response = client.get(f"{DIRECTORY}?q=Hamburg")
    assert counts(response, "country") == {"DE": 1}
    assert counts(response, "role") == {"support": 1, "tools": 1}


@pytest.mark.parametrize(
    "query",
    [
        "sector=no-such-sector",
        "country=ZZ",
        "country=",
        "form=limited-company",
        "role=both",
        "service=astrology",
        "language=xx",
        "sort=random",
        "colour=red",
        "sector=%00",
        "country=FRA",
        "page=",
    ],
)
def test_unknown_filter_values_are_ignored(client, four_orgs, query):
    response = client.get(f"{DIRECTORY}?{query}")
    assert listed(response) == ALL
    assert not response.context["directory_filter"].is_filtered or "q=" in query


def test_unknown_value_beside_a_valid_one_keeps_the_valid_filter(client, four_orgs):
    assert listed(client.get(f"{DIRECTORY}?country=ZZ&country=IT")) == ["Delta Sociale"]


def test_sort_by_last_update_puts_the_newest_first(client, four_orgs):
    response = client.get(f"{DIRECTORY}?sort=updated")
    assert listed(response) == ["Delta Sociale", "Charlie Stiftung", "Bravo Verein", "Alpha Coop"]
    assert '<option value="updated" selected>' in response.content.decode()


def test_sort_by_name_is_the_default(client, four_orgs):
    assert listed(client.get(f"{DIRECTORY}?sort=name")) == ALL
    assert listed(client.get(DIRECTORY)) == ALL


def test_empty_state_explains_and_offers_ways_out(client, four_orgs):
    response = client.get(f"{DIRECTORY}?country=DE&form=cooperative")
    html = response.content.decode()
    assert listed(response) == []
    assert "No organisation matches these filters" in html
    assert "0 organisations" in html
    assert "Try fewer filters" in html
    assert "Show every organisation" in html
    # Each active filter can be removed on its own, keeping the other.
    assert 'href="?form=cooperative"' in html
    assert 'href="?country=DE"' in html


def test_every_directory_state_is_a_shareable_url(client, four_orgs):
    """The filter form submits by GET, and its links keep the current state."""
    response = client.get(f"{DIRECTORY}?country=DE&sort=updated&q=Berlin")
    html = response.content.decode()
    assert re.search(r'<form class="directory-filters" method="get" action="/en/directory/"', html)
    assert 'value="Berlin"' in html
    assert '<option value="DE" selected>' in html
    # Removing the search keeps the country and the sort order.
    removal = re.search(r'<ul class="active-filters".*?</ul>', html, re.S).group(0)
    assert 'href="?country=DE&amp;sort=updated"' in removal
    assert listed(client.get(f"{DIRECTORY}?country=DE&sort=updated")) == [
        "Charlie Stiftung",
        "Bravo Verein",
    ]


# --- Visibility ---
def test_drafts_unpublished_and_private_organisations_are_never_listed(client, atlas, four_orgs):
    add_organisation(atlas, title="Visible Coop", city="Tartu", country="EE")
    unpublished = add_organisation(atlas, title="Withdrawn Coop", country="EE")
    unpublished.unpublish()
    add_organisation(atlas, title="Draft Coop", live=False, country="EE")
    private = add_organisation(atlas, title="Private Coop", alias=False, country="EE")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    private.copy_for_translation(atlas.fr, alias=True)

    expected = sorted([*ALL, "Visible Coop"])
    response = client.get(DIRECTORY)
    assert listed(response) == expected
    assert "5 organisations" in response.content.decode()
    # Hidden pages are not counted in the facets either.
    assert counts(response, "country")["EE"] == 1
    assert listed(client.get(f"{DIRECTORY}?country=EE")) == ["Visible Coop"]
    assert listed(client.get("/fr/annuaire/")) == expected
    assert listed(client.get("/fr/annuaire/?q=Coop")) == ["Alpha Coop", "Visible Coop"]
    assert client.get("/en/directory/withdrawn-coop/").status_code == 404
    assert client.get("/fr/annuaire/withdrawn-coop/").status_code == 404
    assert client.get("/en/directory/draft-coop/").status_code == 404
    assert client.get("/en/directory/private-coop/").status_code == 302
    assert client.get("/fr/annuaire/private-coop/").status_code == 302


def test_making_a_profile_private_later_hides_its_french_alias_too(client, atlas, four_orgs):
    page = add_organisation(atlas, title="Later Private Coop", country="EE")
    assert listed(client.get("/fr/annuaire/?country=EE")) == ["Later Private Coop"]

    restriction = PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert listed(client.get(f"{DIRECTORY}?country=EE")) == []
    assert listed(client.get("/fr/annuaire/?country=EE")) == []
    assert client.get("/fr/annuaire/later-private-coop/").status_code == 302

    restriction.delete()
    assert listed(client.get("/fr/annuaire/?country=EE")) == ["Later Private Coop"]
    assert client.get("/fr/annuaire/later-private-coop/").status_code == 200


def test_french_directory_lists_the_french_aliases(client, four_orgs):
    response = client.get("/fr/annuaire/")
    assert listed(response) == ALL
    html = response.content.decode()
    assert 'href="/fr/annuaire/alpha-coop/"' in html
    # The facet labels of translated vocabularies are in French.
    assert "Inclusion numérique" in html
    assert listed(client.get("/fr/annuaire/?country=DE&service=hosting")) == [
        "Bravo Verein",
        "Charlie Stiftung",
    ]
