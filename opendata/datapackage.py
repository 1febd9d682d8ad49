"""The open data as a Frictionless Data Package (`/open-data/datapackage.json`): the CSV and the
XLSX described by one Table Schema built from the field registry (types, required columns,
allowed values, the primary key), with the licence, the sources and the other downloads.

With it, `frictionless validate` checks the published files, and pandas or a spreadsheet
importer know that "250+" is a band (text), `founded_year` a year and `online_only` a boolean.
"""

import json

from django.utils import timezone

from directory.fields import FIELDS, Kind
from opendata.catalogue import dataset_description
from opendata.schema import FALSE, MULTI_SEPARATOR, TRUE
from opendata.vocabularies import SECTORS, terms

PROFILE = "data-package"
TABLE_TYPES = {
    Kind.COORDINATE: "number",
    Kind.BOOLEAN: "boolean",
    Kind.YEAR: "year",
    Kind.DATE: "date",
    Kind.DATETIME: "datetime",
}
LIST_KINDS_NOTE = f' Several values are separated by "{MULTI_SEPARATOR}".'
RANGES = {"latitude": (-90, 90), "longitude": (-180, 180)}


def table_field(field, sector_slugs):
    """One column of the Table Schema, from its registry entry."""
    column = {
        "name": field.name,
        "title": str(field.label),
        "description": str(field.description),
        "type": TABLE_TYPES.get(field.kind, "string"),
    }
    constraints = {}
    if field.kind == Kind.BOOLEAN:
        column["trueValues"], column["falseValues"] = [TRUE], [FALSE]
    if field.kind == Kind.DATETIME:
        column["format"] = "any"  # ISO 8601 with its offset, e.g. 2026-03-01T09:30:00+00:00
    if field.kind == Kind.ID:
        column["format"] = "uuid"
    if field.kind == Kind.COUNTRY:
        constraints["pattern"] = "[A-Z]{2}"
    if field.choices is not None:
        constraints["enum"] = [value for value in field.choices.values if value]
    if field.kind == Kind.SECTOR and sector_slugs:
        constraints["enum"] = sector_slugs
    if field.name in RANGES:
        constraints["minimum"], constraints["maximum"] = RANGES[field.name]
    if field.required or field.kind == Kind.ID:
        constraints["required"] = True
    if field.kind == Kind.ID:
        constraints["unique"] = True
    if field.multiple:
        column["description"] += LIST_KINDS_NOTE
    if constraints:
        column["constraints"] = constraints
    return column


def table_schema():
    sector_slugs = sorted(term["slug"] for term in terms(SECTORS))
    return {
        "fields": [table_field(field, sector_slugs) for field in FIELDS],
        "primaryKey": "atlas_id",
        "missingValues": [""],
    }


def build_datapackage(request=None):
    dataset = dataset_description(request)
    schema = table_schema()
    by_format = {download["format"]: download for download in dataset["downloads"]}
    resources = [
        {
            "name": "organisations",
            "title": "Organisations (CSV)",
            "path": by_format["csv"]["url"],
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            # The file starts with a byte order mark, for spreadsheets (see export.build_csv).
            "encoding": "utf-8-sig",
            "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
            "schema": schema,
        },
        {
            "name": "organisations-xlsx",
            "title": "Organisations (Excel workbook)",
            "path": by_format["xlsx"]["url"],
            "profile": "tabular-data-resource",
            "format": "xlsx",
            "mediatype": by_format["xlsx"]["media_type"],
            "schema": schema,
        },
        {
            "name": "organisations-geojson",
            "title": "Organisations (GeoJSON)",
            "path": by_format["geojson"]["url"],
            "profile": "data-resource",
            "format": "geojson",
            "mediatype": by_format["geojson"]["media_type"],
        },
        {
            "name": "organisations-jsonld",
            "title": "Organisations (JSON-LD, schema.org)",
            "path": by_format["jsonld"]["url"],
            "profile": "data-resource",
            "format": "jsonld",
            "mediatype": by_format["jsonld"]["media_type"],
        },
    ]
    package = {
        "profile": PROFILE,
        "name": "social-tech-atlas-organisations",
        "title": dataset["name"],
        "description": dataset["description"],
        "homepage": dataset["page_url"] or f"{dataset['root']}/",
        "created": timezone.now().isoformat(timespec="seconds"),
        "keywords": dataset["keywords"],
        "licenses": [{"path": dataset["licence_url"], "title": dataset["licence"]}],
        "contributors": [{"title": dataset["attribution"], "role": "author"}],
        "sources": [
            {
                "title": str(source["name"]),
                **({"path": source["website"]} if source["website"] else {}),
            }
            for source in dataset["sources"]
        ],
        "resources": resources,
    }
    return json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")
