"""The Wagtail admin: editors get clear field errors; nothing is saved until the form is valid."""

from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest

from directory.models import Language, OrganisationPage, Sector, Service
from tests.directory.conftest import add_organisation, sector

pytestmark = pytest.mark.django_db


def organisation_form(**changes):
    """POST data of a complete, valid organisation form; a change to None leaves a field out."""
    data = {
        "title": "Coop des Communs",
        "slug": "coop-des-communs",
        "summary": "A cooperative that hosts open tools for associations in Lyon.",
        "description": rich_text("<p>Founded by <b>volunteers</b>.</p>"),
        "sector": sector("digital-inclusion").pk,
        "legal_form": "cooperative",
        "national_legal_form": "SCIC",
        "supports_transition": "on",
        # Tuples, not lists: nested_form_data would number a list's items like a formset's.
        "services": tuple(
            s.pk
            for s in Service.objects.filter(
                slug__in=["hosting", "training"], locale__language_code="en"
            )
        ),
        "scope": "regional",
        "languages": (Language.objects.get(code="fr").pk,),
        "website": "https://communs.example.org/",
        "email": "contact@communs.example.org",
        "phone": "+33 4 00 00 00 00",
        "social_links": inline_formset(
            [{"kind": "mastodon", "url": "https://social.coop/@communs", "ORDER": "1"}]
        ),
        "content_translations": inline_formset([]),
        "address": "1 rue de la République",
        "postcode": "69001",
        "city": "Lyon",
        "country": "FR",
        "location": "SRID=4326;POINT(4.8357 45.764)",
        "founded_year": "2014",
        "staff_size": "1-9",
        "open_source": "on",
        "source_licence": "CC0-1.0",
    }
    data.update(changes)
    return nested_form_data({key: value for key, value in data.items() if value is not None})


def add_url(tree):
    return reverse(
        "wagtailadmin_pages:add", args=["directory", "organisationpage", tree.directory.pk]
    )


def post_new_organisation(client, tree, **changes):
    data = organisation_form(**changes)
    data["action-publish"] = "action-publish"
    return client.post(add_url(tree), data)


def test_a_valid_organisation_is_created_published_and_aliased_in_french(admin_client, atlas):
    response = post_new_organisation(admin_client, atlas)
    assert response.status_code == 302
    page = OrganisationPage.objects.get(slug="coop-des-communs", locale=atlas.en)
    assert page.live
    assert (page.latitude, page.longitude) == (45.764, 4.8357)
    assert sorted(s.slug for s in page.services.all()) == ["hosting", "training"]
    assert page.social_links.get().url == "https://social.coop/@communs"
    # The French tree gets an alias at once (WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE).
    alias = OrganisationPage.objects.get(locale=atlas.fr, alias_of=page)
    assert alias.live
    assert "Coop des Communs" in admin_client.get("/fr/annuaire/").content.decode()
    assert admin_client.get("/en/directory/?q=Lyon").content.decode().count("Coop des Communs")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"summary": ""}, "summary", "This field is required."),
        ({"summary": "x" * 301}, "summary", "at most 300 characters"),
        ({"location": "SRID=4326;POINT(4.83 95)"}, "location", "Latitude must be between -90"),
        ({"location": "SRID=4326;POINT(200 45)"}, "location", "Longitude must be between -180"),
        ({"location": "near the river"}, "location", "Pick the location on the map"),
        ({"founded_year": "1700"}, "founded_year", "Enter a year between 1800 and"),
        ({"founded_year": "2999"}, "founded_year", "Enter a year between 1800 and"),
        ({"founded_year": "last year"}, "founded_year", "Enter a whole number."),
        ({"website": "communs dot org"}, "website", "Enter a valid URL."),
        ({"email": "contact at communs"}, "email", "Enter a valid email address."),
        ({"supports_transition": None}, "supports_transition", "Choose at least one role"),
        ({"sector": None}, "sector", "This field is required."),
        ({"country": "XX"}, "country", "Select a valid choice."),
    ],
)
def test_invalid_organisation_shows_a_field_error_and_saves_nothing(
    admin_client, atlas, changes, field, message
):
    pages_before = Page.objects.count()
    response = post_new_organisation(admin_client, atlas, **changes)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert message in response.content.decode().replace("&#x27;", "'")
    assert Page.objects.count() == pages_before


def test_invalid_social_link_url_is_a_field_error(admin_client, atlas):
    response = post_new_organisation(
        admin_client,
        atlas,
        social_links=inline_formset([{"kind": "mastodon", "url": "not a url", "ORDER": "1"}]),
    )
    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert not OrganisationPage.objects.filter(slug="coop-des-communs").exists()


def test_online_only_organisation_is_saved_without_a_location(admin_client, atlas):
    response = post_new_organisation(admin_client, atlas, online_only="on")
    assert response.status_code == 302
    page = OrganisationPage.objects.get(slug="coop-des-communs", locale=atlas.en)
    assert (page.location, page.latitude, page.longitude) == ("", None, None)


