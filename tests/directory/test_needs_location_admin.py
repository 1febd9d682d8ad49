"""The admin flags organisations that belong on the map but have no location ("needs location")."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from directory.models import OrganisationPage
from moderation.roles import MODERATORS, setup_moderation
from tests.directory.conftest import add_organisation, seed_organisations
from tests.directory.test_query_counts import count_queries

pytestmark = pytest.mark.django_db

LISTING = "/admin/organisations/"
NOTICE = "This organisation is not on the map: it has no location."


@pytest.fixture
def moderator_client(client, atlas):
    setup_moderation()
    user = get_user_model().objects.create_user(username="moderator", password="x")
    user.groups.add(Group.objects.get(name=MODERATORS))
    client.force_login(user)
    return client


@pytest.fixture
def three_organisations(atlas):
    return {
        "located": add_organisation(atlas, title="Located Coop", location=(45.76, 4.83)),
        "unlocated": add_organisation(atlas, title="Unlocated Coop", city="Lyon"),
        "online": add_organisation(atlas, title="Online Coop", online_only=True),
    }


def listed_titles(response):
    assert response.status_code == 200
    return {page.title for page in response.context["object_list"]}


def row_of(html, title):
    """The listing's table row that names `title`."""
    rows = [row for row in re.findall(r"<tr[\s>].*?</tr>", html, re.DOTALL) if title in row]
    assert len(rows) == 1, f"{title!r} is in {len(rows)} rows"
    return rows[0]


def test_location_filter_separates_needs_location_has_location_and_online_only(
    moderator_client, three_organisations
):
    def titles(location):
        return listed_titles(moderator_client.get(LISTING, {"location": location, "locale": "en"}))

    assert titles("needs") == {"Unlocated Coop"}
    assert titles("has") == {"Located Coop"}
    assert titles("online") == {"Online Coop"}
    assert titles("") == {"Located Coop", "Unlocated Coop", "Online Coop"}
    # The filter is offered in the listing's filter form.
    html = moderator_client.get(LISTING).content.decode()
    assert 'name="location"' in html and "Needs location" in html


def test_online_only_organisations_are_never_flagged_as_needing_a_location(atlas):
    online = add_organisation(atlas, title="Online Coop", online_only=True)
    assert online.needs_location is False
    assert OrganisationPage.objects.filter(pk=online.pk, latitude__isnull=True).exists()
    unlocated = add_organisation(atlas, title="Unlocated Coop")
    assert unlocated.needs_location is True


def test_each_listing_row_says_its_location_status_in_words(moderator_client, three_organisations):
    html = moderator_client.get(LISTING, {"locale": "en"}).content.decode()
    assert "Needs location" in row_of(html, "Unlocated Coop")
    assert "Needs location" not in row_of(html, "Located Coop")
    assert "Has a location" in row_of(html, "Located Coop")
    online_row = row_of(html, "Online Coop")
    assert "Online only" in online_row and "Needs location" not in online_row


def test_the_editor_warns_only_while_the_organisation_needs_a_location(
    moderator_client, three_organisations, atlas
):
    def edit_page(page):
        response = moderator_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200
        return response.content.decode()

    assert NOTICE in edit_page(three_organisations["unlocated"])
    assert NOTICE not in edit_page(three_organisations["located"])
    assert NOTICE not in edit_page(three_organisations["online"])
    add = reverse(
        "wagtailadmin_pages:add", args=["directory", "organisationpage", atlas.directory.pk]
    )
    response = moderator_client.get(add)
    assert response.status_code == 200
    assert NOTICE not in response.content.decode()


def test_needs_location_listing_query_count_does_not_grow_with_rows(admin_client, atlas):
    url = f"{LISTING}?location=needs&locale=en"
    seed_organisations(atlas, 5)
    OrganisationPage.objects.update(latitude=None, longitude=None, location="", online_only=False)
    with_5 = count_queries(admin_client, url)
    seed_organisations(atlas, 40)
    OrganisationPage.objects.update(latitude=None, longitude=None, location="", online_only=False)
    with_40 = count_queries(admin_client, url)
    response = admin_client.get(url)
    assert len(response.context["object_list"]) == 40
    assert "Needs location" in row_of(
        response.content.decode(), response.context["object_list"][0].title
    )
    assert with_40 == with_5, (with_5, with_40)
