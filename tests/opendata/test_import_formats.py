"""Imports read real-world files: encodings, delimiters, quoting, XLSX, JSON and GeoJSON."""

import io
import json

from directory.models import OrganisationPage
from tests.opendata.conftest import by_name, partner_csv, run_import

ROW = (
    "42;Coop Numérique;Aide les associations;https://coop-num.example;"
    "contact@coop-num.example;;Lyon;FR;45,764;4,8357;Numérique solidaire;"
    "Coopérative;"
)


def test_utf8_semicolons_and_decimal_commas_are_read(partner):
    report = run_import(partner, partner_csv(ROW))
    assert report.summary["new"] == 1
    page = OrganisationPage.objects.get(title="Coop Numérique", locale__language_code="en")
    assert (page.latitude, page.longitude) == (45.764, 4.8357)
    assert page.legal_form == "cooperative" and page.sector.slug == "digital-inclusion"
    assert page.data_source == "Réseau Partenaire" and page.source_licence == "CC BY 4.0"
    assert page.live and page.aliases.count() == 2  # the French and German trees list it too


def test_windows_1252_file_is_read(partner):
    report = run_import(partner, partner_csv(ROW, encoding="cp1252"))
    assert by_name(report)["Coop Numérique"].status == "new"


def test_utf8_with_bom_is_read(partner):
    report = run_import(partner, b"\xef\xbb\xbf" + partner_csv(ROW))
    assert report.rows[0].values["source_record_id"] == "42"
    assert report.summary["new"] == 1


def test_comma_delimiter_quoted_newlines_blank_lines_and_odd_columns(partner):
    content = (
        "ID,Nom,Présentation,Ville,Pays,Secteur,Forme,Colonne en trop\n"
        '1,"Coop, Libre","Première ligne\nseconde ligne",Lyon,FR,'
        "Numérique solidaire,Coopérative,x\n"
        "\n"
        "2,Asso Deux,Aide,Paris,FR,Numérique solidaire,Association loi 1901\n"
    ).encode()
    report = run_import(partner, content)
    rows = by_name(report)
    assert rows["Coop, Libre"].status == "new"
    assert rows["Coop, Libre"].values["summary"] == "Première ligne seconde ligne"
    assert rows["Asso Deux"].status == "new"  # a short row: missing cells are empty
    assert report.summary["rows"] == 2  # the blank line is not a row
    assert "Colonne en trop" in report.ignored_columns


def test_xlsx_file_is_read(partner):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ID", "Nom", "Présentation", "Ville", "Pays", "Lat", "Lon", "Secteur", "Forme"])
    sheet.append(
        [7, "Coop Tableur", "Aide", "Lyon", "FR", 45.75, 4.85, "Numérique solidaire", "Coopérative"]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run_import(partner, buffer.getvalue(), filename="partner.xlsx")
    row = by_name(report)["Coop Tableur"]
    assert row.status == "new" and row.values["source_record_id"] == "7"
    assert row.values["latitude"] == "45.750000"


def test_json_list_is_read(partner):
    content = json.dumps(
        {
            "records": [
                {
                    "ID": "j1",
                    "Nom": "Coop Json",
                    "Présentation": "Aide",
                    "Ville": "Lyon",
                    "Pays": "FR",
                    "Secteur": "Numérique solidaire",
                    "Forme": "Coopérative",
                    "Lat": 45.7,
                    "Lon": 4.8,
                }
            ]
        }
    ).encode()
    report = run_import(partner, content, filename="partner.json")
    assert by_name(report)["Coop Json"].status == "new"


def test_geojson_points_give_the_location(partner):
    content = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [4.8, 45.7]},
                    "properties": {
                        "ID": "g1",
                        "Nom": "Coop Geo",
                        "Présentation": "Aide",
                        "Pays": "FR",
                        "Secteur": "Numérique solidaire",
                        "Forme": "Coopérative",
                    },
                },
                {
                    "type": "Feature",
                    "geometry": {"type": "Polygon", "coordinates": []},
                    "properties": {
                        "ID": "g2",
                        "Nom": "Coop Polygon",
                        "Présentation": "Aide",
                        "Secteur": "Numérique solidaire",
                        "Forme": "Coopérative",
                    },
                },
            ],
        }
    ).encode()
    report = run_import(partner, content, filename="partner.geojson")
    rows = by_name(report)
    assert rows["Coop Geo"].values["latitude"] == "45.700000"
    assert rows["Coop Polygon"].status == "rejected"
    assert "invalid coordinates" in rows["Coop Polygon"].reasons[0]
