"""Site-wide URLs: robots.txt, sitemap, health check, not-found pages."""

import re
from urllib.parse import urlsplit

import pytest

from directory.models import OrganisationPage
from tests.directory.conftest import add_organisation

pytestmark = pytest.mark.django_db


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "User-agent: *" in body
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_live_pages_in_both_languages(client, atlas):
    add_organisation(atlas, title="Mapped Coop")
    draft = add_organisation(atlas, title="Unlisted Draft Coop", live=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    # The host is the Wagtail Site's hostname; the paths are what matter here.
    locations = [
        urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    ]
    for path in [
        "/en/",
        "/fr/",
        "/en/directory/",
        "/fr/annuaire/",
        "/en/directory/mapped-coop/",
        "/fr/annuaire/mapped-coop/",
    ]:
        assert path in locations, path
    assert not any(draft.slug in location for location in locations)


def test_health_check_answers_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_health_check_refuses_other_methods(client, db):
    assert client.post("/healthz").status_code == 405


@pytest.mark.parametrize(
    "url",
    ["/en/nowhere/", "/en/directory/unknown-org/", "/fr/annuaire/inconnue/", "/en/directory/x/y/"],
)
def test_unknown_url_shows_the_friendly_404_page(client, atlas, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html or "Page introuvable" in html
    assert 'class="site-header"' in html  # the site's own page, with navigation


def test_directory_bad_parameters_never_give_a_server_error(client, atlas):
    add_organisation(atlas, title="Robust Coop")
    for query in [
        "page=-5",
        "page=1e9",
        "sort[]=x",
        "q=" + "a" * 5000,
        "country=" + "FR&country=" * 50 + "FR",
        "sector=%F0%9F%92%A9",
        "q=%ED%A0%80",
    ]:
        response = client.get(f"/en/directory/?{query}")
        assert response.status_code == 200, query
    assert OrganisationPage.objects.filter(title="Robust Coop").exists()
