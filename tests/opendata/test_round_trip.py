"""The Atlas's own exports import back with no mapping: unchanged here, identical elsewhere."""

import csv
import io

import pytest

from directory.models import OrganisationPage, OrganisationSocialLink
from tests.opendata.conftest import run_import

EXPORT_ONLY = ("profile_url", "last_published")


def rows_of(client):
    content = client.get("/open-data/organisations.csv").content.decode("utf-8-sig")
    return [
        {k: v for k, v in row.items() if k not in EXPORT_ONLY}
        for row in csv.DictReader(io.StringIO(content))
    ]


@pytest.fixture
def varied(atlas, add_org):
    page = add_org(
        title="Coop Alpha",
        location=(45.764043, 4.835659),
        services=["hosting", "training"],
        languages=["fr", "en"],
        website="https://alpha.example",
        email="contact@alpha.example",
        description="<p>Hello <b>world</b> &amp; friends</p><h2>Projects</h2><p>Second</p>",
        founded_year=2010,
        countries_served=["BE", "FR"],
        data_source="Partner DB",
        source_record_id="9",
        source_licence="CC BY 4.0",
        national_legal_form="SCIC",
        open_source=True,
        open_source_note="All AGPL",
        staff_size="1-9",
        scope="european",
    )
    OrganisationSocialLink.objects.create(page=page, kind="mastodon", url="https://m.example/@a")
    page.save_revision().publish()
    add_org(
        title="Beta, “quoted”; and more",
        description="<p>Line one</p><p>Line two, with a comma</p>",
        online_only=True,
        provides_tools=True,
    )
    return page


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_export_imports_back_unchanged(client, varied, atlas_source, fmt):
    content = client.get(f"/open-data/organisations.{fmt}").content
    report = run_import(atlas_source, content, filename=f"atlas.{fmt}")
    assert [row.status for row in report.rows] == ["unchanged", "unchanged"], report.to_csv()
    assert report.ignored_columns == list(EXPORT_ONLY)


def test_export_imports_into_an_empty_atlas_identically(client, varied, atlas_source):
    before = rows_of(client)
    content = client.get("/open-data/organisations.csv").content
    for page in OrganisationPage.objects.exclude(alias_of=None):
        page.delete()
    for page in OrganisationPage.objects.all():
        page.delete()
    assert rows_of(client) == []
    report = run_import(atlas_source, content, filename="atlas.csv")
    assert report.summary["new"] == 2
    assert rows_of(client) == before
