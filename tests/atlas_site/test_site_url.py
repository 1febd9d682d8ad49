"""SITE_URL names the real host in every absolute URL the Atlas writes."""

from django.core.management import call_command

from wagtail.models import Site

from atlas_site.site import configure_default_site
from tests.opendata.conftest import add_org, atlas  # noqa: F401


def real_host(settings):
    settings.SITE_URL = "https://atlas.example.org"
    settings.SITE_HOSTNAME = "atlas.example.org"
    settings.SITE_PORT = 443


def test_migrate_sets_the_default_sites_host_and_port_from_site_url(settings, site_tree):
    assert Site.objects.get(is_default_site=True).root_url == "http://localhost"
    real_host(settings)
    call_command("migrate", verbosity=0)
    assert Site.objects.get(is_default_site=True).root_url == "https://atlas.example.org"


def test_without_site_url_the_site_is_left_as_it_is(settings, site_tree):
    settings.SITE_URL = ""
    assert configure_default_site() is None
    assert Site.objects.get(is_default_site=True).hostname == "localhost"


def test_sitemap_json_ld_and_feeds_name_the_configured_host(settings, client, atlas, add_org):  # noqa: F811
    real_host(settings)
    configure_default_site()
    add_org(title="Coop Hôte")
    host = {"HTTP_HOST": "atlas.example.org", "secure": True}
    sitemap = client.get("/sitemap.xml", **host).content.decode()
    assert "<loc>https://atlas.example.org/en/" in sitemap
    assert "localhost" not in sitemap
    jsonld = client.get("/open-data/organisations.jsonld", **host).content.decode()
    assert "https://atlas.example.org/en/directory/coop-hote/" in jsonld
    assert "localhost" not in jsonld
    feed = client.get("/en/stories/feed/atom/", **host).content.decode()
    assert "https://atlas.example.org/en/stories/" in feed
    assert "localhost" not in feed
