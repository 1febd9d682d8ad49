"""Small things that stop volunteers: honest logo help, nothing cut silently, the claim link
near the top of a profile."""

import re

from django.conf import settings
from django.core.cache import cache

import pytest

from directory.models import OrganisationPage
from tests.moderation.test_public_forms import PROPOSE_URL, proposal_data


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_the_logo_help_names_exactly_the_accepted_image_formats():
    help_text = str(OrganisationPage._meta.get_field("logo").help_text)
    named = {word.lower() for word in re.findall(r"\b(PNG|JPEG|WebP|AVIF|GIF|SVG)\b", help_text)}
    accepted = set(settings.WAGTAILIMAGES_EXTENSIONS) - {"jpg"}
    assert named - {"svg"} == accepted
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert "SVG files are not accepted" in help_text


def test_public_forms_never_let_the_browser_cut_a_text(client, atlas):
    form = client.get(PROPOSE_URL).text
    assert ' maxlength="' not in form  # a maxlength attribute cuts a pasted text silently
    assert 'data-maxlength="300"' in form
    assert "js/length-counter.js" in form
    claim = client.get(f"/en/claim/{atlas.org_a.pk}/").text
    assert ' maxlength="' not in claim and 'data-maxlength="150"' in claim


def test_a_summary_over_the_limit_is_refused_with_a_field_error_not_cut(client, atlas):
    response = client.post(PROPOSE_URL, proposal_data(summary="x" * 312))
    assert response.status_code == 200
    assert "at most 300 characters (it has 312)" in response.text
    assert "x" * 312 in response.text  # the text comes back whole, to be shortened


def test_the_claim_link_is_near_the_top_of_a_profile(client, atlas):
    html = client.get(atlas.org_a.url).text
    claim = html.index(f'href="/en/claim/{atlas.org_a.pk}/"')
    assert claim < html.index("</header>", html.index("<h1"))
    assert claim < html.index('class="organisation__layout"')


def test_the_edit_screen_loads_the_length_counter(client, atlas):
    client.force_login(atlas.editor_a)
    html = client.get(f"/admin/pages/{atlas.org_a.pk}/edit/").text
    assert "js/length-counter.js" in html
    assert 'id="length-counter-messages"' in html
