"""The map page and its data endpoints: what a reader's browser receives, and when it changes."""

import gzip
import json

from django.core.cache import cache
from django.core.exceptions import ValidationError

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from directory import map_data, map_format
from directory.factories import OrganisationPageFactory, SectorFactory
from directory.models import MapPage, MapSettings, Sector
from directory.models.map import validate_tile_url

DATA_URL = "/en/api/map/organisations.bin"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def fetch(client, url=DATA_URL, **headers):
    response = client.get(url, headers={"Accept-Encoding": "gzip", **headers})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    header, records = map_format.decode(gzip.decompress(response.content))
    return {**header, "records": records}


def sectors_on_map(client):
    return sorted(record["sector"] for record in fetch(client)["records"])


@pytest.fixture
def lyon(site_tree):
    sector = Sector.objects.get(slug="design", locale=site_tree.en)
    return OrganisationPageFactory(
        parent=site_tree.directory,
        title="Coop Libre Lyon",
        sector=sector,
        legal_form="association",
        supports_transition=True,
        provides_tools=True,
        location=(45.7640456, 4.8356589),
    )


# --- Content ---


def test_the_data_is_the_map_payload_of_located_organisations(client, lyon):
    collection = fetch(client)
    assert collection["version"]
    assert collection["count"] == 1
    [record] = collection["records"]
    # About a metre: the place to 1e-5 degree.
    assert record["lng"] == pytest.approx(4.83566, abs=1e-9)
    assert record["lat"] == pytest.approx(45.76405, abs=1e-9)
    assert record["sector"] == "design"
    assert record["form"] == "association"
    assert record["country"] == "FR"
    assert record["roles"] == ["support", "tools"]
    assert record["freshness"] in {"fresh", "ageing", "stale"}
    assert record["services"] == record["languages"] == []


def test_services_and_languages_point_into_the_vocabulary(client, site_tree, lyon):
    from directory.models import Language, Service

    lyon.services.set(
        Service.objects.filter(slug__in=["hosting", "ux-design"], locale=site_tree.en)
    )
    lyon.languages.set(Language.objects.filter(code__in=["fr", "en"]))
    lyon.save_revision().publish()
    [record] = fetch(client)["records"]
    assert set(record["services"]) == {"hosting", "ux-design"}
    assert set(record["languages"]) == {"fr", "en"}


def test_drafts_private_unlocated_and_online_only_organisations_are_not_on_the_map(
    client, site_tree, lyon
):
    directory = site_tree.directory
    OrganisationPageFactory(parent=directory, title="Draft", live=False, location=(48.85, 2.35))
    private = OrganisationPageFactory(parent=directory, title="Private", location=(50.85, 4.35))
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    OrganisationPageFactory(parent=directory, title="Nowhere")
    OrganisationPageFactory(
        parent=directory, title="Online", online_only=True, location=(52.52, 13.40)
    )
    [record] = fetch(client)["records"]
    assert (round(record["lng"], 5), round(record["lat"], 5)) == (4.83566, 45.76405)


def test_each_language_gets_its_own_data(client, site_tree, lyon):
    assert len(fetch(client)["records"]) == 1
    french = fetch(client, "/fr/api/map/organisations.bin")
    assert french["version"] and french["vocabulary"]["countries"] is not None


# --- HTTP caching ---


