"""`manage.py seed_atlas`: a realistic, deterministic, idempotent demo atlas."""

import random
from io import StringIO

from django.core.management import CommandError, call_command

from wagtail.models import Page

import pytest

from demo import organisations as demo_data
from directory.choices import LegalFormFamily
from directory.models import DirectoryIndexPage, OrganisationPage, Sector, Service
from home.models import HomePage
from tests.directory.conftest import module_data
from tests.directory.test_directory_filters import listed

pytestmark = pytest.mark.django_db


def seed(*args):
    out = StringIO()
    call_command("seed_atlas", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        yield seed("--organisations", "60", "--seed", "3")


def english():
    return OrganisationPage.objects.filter(locale__language_code="en")


def test_seed_reports_what_it_created(seeded):
    assert "Demo atlas ready: 60 organisations created" in seeded


def test_seed_builds_the_site_tree_in_every_language(seeded, client):
    assert HomePage.objects.count() == 3  # English, French, German
    assert DirectoryIndexPage.objects.count() == 3
    for language in ("fr", "de"):
        aliases = OrganisationPage.objects.filter(
            locale__language_code=language, alias_of__isnull=False
        )
        assert aliases.count() == 60
        # Real translations for a share of them, the original for the others.
        translated = aliases.filter(**{"field_languages__summary": language}).count()
        assert 20 <= translated < 60
    assert "60 Organisationen" in client.get("/de/verzeichnis/").content.decode()
    assert client.get("/en/directory/").status_code == 200
    assert "60 organisations" in client.get("/fr/annuaire/").content.decode()


def test_seed_covers_25_countries_and_every_vocabulary(seeded):
    organisations = english()
    assert organisations.values("country").distinct().count() >= 25
    assert set(organisations.values_list("sector__slug", flat=True)) == set(
        Sector.objects.values_list("slug", flat=True)
    )
    assert set(organisations.values_list("legal_form", flat=True)) == set(LegalFormFamily.values)
    assert set(organisations.values_list("services__slug", flat=True)) == set(
        Service.objects.values_list("slug", flat=True)
    )
    assert organisations.filter(supports_transition=True, provides_tools=False).exists()
    assert organisations.filter(supports_transition=False, provides_tools=True).exists()
    assert organisations.filter(supports_transition=True, provides_tools=True).exists()
    assert not organisations.filter(supports_transition=False, provides_tools=False).exists()


def test_seed_has_8_to_10_sectors_with_accessible_colours(seeded):
    sectors = Sector.objects.filter(locale__language_code="en")
    assert 8 <= sectors.count() <= 10
    assert len({sector.colour.lower() for sector in sectors}) == sectors.count()
    for sector in sectors:
        sector.full_clean()


def test_seeded_organisations_are_valid_and_located(seeded):
    for page in english().select_related("sector")[:60]:
        page.full_clean()
        if not page.online_only:
            assert -90 <= page.latitude <= 90 and -180 <= page.longitude <= 180
            assert page.location


def test_seeding_twice_creates_nothing_new(seeded):
    pages = Page.objects.count()
    titles = list(english().order_by("pk").values_list("title", flat=True))
    output = seed("--organisations", "60", "--seed", "3")
    assert "0 organisations created" in output
    assert Page.objects.count() == pages
    assert list(english().order_by("pk").values_list("title", flat=True)) == titles


def test_seeding_more_adds_only_what_is_missing(seeded):
    output = seed("--organisations", "65", "--seed", "3")
    assert "5 organisations created" in output
    assert english().count() == 65
    assert english().values("slug").distinct().count() == 65


def test_same_seed_gives_the_same_titles_and_coordinates(seeded):
    """The atlas in the database is exactly what seed 3 draws, row by row."""
    sector_slugs = [row[0] for row in demo_data.SECTORS]
    service_slugs = [row[0] for row in demo_data.SERVICES]

    def draw(seed_value):
        rng = random.Random(seed_value)
        rows = [demo_data.organisation_data(rng, i, sector_slugs, service_slugs) for i in range(60)]
        return {r["source_record_id"]: (r["title"], r["latitude"], r["longitude"]) for r in rows}

    stored = {
        record: (title, lat, lng)
        for record, title, lat, lng in english().values_list(
            "source_record_id", "title", "latitude", "longitude"
        )
    }
    assert stored == draw(3)
    assert draw(3) == draw(3)
    assert draw(4) != draw(3)


def test_if_empty_does_nothing_when_organisations_exist(seeded):
    pages = Page.objects.count()
    output = seed("--organisations", "10", "--seed", "9", "--if-empty")
    assert "nothing to seed" in output
    assert Page.objects.count() == pages


def test_negative_count_is_refused(db):
    with pytest.raises(CommandError, match="zero or more"):
        seed("--organisations", "-1")


def test_page_tree_has_no_problems_after_seeding(seeded):
    out = StringIO()
    call_command("fixtree", "--noinput", stdout=out)
    report = out.getvalue()
    assert "Checking page tree for problems..." in report
    assert report.count("No problems found.") == 2  # pages and collections
    assert "Incorrect" not in report and "Orphaned" not in report
    bad = Page.find_problems()
    assert all(not problem for problem in bad), bad


def test_seeded_organisations_are_findable_by_search(seeded, client):
    page = english().exclude(city="").order_by("pk")[7]
    results = listed(client.get("/en/directory/", {"q": page.title}))
    assert page.title in results
    results = listed(client.get("/en/directory/", {"q": page.city}))
    assert page.title in results
    assert page.title in listed(client.get("/fr/annuaire/", {"q": page.title}))


def test_seeded_organisations_are_found_by_search_in_both_languages(seeded, client):
    organisation = english().order_by("pk").first()
    word = max(organisation.title.split(), key=len)
    for url in ("/en/directory/", "/fr/annuaire/"):
        assert organisation.title in listed(client.get(url, {"q": word})), url
