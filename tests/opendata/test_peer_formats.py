"""The peers' own formats, read with their built-in mappings, on samples shaped like their
public exports (GoGoCarto, OpenFairDB JSON and CSV, ESSGlobal standard CSV) and a Murmurations
index served by a local fake server."""

import json
from pathlib import Path

import pytest

from directory.models import OrganisationPage
from opendata.models import DataSource
from tests.opendata.conftest import by_name, run_import
from tests.opendata.test_reimport import FileServer, Route

SAMPLES = Path(__file__).parent / "samples"


def source(fmt, **fields):
    return DataSource.objects.create(name=fmt, licence="ODbL 1.0", format=fmt, **fields)


def english_pages():
    return OrganisationPage.objects.filter(locale__language_code="en")


def test_gogocarto_elements_json(atlas):
    report = run_import(
        source("gogocarto"), (SAMPLES / "gogocarto-elements.json").read_bytes(), "elements.json"
    )
    rows = by_name(report)
    fabrique = rows["La Fabrique du Libre"]
    # Its first category that matches a sector ("Numérique" ≈ "Inclusion numérique") is its
    # sector; a record without a role is a draft to complete.
    assert fabrique.values["sector"] == "digital-inclusion"
    assert fabrique.values["latitude"] == "47.218400" and fabrique.values["city"] == "Nantes"
    assert fabrique.values["summary"].startswith("Atelier coopératif")
    assert "Permanences" in fabrique.values["description"]
    assert fabrique.record_id == "a1B2" and fabrique.status == "incomplete"
    assert fabrique.missing == ["legal_form", "role"]
    repair = rows["Repair Café Bellevue"]
    assert repair.values["website"] == "https://repair-bellevue.example.org"
    assert len(repair.dropped) == 2  # a personal email and a mobile number
    assert rows["Hébergement Éthique Lyonnais"].values["sector"] == "hosting"
    assert report.summary["rejected"] == 1  # no name
    assert english_pages().count() == 3


@pytest.mark.parametrize(
    ("sample", "filename"),
    [("openfairdb-entries.json", "entries.json"), ("openfairdb-export.csv", "export.csv")],
)
def test_openfairdb_entries_json_and_csv_export(atlas, sample, filename):
    report = run_import(source("openfairdb"), (SAMPLES / sample).read_bytes(), filename)
    kiel = by_name(report)["Offene Werkstatt Kiel"]
    assert kiel.values["country"] == "DE" and kiel.values["postcode"] == "24105"
    assert kiel.values["website"] == "https://werkstatt-kiel.example.de"
    # No summary in the format: the description's beginning is the summary.
    assert kiel.values["summary"].startswith("Offene Werkstatt")
    assert kiel.record_id == "2f8e3b1c9a4d4e6f8b7a6c5d4e3f2a1b"
    if filename.endswith(".json"):
        assert any("contact_name" in str(item) for item in kiel.dropped)
        assert "invalid coordinates" in by_name(report)["Falscher Ort"].reasons[0]
        assert by_name(report)["Digitalcourage Ortsgruppe"].dropped  # a personal email
    assert report.summary["incomplete"] == 2


def test_essglobal_standard_csv(atlas):
    report = run_import(
        source("essglobal"), (SAMPLES / "essglobal-standard.csv").read_bytes(), "standard.csv"
    )
    rows = by_name(report)
    agile = rows["Agile Collective"]
    assert agile.values["legal_form"] == "cooperative"  # "Worker co-operative"
    assert agile.values["country"] == "GB" and agile.values["city"] == "Oxford"
    assert rows["Open Data Manchester"].values["legal_form"] == "social_enterprise"  # a CIC
    assert rows["Tech for Good Trust"].values["legal_form"] == "association"  # a charity
    assert rows["Tech for Good Trust"].dropped  # a personal email
    assert rows["Mystery Initiative"].status == "rejected"  # nothing to locate it
    assert report.summary["incomplete"] == 3


@pytest.fixture
def murmurations_index():
    server = FileServer()
    profile = {
        "linked_schemas": ["organizations_schema-v1.0.0"],
        "name": "The Open Co-op",
        "primary_url": "open.coop",
        "mission": "Building a collaborative economy with open tools.",
        "description": "A network of co-operatives and commons projects.",
        "locality": "Bristol",
        "country_name": "United Kingdom",
        "geolocation": {"lat": 51.4545, "lon": -2.5879},
        "email": "hello@open.coop",
        "tags": ["co-op", "open source"],
    }
    server.routes["/profiles/open.json"] = Route(
        json.dumps(profile).encode(), content_type="application/json"
    )
    index = {
        "data": [
            {
                "profile_url": server.url("/profiles/open.json"),
                "name": "The Open Co-op",
                "primary_url": "open.coop",
                "status": "posted",
            },
            {
                "profile_url": server.url("/profiles/missing.json"),
                "name": "Gone Elsewhere",
                "primary_url": "gone.example.org",
                "locality": "Leeds",
                "country": "GB",
                "latitude": 53.8,
                "longitude": -1.55,
                "status": "posted",
            },
            {"profile_url": server.url("/profiles/deleted.json"), "status": "deleted"},
        ],
        "meta": {"number_of_results": 3, "total_pages": 1},
    }
    server.routes["/v2/nodes?schema=organizations_schema-v1.0.0"] = Route(
        json.dumps(index).encode(), content_type="application/json"
    )
    yield server
    server.close()


def test_murmurations_profiles_from_an_index(atlas, murmurations_index, settings):
    from opendata.imports.fetch import fetch

    settings.ATLAS_FETCH_PRIVATE_ADDRESSES = True
    index = fetch(murmurations_index.url("/v2/nodes?schema=organizations_schema-v1.0.0"))
    report = run_import(source("murmurations"), index.content, "nodes.json")
    rows = by_name(report)
    coop = rows["The Open Co-op"]
    assert coop.values["summary"].startswith("Building a collaborative")
    assert coop.values["website"] == "https://open.coop" and coop.values["country"] == "GB"
    assert coop.values["latitude"] == "51.454500"
    assert coop.record_id.endswith("/profiles/open.json")
    gone = rows["Gone Elsewhere"]  # its profile is gone: read from what the index says
    assert gone.values["city"] == "Leeds" and gone.values["latitude"] == "53.800000"
    assert "profile not fetched" in "; ".join(gone.warnings)
    assert len(report.rows) == 2  # the deleted node is not imported