def test_an_unchanged_collection_answers_304_to_its_etag(client, lyon):
    first = client.get(DATA_URL, headers={"Accept-Encoding": "gzip"})
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(DATA_URL, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(DATA_URL, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    other = client.get(DATA_URL, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_a_304_carries_the_same_caching_headers_as_the_200(client, lyon):
    first = client.get(DATA_URL, headers={"Accept-Encoding": "gzip"})
    again = client.get(
        DATA_URL, headers={"Accept-Encoding": "gzip", "If-None-Match": f"W/{first['ETag']}"}
    )
    assert again.status_code == 304
    for header in ("ETag", "Last-Modified", "Cache-Control", "Vary", "X-Organisation-Count"):
        assert again[header] == first[header], header
    assert first["Cache-Control"] == "public, no-cache"
    assert first["X-Organisation-Count"] == "1"
    assert "Content-Encoding" not in again
    older = client.get(DATA_URL, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert older.status_code == 200


def test_clients_without_gzip_get_the_plain_payload(client, lyon):
    response = client.get(DATA_URL)
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert response["Vary"] == "Accept-Encoding"
    assert map_format.read_header(response.content)["count"] == 1


def test_a_warm_response_does_not_touch_the_database(client, lyon, django_assert_num_queries):
    fetch(client)
    with django_assert_num_queries(0):
        fetch(client)


def test_a_warm_response_reads_only_the_generation_from_the_shared_cache(client, lyon, monkeypatch):
    fetch(client)
    read = []
    real_get = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *a, **kw: read.append(key) or real_get(key, *a, **kw)
    )
    assert len(fetch(client)["records"]) == 1
    assert read == [map_data.GENERATION_KEY]


def test_building_the_data_takes_a_fixed_number_of_queries(
    client, site_tree, django_assert_max_num_queries
):
    for n in range(5):
        OrganisationPageFactory(parent=site_tree.directory, location=(45 + n, 4 + n))
    cache.clear()
    with django_assert_max_num_queries(12):
        assert len(fetch(client)["records"]) == 5


# --- Invalidation: every event that changes what is live changes the data ---


def test_publishing_an_organisation_adds_its_dot(client, site_tree, lyon):
    etag = client.get(DATA_URL)["ETag"]
    new = OrganisationPageFactory(
        parent=site_tree.directory, title="Later", live=False, location=(41.39, 2.17)
    )
    assert len(fetch(client)["records"]) == 1
    new.save_revision().publish()
    assert len(fetch(client)["records"]) == 2
    assert client.get(DATA_URL, headers={"If-None-Match": etag}).status_code == 200


def test_unpublishing_an_organisation_removes_its_dot(client, lyon):
    assert len(fetch(client)["records"]) == 1
    lyon.unpublish()
    assert fetch(client)["records"] == []


def test_moving_an_organisation_out_of_the_directory_removes_its_dot(client, site_tree, lyon):
    assert len(fetch(client)["records"]) == 1
    lyon.move(site_tree.stories, pos="last-child")
    assert fetch(client)["records"] == []


def test_deleting_an_organisation_removes_its_dot(client, lyon):
    assert len(fetch(client)["records"]) == 1
    Page.objects.get(pk=lyon.pk).delete()
    assert fetch(client)["records"] == []


def test_unpublishing_the_directory_empties_the_map(client, site_tree, lyon):
    assert len(fetch(client)["records"]) == 1
    site_tree.directory.unpublish()
    assert fetch(client)["records"] == []


def test_changing_a_sector_changes_the_dots(client, site_tree, lyon):
    assert sectors_on_map(client) == ["design"]
    sector = lyon.sector
    sector.slug = "service-design"
    sector.save()
    assert sectors_on_map(client) == ["service-design"]


def test_deleting_a_sector_or_adding_one_rebuilds_the_data(client, site_tree, lyon):
    fetch(client)
    SectorFactory(slug="new-sector")
    assert not map_data.is_fresh("en")


def test_publishing_or_unpublishing_the_map_page_rebuilds_the_data(client, site_tree, lyon):
    map_page = MapPage.objects.get(locale=site_tree.en)
    fetch(client)
    map_page.save_revision().publish()
    assert not map_data.is_fresh("en")
    fetch(client)
    map_page.unpublish()
    assert not map_data.is_fresh("en")


def test_making_an_organisation_private_removes_its_dot(client, lyon):
    assert len(fetch(client)["records"]) == 1
    PageViewRestriction.objects.create(page=lyon, restriction_type=PageViewRestriction.LOGIN)
    assert fetch(client)["records"] == []


def test_saving_a_draft_keeps_the_cache(client, lyon):
    fetch(client)
    lyon.title = "A draft title"
    lyon.save_revision()
    assert map_data.is_fresh("en")


# --- Details and search by position ---


def test_details_give_name_place_link_and_summary(client, site_tree, lyon):
    version = fetch(client)["version"]
    response = client.get("/en/api/map/details/", {"v": version, "i": "0"})
    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["name"] == "Coop Libre Lyon"
    assert item["url"] == "/en/directory/coop-libre-lyon/"
    assert item["city"] == "Lyon"
    assert item["country"] == "France"
    assert item["summary"] == lyon.summary


def test_details_of_a_stale_collection_are_refused(client, lyon):
    response = client.get("/en/api/map/details/", {"v": "old", "i": "0"})
    assert response.status_code == 409


@pytest.mark.parametrize("positions", ["", "x", "-1", "5", ",".join(["0"] * 101)])
def test_bad_positions_are_a_400_not_a_500(client, lyon, positions):
    version = fetch(client)["version"]
    response = client.get("/en/api/map/details/", {"v": version, "i": positions})
    assert response.status_code == 400


def test_search_uses_the_directory_search(client, site_tree, lyon):
    OrganisationPageFactory(
        parent=site_tree.directory, title="Atelier Nantes", city="Nantes", location=(47.2, -1.55)
    )
    collection = fetch(client)
    from demo.seeding import AtlasSeeder

    AtlasSeeder().index()
    response = client.get("/en/api/map/search/", {"v": collection["version"], "q": "Nantes"})
    assert response.status_code == 200
    [position] = response.json()["positions"]
    details = client.get("/en/api/map/details/", {"v": collection["version"], "i": position})
    assert details.json()["items"][0]["name"] == "Atelier Nantes"
    assert client.get("/en/api/map/search/", {"v": collection["version"]}).status_code == 400


def test_search_matches_a_verification_date_for_links_that_carry_one(client, site_tree, lyon):
    """The map's data has no dates (payload): verified_since is matched by the search."""
    import datetime

    OrganisationPageFactory(
        parent=site_tree.directory,
        title="Checked Recently",
        location=(47.2, -1.55),
        last_verified=datetime.date(2026, 10, 1),
    )
    OrganisationPageFactory(
        parent=site_tree.directory,
        title="Checked Long Ago",
        location=(47.3, -1.5),
        last_verified=datetime.date(2020, 1, 1),
    )
    version = fetch(client)["version"]
    response = client.get("/en/api/map/search/", {"v": version, "verified_since": "2026-01-01"})
    assert response.status_code == 200
    positions = response.json()["positions"]
    details = client.get("/en/api/map/details/", {"v": version, "i": ",".join(map(str, positions))})
    names = {item["name"] for item in details.json()["items"]}
    assert "Checked Recently" in names
    assert "Checked Long Ago" not in names
    bad = client.get("/en/api/map/search/", {"v": version, "verified_since": "2026-13-45"})
    assert bad.status_code == 400


# --- The page ---


def test_the_map_page_offers_the_directory_filters_and_legend(client, site_tree, lyon):
    response = client.get("/en/map/", {"sector": "design", "country": "FR"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="atlas-map"' in html
    for name in ("q", "sector", "country", "form", "role", "service", "language"):
        assert f'name="{name}"' in html
    for sector in Sector.objects.filter(locale=site_tree.en):
        assert f'data-sector="{sector.slug}"' in html
    assert "/en/directory/?sector=design&amp;country=FR" in html
    assert "<noscript>" in html
    assert response["X-Frame-Options"] == "DENY"


def test_the_embedded_map_has_no_site_chrome_and_may_be_framed(client, site_tree, lyon):
    response = client.get("/en/map/", {"embed": "1", "sector": "design"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="atlas-map"' in html
    assert "site-header" not in html
    assert "X-Frame-Options" not in response
    assert "/en/map/?sector=design" in html  # "open the full map" keeps the filters


def test_the_map_page_exists_in_both_languages_and_in_the_menu(client, site_tree):
    english = MapPage.objects.get(locale=site_tree.en)
    french = MapPage.objects.get(locale=site_tree.fr)
    assert english.url_path.endswith("/map/") and english.show_in_menus
    assert french.url_path.endswith("/carte/")
    site_tree.seeder.site_tree()  # idempotent
    assert MapPage.objects.count() == 3  # English, French, German
    assert client.get("/fr/carte/").status_code == 200
    assert client.get("/de/karte/").status_code == 200
    assert '<a href="/en/map/"' in client.get("/en/").content.decode()


def test_the_tile_server_comes_from_the_map_settings(client, site_tree, lyon):
    settings = MapSettings.for_site(Site.objects.get(is_default_site=True))
    settings.tile_url = "https://tiles.example.eu/{z}/{x}/{y}.png"
    settings.tile_attribution = "<b>EU</b> tiles"
    settings.tile_attribution_url = "https://tiles.example.eu/about"
    settings.save()
    html = client.get("/en/map/").content.decode()
    assert "https://tiles.example.eu/{z}/{x}/{y}.png" in html
    assert "<b>EU</b>" not in html  # the attribution is text, escaped
    profile = client.get(lyon.url).content.decode()
    assert "https://tiles.example.eu/{z}/{x}/{y}.png" in profile  # in the basemap's settings


@pytest.mark.parametrize(
    "url", ["https://tiles.example.eu/{x}/{y}.png", "http://tiles.example.eu/{z}/{x}/{y}.png"]
)
def test_a_tile_url_without_placeholders_or_https_is_refused(url):
    with pytest.raises(ValidationError):
        validate_tile_url(url)


def test_the_admin_location_picker_uses_local_leaflet_and_the_map_settings(
    client, django_user_model, site_tree, lyon
):
    settings = MapSettings.for_site(Site.objects.get(is_default_site=True))
    settings.tile_url = "https://tiles.example.eu/{z}/{x}/{y}.png"
    settings.save()
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin)
    html = client.get(f"/admin/pages/{lyon.pk}/edit/").content.decode()
    assert "tiles.example.eu" in html
    assert "vendor/leaflet/leaflet.js" in html
    assert "unpkg" not in html  # wagtailgeowidget's default CDN is replaced


def test_while_one_request_rebuilds_the_others_get_the_previous_data(client, site_tree, lyon):
    before = fetch(client)
    OrganisationPageFactory(parent=site_tree.directory, title="New", location=(41.39, 2.17))
    assert not map_data.is_fresh("en")
    cache.add("directory:map:building:en", True)  # as if another request were rebuilding
    assert fetch(client)["version"] == before["version"]
    cache.delete("directory:map:building:en")
    assert len(fetch(client)["records"]) == 2
    assert map_data.is_fresh("en")


def test_the_map_s_own_words_are_in_the_reader_s_language(client, site_tree, lyon):
    import re

    html = client.get("/fr/carte/").content.decode()
    config = json.loads(re.search(r'id="map-config"[^>]*>(.*?)</script>', html, re.S).group(1))
    strings = config["strings"]
    assert strings["count"] == {
        "one": "%(count)s organisation correspond",
        "other": "%(count)s organisations correspondent",
    }
    # French typography: a (non-breaking) space before colons
    assert strings["sectorLabel"] == "Secteur\u00a0:"
    assert strings["dotLabel"] == "%(name)s, %(sector)s"  # the name first, then the sector
    assert (strings["zoomIn"], strings["zoomOut"], strings["closePopup"]) == (
        "Zoom avant",
        "Zoom arrière",
        "Fermer",
    )
