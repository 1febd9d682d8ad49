"""The directory's pagination: 24 per page, bad page numbers never fail, links keep filters."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.directory.conftest import build_site_tree, module_data, seed_organisations
from tests.directory.test_directory_filters import DIRECTORY, listed

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def thirty_orgs(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        yield seed_organisations(build_site_tree(), 30)


def test_directory_shows_24_organisations_per_page(client, thirty_orgs):
    first = client.get(DIRECTORY)
    second = client.get(f"{DIRECTORY}?page=2")
    assert len(listed(first)) == 24
    assert len(listed(second)) == 6
    assert not set(listed(first)) & set(listed(second))
    html = first.content.decode()
    assert "30 organisations" in html
    assert "Showing 1–24" in html
    assert 'rel="next" href="?page=2"' in html


@pytest.mark.parametrize("page", ["99", "-1", "100000000000000000000000"])
def test_out_of_range_page_shows_the_last_page(client, thirty_orgs, page):
    response = client.get(f"{DIRECTORY}?page={page}")
    assert len(listed(response)) == 6
    assert response.context["page_obj"].number == 2


@pytest.mark.parametrize("page", ["abc", "1.5", "%00", "二", "' OR 1=1 --"])
def test_non_numeric_page_shows_the_first_page(client, thirty_orgs, page):
    response = client.get(DIRECTORY, {"page": page})
    assert response.context["page_obj"].number == 1
    assert len(listed(response)) == 24


def test_pagination_links_keep_the_filters(client, thirty_orgs):
    response = client.get(f"{DIRECTORY}?role=support&role=tools&sort=updated")
    html = response.content.decode()
    next_link = re.search(r'rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    params = parse_qs(urlsplit(next_link).query)
    assert params == {"role": ["support", "tools"], "sort": ["updated"], "page": ["2"]}
    assert len(listed(client.get(DIRECTORY + next_link))) == 6


def test_pagination_links_replace_the_page_and_keep_the_rest(client, thirty_orgs):
    # Any parameter survives, escaped: a link shared from a newsletter keeps its tag.
    response = client.get(DIRECTORY, {"ref": "news & views", "page": "2", "sort": "updated"})
    html = response.content.decode()
    pagination = html[html.index('class="pagination"') :]
    links = re.findall(r'href="(\?[^"]+)"', pagination)
    assert len(links) == 2, "the previous link and page 1"
    for link in links:
        params = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
        assert params["ref"] == ["news & views"] and params["sort"] == ["updated"]
        assert params["page"] == ["1"]
