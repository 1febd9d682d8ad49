"""The open data exports: contents, formats, licence, freshness and personal data."""

import csv
import io
import json

from django.core.cache import cache

from opendata.models import OpenDataSettings
from opendata.schema import COLUMN_NAMES


def read_csv(client):
    response = client.get("/open-data/organisations.csv")
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")  # a BOM: spreadsheets read UTF-8
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_open_data_page_shows_downloads_licence_and_api(client, atlas, add_org):
    add_org(title="Coop Libre", data_source="Partner DB", source_licence="CC BY 4.0")
    response = client.get("/en/open-data/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Open Database License (ODbL) 1.0" in html
    for url in (
        "/open-data/organisations.csv",
        "/open-data/organisations.geojson",
        "/open-data/organisations.jsonld",
        "/api/v1/organisations",
        "/api/v1/openapi.json",
    ):
        assert url in html
    assert "Partner DB" in html and "CC BY 4.0" in html
    assert "<code>source_record_id</code>" in html  # the columns are documented


def test_open_data_page_exists_in_french(client, atlas):
    response = client.get("/fr/donnees-ouvertes/")
    assert response.status_code == 200
    assert "Données ouvertes" in response.content.decode()


def test_csv_export_has_the_documented_columns_and_one_row_per_live_organisation(
    client, atlas, add_org
):
    add_org(title="Coop Libre", location=(45.76, 4.83), services=["hosting"])
    add_org(title="Brouillon Coop", publish=False)
    response = client.get("/open-data/organisations.csv")
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header.split(",") == COLUMN_NAMES
    rows = read_csv(client)
    assert [row["name"] for row in rows] == ["Coop Libre"]  # no draft, no French alias twice
    row = rows[0]
    assert row["latitude"] == "45.760000" and row["longitude"] == "4.830000"
    assert row["services"] == "hosting"
    assert row["sector"] == "digital-inclusion"
    assert row["profile_url"].endswith("/en/directory/coop-libre/")


def test_exports_never_contain_personal_data(client, atlas, add_org):
    add_org(title="Coop A", email="jean.dupont@example.org", phone="+33 6 12 34 56 78")
    add_org(title="Coop B", email="contact@coop-b.org", phone="+33 4 72 00 00 00")
    rows = {row["name"]: row for row in read_csv(client)}
    assert rows["Coop A"]["email"] == "" and rows["Coop A"]["phone"] == ""
    assert rows["Coop B"]["email"] == "contact@coop-b.org"
    # With the apostrophe that keeps spreadsheets from reading "+…" as a formula.
    assert rows["Coop B"]["phone"] == "'+33 4 72 00 00 00"
    for fmt in ("geojson", "jsonld"):
        body = client.get(f"/open-data/organisations.{fmt}").content.decode()
        assert "jean.dupont" not in body and "12 34 56 78" not in body


def test_geojson_export_is_a_feature_collection_with_licence(client, atlas, add_org):
    add_org(title="Located", location=(48.85, 2.35))
    add_org(title="Online", online_only=True)
    response = client.get("/open-data/organisations.geojson")
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    assert data["license"] == "Open Database License (ODbL) 1.0"
    features = {f["properties"]["name"]: f for f in data["features"]}
    assert features["Located"]["geometry"] == {"type": "Point", "coordinates": [2.35, 48.85]}
    assert features["Online"]["geometry"] is None


def test_jsonld_export_describes_schema_org_organisations(client, atlas, add_org):
    add_org(title="Coop Libre", location=(45.76, 4.83), website="https://coop.example")
    data = json.loads(client.get("/open-data/organisations.jsonld").content)
    assert data["@context"]["@vocab"] == "http://schema.org/"  # its own context: no fetching
    nodes = {node["@id"]: node for node in data["@graph"]}
    dataset = next(node for node in data["@graph"] if "Dataset" in node["@type"])
    assert dataset["license"] == "https://opendatacommons.org/licenses/odbl/1-0/"
    (organisation,) = [node for node in data["@graph"] if node["@id"].startswith("urn:uuid:")]
    assert organisation["name"] == "Coop Libre"
    assert organisation["url"] == "https://coop.example"
    assert organisation["location"]["geo"]["latitude"] == 45.76
    types = {nodes[iri]["skos:notation"] for iri in organisation["additionalType"] if iri in nodes}
    assert types == {"cooperative", "digital-inclusion"}  # its legal form and sector, as IRIs
    # and the same in ESSGlobal's vocabularies: Co-operative (OS115), Social (ICA190)
    essglobal = {
        iri.rsplit("/", 1)[1] for iri in organisation["additionalType"] if iri not in nodes
    }
    assert essglobal == {"OS115", "ICA190"}


def test_export_is_current_after_a_publish_and_an_unpublish(client, atlas, add_org):
    cache.clear()
    first = add_org(title="First")
    assert [row["name"] for row in read_csv(client)] == ["First"]
    add_org(title="Second")
    assert [row["name"] for row in read_csv(client)] == ["First", "Second"]
    first.unpublish()
    assert [row["name"] for row in read_csv(client)] == ["Second"]


def test_export_is_served_from_cache_until_something_changes(
    client, atlas, add_org, django_assert_max_num_queries
):
    cache.clear()
    add_org(title="First")
    client.get("/open-data/organisations.csv")
    with django_assert_max_num_queries(3):  # site and settings lookups, no organisation query
        client.get("/open-data/organisations.csv")


def test_export_query_count_does_not_grow_with_organisations(
    client, atlas, add_org, django_assert_max_num_queries
):
    for n in range(6):
        add_org(title=f"Org {n}", services=["hosting"], languages=["fr"])
    cache.clear()
    with django_assert_max_num_queries(14):
        response = client.get("/open-data/organisations.csv")
    assert len(response.content.decode().splitlines()) == 7


def test_licence_is_configurable_and_sent_with_the_files(client, atlas, add_org):
    settings = OpenDataSettings.for_site(atlas.home.get_site())
    settings.licence_name = "CC BY-SA 4.0"
    settings.licence_url = "https://creativecommons.org/licenses/by-sa/4.0/"
    settings.save()
    response = client.get("/open-data/organisations.geojson")
    assert json.loads(response.content)["license"] == "CC BY-SA 4.0"
    assert response["Link"] == '<https://creativecommons.org/licenses/by-sa/4.0/>; rel="license"'
    assert "CC BY-SA 4.0" in client.get("/en/open-data/").content.decode()


def test_downloads_are_open_to_any_origin(client, atlas):
    response = client.get("/open-data/organisations.csv", headers={"Origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert 'filename="atlas-organisations.csv"' in response["Content-Disposition"]
    preflight = client.options(
        "/open-data/organisations.csv",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code in (200, 204)
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_unknown_export_format_is_not_found(client, atlas):
    assert client.get("/open-data/organisations.xml").status_code == 404


def test_an_invalidation_in_another_process_reaches_this_one(client, atlas, add_org, tmp_path):
    """The task worker runs imports in its own process: the default cache (files, or Redis) is
    shared, so the exports the web process serves are rebuilt after the worker's import."""
    import os
    import subprocess
    import sys

    from django.conf import settings
    from django.core.cache import caches
    from django.test import override_settings

    from atlas_site.settings import base

    assert "LocMemCache" not in base.CACHES["default"]["BACKEND"]  # never per process
    shared = {**base.CACHES["default"], "LOCATION": str(tmp_path)}
    with override_settings(CACHES={"default": shared}):
        caches["default"].clear()
        second = add_org(title="Second")
        assert [row["name"] for row in read_csv(client)] == ["Second"]
        # A change this process's signals don't see (the worker's import, say): still cached ...
        type(second).objects.filter(pk=second.pk).update(title="Second, renamed")
        assert [row["name"] for row in read_csv(client)] == ["Second"]
        # ... and the worker's invalidation, from another process sharing the cache:
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup(); "
                "from opendata.export import invalidate_exports; invalidate_exports()",
            ],
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "atlas_site.settings.dev",
                "CACHE_DIR": str(tmp_path),
                "DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
                # The worker shares the site's database, hence its cache key prefix.
                "CACHE_KEY_PREFIX": shared["KEY_PREFIX"],
            },
            cwd=settings.BASE_DIR,
            check=True,
            timeout=120,
        )
        assert "Second, renamed" in [row["name"] for row in read_csv(client)]
