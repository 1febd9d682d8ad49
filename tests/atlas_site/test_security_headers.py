"""The Content-Security-Policy of public pages: the site's own scripts and styles, the map's
tile server, no inline script; the admin keeps Wagtail's own needs (no header there)."""

from directory.models import MapSettings
from tests.moderation.conftest import atlas  # noqa: F401


def directives(response):
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def test_public_pages_allow_only_the_sites_own_scripts_and_styles(client, atlas):  # noqa: F811
    for path in ("/en/", "/en/directory/", atlas.org_a.url, "/en/add-organisation/"):
        response = client.get(path)
        assert response.status_code == 200, path
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], path
        assert policy["style-src"] == ["'self'"], path
        assert policy["object-src"] == ["'none'"]
        assert "'unsafe-inline'" not in policy["script-src"]
        assert "'unsafe-eval'" not in policy["script-src"]
        # The maps draw the site's own basemap: no tile server unless one is set.
        assert not any("openstreetmap" in source for source in policy.get("img-src", [])), path


def test_the_tile_server_set_in_the_admin_is_allowed(client, atlas):  # noqa: F811
    settings = MapSettings.for_site(atlas.site.home.get_site())
    settings.tile_url = "https://{s}.tiles.example.eu/{z}/{x}/{y}.png"
    settings.save()
    policy = directives(client.get("/en/"))
    assert "https://*.tiles.example.eu" in policy["img-src"]


def test_the_503_page_carries_the_policy_without_the_database(client, atlas, monkeypatch):  # noqa: F811
    from django.db import OperationalError, connection
    from django.test import Client

    def refuse(*args, **kwargs):
        raise OperationalError("Connection refused")

    reader = Client(raise_request_exception=False)
    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", refuse)
        response = reader.get("/en/")
    assert response.status_code == 503
    assert directives(response)["script-src"] == ["'self'"]


def test_the_admin_is_left_to_wagtail(client, atlas):  # noqa: F811
    client.force_login(atlas.admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
