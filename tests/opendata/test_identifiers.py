"""External identifiers: validation per scheme, matching before names, exports and JSON-LD."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError

import pytest

from directory.identifiers import IdentifiersFormField, clean_identifier, luhn_ok, parse
from directory.models import OrganisationPage
from opendata.linked_data import organisation_node
from opendata.models import DataSource
from opendata.rows import organisation_row, page_record, typed_row
from tests.opendata.conftest import by_name, run_import

SAMPLES = Path(__file__).parent / "samples"


@pytest.mark.parametrize(
    ("scheme", "value", "expected"),
    [
        ("siren", "732 829 320", "732829320"),
        ("siret", "732 829 320 00074", "73282932000074"),
        ("siret", "35600000000048", "35600000000048"),  # La Poste's head office: Luhn
        ("siret", "35600000049837", "35600000049837"),  # a La Poste office: digits sum % 5
        ("rna", "w751234567", "W751234567"),
        ("kvk", "6954 6398", "69546398"),
        ("companies_house", "SC123456", "SC123456"),
        ("companies house", "1234567", "01234567"),
        ("vat", "FR 40 303 265 045", "FR40303265045"),
        ("vat", "DE123456789", "DE123456789"),
        ("wikidata", "https://www.wikidata.org/wiki/Q42", "Q42"),
        ("osm", "https://www.openstreetmap.org/node/123", "node/123"),
        ("openstreetmap", "way 55", "way/55"),
        ("kvm", "2f8e3b1c-9a4d-4e6f-8b7a-6c5d4e3f2a1b", "2f8e3b1c9a4d4e6f8b7a6c5d4e3f2a1b"),
        ("gogocarto", "a1B2", "a1B2"),
        ("murmurations", "https://example.org/profile.json", "https://example.org/profile.json"),
    ],
)
def test_each_scheme_normalises_a_valid_identifier(scheme, value, expected):
    assert clean_identifier(scheme, value)[1] == expected


@pytest.mark.parametrize(
    ("scheme", "value"),
    [
        ("siren", "732829321"),  # wrong Luhn digit
        ("siren", "12345678"),
        ("siret", "73282932000075"),
        ("siret", "35600000049838"),
        ("rna", "751234567"),
        ("kvk", "1234567"),
        ("companies_house", "XX123456"),
        ("vat", "FR41303265045"),  # wrong French key
        ("vat", "123"),
        ("wikidata", "P31"),
        ("osm", "area/12"),
        ("kvm", "not-an-id"),
        ("gogocarto", "a b"),
        ("murmurations", "ftp://example.org/x"),
        ("duns", "123"),
    ],
)
def test_each_scheme_rejects_a_wrong_identifier(scheme, value):
    with pytest.raises(ValidationError):
        clean_identifier(scheme, value)


def test_luhn():
    assert luhn_ok("732829320") and not luhn_ok("732829321")


def test_the_admin_field_names_each_wrong_line():
    field = IdentifiersFormField(required=False)
    assert field.clean("siret: 73282932000074\nwikidata: Q42") == {
        "siret": "73282932000074",
        "wikidata": "Q42",
    }
    with pytest.raises(ValidationError) as error:
        field.clean("siret: 73282932000075\nwikidata: Q42\nnonsense")
    messages = error.value.messages
    assert len(messages) == 2 and messages[0].startswith("siret:")
    assert field.prepare_value({"wikidata": "Q42"}) == "wikidata: Q42"


def test_the_model_refuses_a_wrong_identifier(atlas, add_org):
    page = add_org(title="Registre", identifiers={"siren": "732829320"})
    page.full_clean()
    page.identifiers = {"siren": "732829321"}
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "identifiers" in error.value.message_dict


def test_the_admin_edit_form_shows_a_field_error(atlas, add_org, admin_user):
    page = add_org(title="Registre")
    handler = OrganisationPage.get_edit_handler().bind_to_model(OrganisationPage)
    form_class = handler.get_form_class()
    form = form_class(
        instance=page,
        data={"identifiers": "siret: 123"},
        parent_page=page.get_parent(),
        for_user=admin_user,
    )
    form.is_valid()
    assert "identifiers" in form.errors
    assert "14 digits" in form.errors["identifiers"][0]


def test_exports_and_json_ld_carry_identifiers(atlas, add_org):
    page = add_org(
        title="Wiki Coop",
        identifiers={"siren": "732829320", "wikidata": "Q42", "osm": "node/123"},
    )
    row = organisation_row(page_record(page), "https://atlas.example/wiki-coop/")
    assert row["identifiers"] == "siren:732829320|wikidata:Q42|osm:node/123"
    typed = typed_row(row)
    assert typed["identifiers"] == {"siren": "732829320", "wikidata": "Q42", "osm": "node/123"}
    node = organisation_node(typed, "https://atlas.example")
    values = [item for item in node["identifier"] if isinstance(item, dict)]
    assert {"@type": "PropertyValue", "propertyID": "siren", "value": "732829320"} in values
    assert "https://www.wikidata.org/wiki/Q42" in node["sameAs"]
    assert "https://www.openstreetmap.org/node/123" in node["sameAs"]


def test_the_api_serves_identifiers_as_an_object(atlas, add_org, client):
    page = add_org(title="Api Coop", identifiers={"wikidata": "Q42"})
    data = client.get(f"/api/v1/organisations/{page.translation_key}").json()
    assert data["identifiers"] == {"wikidata": "Q42"}


CSV_HEADER = "name,summary,country,city,identifiers,supports_transition,sector,legal_form\n"


def test_an_identical_identifier_matches_before_names(atlas, add_org):
    existing = add_org(
        title="Totally Different Name", city="Lyon", identifiers={"siren": "732829320"}
    )
    source = DataSource.objects.create(name="Registre", licence="CC0")
    content = (
        CSV_HEADER
        + "Coop Renamed,Short text,FR,Paris,siren:732 829 320,true,digital-inclusion,cooperative\n"
        + "Other,Text,FR,Paris,wikidata:Q7|siren:999,true,digital-inclusion,cooperative\n"
        + "Other Twin,Text,FR,Nice,wikidata:Q7,true,digital-inclusion,cooperative\n"
    ).encode()
    report = run_import(source, content, "registre.csv")
    rows = by_name(report)
    renamed = rows["Coop Renamed"]
    assert renamed.page_key == str(existing.translation_key)
    assert renamed.status == "updated"
    assert "identifier left out" in " ".join(rows["Other"].warnings)  # siren:999
    twin = rows["Other Twin"]  # same Wikidata item as the row before, another name and city
    assert twin.status == "duplicate" and "same identifier" in twin.reasons[0]


def test_a_peer_import_fills_the_peer_id_and_a_reimport_matches_it(atlas):
    source = DataSource.objects.create(name="gogo", licence="ODbL 1.0", format="gogocarto")
    content = (SAMPLES / "gogocarto-elements.json").read_bytes()
    report = run_import(source, content, "elements.json")
    fabrique = by_name(report)["La Fabrique du Libre"]
    assert fabrique.values["identifiers"] == "gogocarto:a1B2"
    page = OrganisationPage.objects.get(title="La Fabrique du Libre", locale__language_code="en")
    assert page.identifiers == {"gogocarto": "a1B2"}
    # Another source that knows the same GoGoCarto id (say, a Transiscope mirror) matches it.
    mirror = DataSource.objects.create(name="mirror", licence="ODbL 1.0", format="gogocarto")
    data = json.loads(content)
    data["data"] = [item for item in data["data"] if item.get("id") == "a1B2"]
    data["data"][0]["name"] = "Fabrique du Libre (Transiscope)"
    again = run_import(mirror, json.dumps(data).encode(), "elements.json")
    assert again.rows[0].page_key == str(page.translation_key)


def test_openfairdb_fills_the_kvm_id(atlas):
    source = DataSource.objects.create(name="kvm", licence="ODbL 1.0", format="openfairdb")
    report = run_import(source, (SAMPLES / "openfairdb-entries.json").read_bytes(), "e.json")
    kiel = by_name(report)["Offene Werkstatt Kiel"]
    assert kiel.values["identifiers"] == "kvm:2f8e3b1c9a4d4e6f8b7a6c5d4e3f2a1b"


def test_parse_reads_pipes_and_lines():
    assert parse("siren:732829320|wikidata:Q42")[0] == {"siren": "732829320", "wikidata": "Q42"}
    assert parse("bad")[1]
