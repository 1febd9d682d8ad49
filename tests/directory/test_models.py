"""Model validation: what editors are told when an organisation or a sector is wrong."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import translation

import pytest

from directory.factories import SectorFactory
from directory.models import Language, OrganisationPage, Sector
from directory.validators import contrast_ratio, format_geo_point, parse_geo_point
from tests.directory.conftest import add_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(atlas):
    return add_organisation(atlas, title="Valid Coop", alias=False)


def errors_of(instance):
    """The field errors full_clean() reports, as {field: [messages]}."""
    with pytest.raises(ValidationError) as raised:
        instance.full_clean()
    return raised.value.message_dict


# --- Organisation ---
def test_a_complete_organisation_is_valid(organisation):
    organisation.full_clean()


def test_summary_is_required(organisation):
    organisation.summary = ""
    assert "summary" in errors_of(organisation)


def test_summary_is_at_most_300_characters(organisation):
    organisation.summary = "x" * 300
    organisation.full_clean()
    organisation.summary = "x" * 301
    assert "at most 300 characters" in errors_of(organisation)["summary"][0]


def test_at_least_one_role_is_required(organisation):
    organisation.supports_transition = organisation.provides_tools = False
    assert "Choose at least one role" in errors_of(organisation)["supports_transition"][0]


@pytest.mark.parametrize(("support", "tools"), [(True, False), (False, True), (True, True)])
def test_either_or_both_roles_are_accepted(organisation, support, tools):
    organisation.supports_transition, organisation.provides_tools = support, tools
    organisation.full_clean()


def test_location_from_the_map_widget_sets_latitude_and_longitude(organisation):
    organisation.location = "SRID=4326;POINT(2.3522 48.8566)"
    organisation.full_clean()
    assert (organisation.latitude, organisation.longitude) == (48.8566, 2.3522)


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("SRID=4326;POINT(2.35 91)", "Latitude must be between -90 and 90"),
        ("SRID=4326;POINT(2.35 -90.5)", "Latitude must be between -90 and 90"),
        ("SRID=4326;POINT(181 48.85)", "Longitude must be between -180 and 180"),
        ("SRID=4326;POINT(-180.01 48.85)", "Longitude must be between -180 and 180"),
        ("somewhere near Lyon", "Pick the location on the map"),
        ("SRID=4326;POINT(2.35)", "Pick the location on the map"),
        ("SRID=4326;POINT(abc def)", "Pick the location on the map"),
        ("<script>alert(1)</script>", "Pick the location on the map"),
    ],
)
def test_invalid_location_is_a_field_error_on_location(organisation, location, message):
    organisation.location = location
    errors = errors_of(organisation)
    assert list(errors) == ["location"]
    assert message in errors["location"][0]


@pytest.mark.parametrize(
    "location",
    ["SRID=4326;POINT(180 90)", "SRID=4326;POINT(-180 -90)", " SRID=4326; POINT ( 0 0 ) "],
)
def test_locations_at_the_edges_of_the_ranges_are_accepted(organisation, location):
    organisation.location = location
    organisation.full_clean()
    assert organisation.has_location


def test_geo_point_round_trips_through_the_widget_format():
    assert parse_geo_point(format_geo_point(-33.8688, 151.2093)) == (-33.8688, 151.2093)


def test_online_only_clears_the_location(organisation):
    organisation.location = "SRID=4326;POINT(2.35 48.85)"
    organisation.online_only = True
    organisation.full_clean()
    assert organisation.location == ""
    assert organisation.latitude is None and organisation.longitude is None
    organisation.save()
    organisation.refresh_from_db()
    assert not organisation.has_location


def test_online_only_clears_the_location_even_without_full_clean(organisation):
    organisation.set_location(45.76, 4.83)
    organisation.online_only = True
    organisation.save()
    organisation.refresh_from_db()
    assert (organisation.location, organisation.latitude, organisation.longitude) == (
        "",
        None,
        None,
    )


def test_saving_keeps_the_numbers_in_step_with_the_widget_text(organisation):
    organisation.location = "SRID=4326;POINT(4.83 45.76)"
    organisation.latitude = organisation.longitude = None
    organisation.save()
    organisation.refresh_from_db()
    assert (organisation.latitude, organisation.longitude) == (45.76, 4.83)
    assert OrganisationPage.objects.filter(latitude__gt=45, longitude__lt=5).exists()


@pytest.mark.parametrize("year", [1799, date.today().year + 1, 0, 3000])
def test_founded_year_out_of_range_is_refused(organisation, year):
    organisation.founded_year = year
    assert "Enter a year between 1800 and" in errors_of(organisation)["founded_year"][0]


@pytest.mark.parametrize("year", [1800, 1901, date.today().year, None])
def test_founded_year_in_range_is_accepted(organisation, year):
    organisation.founded_year = year
    organisation.full_clean()


@pytest.mark.parametrize("url", ["not a url", "javascript:alert(1)", "ftp//example.org", "http://"])
def test_invalid_website_url_is_refused(organisation, url):
    organisation.website = url
    assert "website" in errors_of(organisation)


def test_invalid_public_email_is_refused(organisation):
    organisation.email = "contact at example.org"
    assert "email" in errors_of(organisation)


# --- Sector ---
def sector_with(colour, atlas):
    return Sector(name="Test sector", slug="test-sector", colour=colour, locale=atlas.en)


@pytest.mark.parametrize("colour", ["#fff000", "#ffffff", "#969696", "#959595", "#FFE4E1"])
def test_low_contrast_sector_colour_is_refused_with_its_ratio(atlas, colour):
    message = errors_of(sector_with(colour, atlas))["colour"][0]
    assert f"contrast of {contrast_ratio(colour, '#ffffff'):.2f}:1 against white" in message
    assert "at least 3:1" in message


@pytest.mark.parametrize("colour", ["red", "#12345", "#1234567", "1f6f8b", "#GGGGGG", "", "#fff"])
def test_malformed_sector_colour_is_refused(atlas, colour):
    message = errors_of(sector_with(colour, atlas))["colour"][0]
    assert "six hexadecimal digits" in message or "This field cannot be blank" in message


@pytest.mark.parametrize("colour", ["#1f6f8b", "#0b6e4f", "#000000", "#949494", "#E11D48"])
def test_sector_colour_with_enough_contrast_is_accepted(atlas, colour):
    sector_with(colour, atlas).full_clean()


def test_every_demo_sector_colour_passes_the_contrast_rule(atlas):
    for sector in Sector.objects.all():
        sector.full_clean()
    assert Sector.objects.count() >= 16  # 8–10 sectors, in English and French


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_sector_slug_is_unique_per_locale(atlas):
    SectorFactory(slug="unique-slug", locale=atlas.en)
    duplicate = Sector(name="Other", slug="unique-slug", colour="#1f6f8b", locale=atlas.en)
    assert errors_of(duplicate)


@pytest.mark.parametrize(
    ("code", "english", "french"),
    [
        ("de", "German", "Allemand"),
        ("mt", "Maltese", "Maltais"),
        ("oc", "Occitan", "Occitan"),
        ("nb", "Norwegian Bokmål", "Norvégien bokmål"),
    ],
)
def test_languages_are_named_in_the_readers_language_even_when_django_lacks_them(
    code, english, french
):
    with translation.override("en"):
        assert Language(code=code).name == english
    with translation.override("fr"):
        assert Language(code=code).name == french
