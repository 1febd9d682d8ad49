"""Locations at moderation (issue 13): the public form asks for an address or "online only";
with a geocoder configured the draft is placed from its address (here a local stand-in for
Nominatim) so the moderator sees it on the map; approved without a location, an organisation
stays off the map and flagged "needs location"."""

from django.test import override_settings

import pytest

from directory import map_data
from directory.models import OrganisationPage
from moderation.models import OrganisationProposal
from tests.moderation.test_public_forms import PROPOSE_URL, proposal_data
from tests.opendata.test_geocoding import local_server  # noqa: F401 (the stand-in server)

pytestmark = pytest.mark.django_db


@pytest.fixture
def geocoder_server(local_server):  # noqa: F811
    return local_server


def nominatim_settings(server):
    return {
        "BACKEND": "opendata.imports.geocoding.NominatimGeocoder",
        "OPTIONS": {
            "url": server.url,
            "user_agent": "SocialTechAtlas-tests/1.0",
            "min_interval": 0,
        },
    }


def test_the_form_asks_for_an_address_or_online_only(client, atlas):
    html = client.get(PROPOSE_URL).content.decode()
    assert 'name="address"' in html and 'name="online_only"' in html
    response = client.post(PROPOSE_URL, proposal_data(address=""))
    assert "Give the street address and the city, or tick “Online only”." in response.text
    assert not OrganisationProposal.objects.exists()
    response = client.post(PROPOSE_URL, proposal_data(address="", online_only="on"))
    assert "Thank you for your proposal" in response.text
    page = OrganisationProposal.objects.get().page
    assert page.online_only and not page.needs_location


def test_a_proposal_is_placed_from_its_address_by_the_configured_geocoder(
    client,
    atlas,
    geocoder_server,
    django_capture_on_commit_callbacks,
):
    geocoder_server.respond = lambda query: (200, [{"lat": "50.4669", "lon": "4.8675"}], 0)
    with (
        override_settings(ATLAS_GEOCODER=nominatim_settings(geocoder_server)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(PROPOSE_URL, proposal_data())
    assert "Thank you for your proposal" in response.text
    [request] = geocoder_server.requests
    assert request["query"]["street"] == "Rue de Fer 12"
    assert request["query"]["city"] == "Namur"
    page = OrganisationProposal.objects.get().page
    draft = page.get_latest_revision_as_object()
    assert (round(draft.latitude, 4), round(draft.longitude, 4)) == (50.4669, 4.8675)
    assert not OrganisationPage.objects.get(pk=page.pk).live


def test_without_a_geocoder_nothing_is_asked_and_no_default_point_is_set(
    client,
    atlas,
    geocoder_server,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PROPOSE_URL, proposal_data())
    assert geocoder_server.requests == []
    page = OrganisationProposal.objects.get().page
    assert page.latitude is None and page.needs_location


def test_approved_without_a_location_it_stays_off_the_map_and_flagged(
    client, atlas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PROPOSE_URL, proposal_data())
    page = OrganisationProposal.objects.get().page.specific
    page.get_latest_revision().publish()
    page.refresh_from_db()
    assert page.live and page.needs_location
    _body, ids = map_data.build_payload("en")
    assert page.pk not in ids