def test_editing_with_an_invalid_location_keeps_the_published_profile(admin_client, atlas):
    page = add_organisation(atlas, title="Edited Coop", location=(45.0, 4.0))
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert admin_client.get(url).status_code == 200
    data = organisation_form(
        title="Edited Coop", slug=page.slug, location="SRID=4326;POINT(4 -91)", summary=""
    )
    data["action-publish"] = "action-publish"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"location", "summary"}
    page.refresh_from_db()
    assert (page.latitude, page.longitude) == (45.0, 4.0)
    assert page.summary.startswith("Edited Coop helps")
    assert page.revisions.count() == 1


def test_editing_with_valid_data_publishes_the_change(admin_client, atlas):
    page = add_organisation(atlas, title="Edited Coop", location=(45.0, 4.0))
    data = organisation_form(title="Edited Coop", slug=page.slug, city="Grenoble")
    data["action-publish"] = "action-publish"
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.city == "Grenoble"
    assert (page.latitude, page.longitude) == (45.764, 4.8357)


def offered(response, field):
    return {str(choice) for choice in response.context["form"].fields[field].queryset}


def test_admin_form_offers_the_vocabulary_in_the_page_language(admin_client, atlas):
    english = admin_client.get(add_url(atlas))
    assert {"Hosting", "Training"} <= offered(english, "services")
    assert "Hébergement" not in offered(english, "services")
    assert "Digital inclusion" in offered(english, "sector")
    assert "Inclusion numérique" not in offered(english, "sector")

    french_url = reverse(
        "wagtailadmin_pages:add", args=["directory", "organisationpage", atlas.directory_fr.pk]
    )
    french = admin_client.get(french_url)
    assert {"Hébergement", "Formation"} <= offered(french, "services")
    assert "Hosting" not in offered(french, "services")
    assert "Inclusion numérique" in offered(french, "sector")


def test_admin_form_keeps_a_service_chosen_in_another_language(admin_client, atlas):
    page = add_organisation(atlas, title="Mixed Coop")
    page.services = [Service.objects.get(slug="hosting", locale=atlas.fr)]
    page.save()
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert "Hébergement" in offered(response, "services")
    assert "Formation" not in offered(response, "services")


# --- Sector snippets ---
def sector_add_url():
    return reverse("wagtailsnippets_directory_sector:add") + "?locale=en"


def test_sector_with_low_contrast_colour_is_refused_in_the_admin(admin_client, atlas):
    response = admin_client.post(
        sector_add_url(), {"name": "Pale", "slug": "pale", "description": "", "colour": "#fff000"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This colour has a contrast of 1.19:1 against white" in html
    assert not Sector.objects.filter(slug="pale").exists()


def test_sector_with_malformed_colour_is_refused_in_the_admin(admin_client, atlas):
    response = admin_client.post(
        sector_add_url(), {"name": "Odd", "slug": "odd", "description": "", "colour": "blue"}
    )
    assert response.status_code == 200
    assert "six hexadecimal digits" in response.content.decode()
    assert not Sector.objects.filter(slug="odd").exists()


def test_sector_with_an_accessible_colour_is_created_in_the_admin(admin_client, atlas):
    response = admin_client.post(
        sector_add_url(), {"name": "Care", "slug": "care", "description": "", "colour": "#7c2d12"}
    )
    assert response.status_code == 302
    assert Sector.objects.get(slug="care").locale == atlas.en


# --- Listing for staff ---
def test_organisation_listing_filters_and_searches_for_staff(admin_client, atlas):
    add_organisation(atlas, title="Listed Lyon Coop", city="Lyon", country="FR")
    add_organisation(atlas, title="Listed Berlin Verein", city="Berlin", country="DE")
    listing = "/admin/organisations/"
    response = admin_client.get(listing)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Listed Lyon Coop" in html and "Listed Berlin Verein" in html

    response = admin_client.get(listing, {"country": "DE", "locale": "en"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Listed Berlin Verein" in html and "Listed Lyon Coop" not in html

    # The locale filter takes a language code, like the rest of Wagtail's admin.
    response = admin_client.get(listing, {"locale": "fr", "country": "FR"})
    assert response.status_code == 200
    assert response.context["object_list"][0].locale == atlas.fr
    assert [page.title for page in response.context["object_list"]] == ["Listed Lyon Coop"]
    french_sector = sector("digital-inclusion").get_translation(atlas.fr).name
    html = response.content.decode()
    listing_table = html[html.index('class="listing') :]
    rows = listing_table.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    assert french_sector in rows and sector("digital-inclusion").name not in rows

    response = admin_client.get(listing, {"q": "Lyon"})
    assert response.status_code == 200
    assert "Listed Berlin Verein" not in response.content.decode()

    for params in (
        {"sector": sector("digital-inclusion").pk},
        {"legal_form": "cooperative", "online_only": "false"},
        {"ordering": "country"},
        {"ordering": "-last_verified"},
        {"country": "not-a-country", "sector": "x"},
        {"p": "999"},
    ):
        assert admin_client.get(listing, params).status_code in (200, 404), params


def test_organisation_listing_is_for_staff_only(client, atlas):
    response = client.get("/admin/organisations/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
