"""The open data exports: CSV, GeoJSON and JSON-LD of every live, public organisation.

Only public fields of live pages go out: no drafts, no submitter data, and any personal
email or mobile number is left out even if it reached a profile. Exports are built from
one row per organisation (`organisation_row`), so every format says the same thing, and
cached until something they show changes (see `signals.py`).
"""

import csv
import io
import json

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Max, Min

from core.spreadsheets import neutralise_row
from directory import cache as organisation_cache
from directory.identifiers import format_identifiers
from opendata.linked_data import CONTEXT, catalogue_nodes, organisation_node, vocabulary_nodes
from opendata.rows import exported_organisations, iter_rows, typed_row
from opendata.schema import COLUMN_NAMES, MULTI_SEPARATOR
from opendata.vocabularies import site_root

CACHE_VERSION_KEY = organisation_cache.VERSION_KEY
CACHE_TIMEOUT = 24 * 3600
FORMATS = {
    "csv": ("text/csv; charset=utf-8; header=present", "atlas-organisations.csv"),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "atlas-organisations.xlsx",
    ),
    "geojson": ("application/geo+json", "atlas-organisations.geojson"),
    "jsonld": ("application/ld+json", "atlas-organisations.jsonld"),
}


# --- Formats ---
def licence_info(request=None):
    from opendata.models import OpenDataSettings

    if request is not None:
        settings = OpenDataSettings.for_request(request)
    else:
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
        settings = OpenDataSettings.for_site(site) if site else OpenDataSettings()
    return {
        "licence": settings.licence_name,
        "licence_url": settings.licence_url,
        "attribution": settings.attribution,
    }


def build_csv(rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMN_NAMES)
    writer.writeheader()
    # No cell a spreadsheet would run as a formula (core.spreadsheets; the importer undoes it).
    writer.writerows(neutralise_row(row) for row in rows)
    # With a byte order mark, a spreadsheet opened by double-click reads UTF-8 (not Windows-1252:
    # "Košice" stays "Košice"); CSV readers and the Atlas's own import skip it.
    return buffer.getvalue().encode("utf-8-sig")


def build_geojson(rows, licence):
    features = []
    for row in rows:
        # Typed like the API: booleans, integers, arrays, null for an empty value.
        properties = typed_row(row)
        latitude, longitude = properties.pop("latitude"), properties.pop("longitude")
        geometry = None
        if latitude is not None and longitude is not None:
            geometry = {"type": "Point", "coordinates": [longitude, latitude]}
        features.append(
            {
                "type": "Feature",
                "id": row["atlas_id"],
                "geometry": geometry,
                "properties": properties,
            }
        )
    data = {
        "type": "FeatureCollection",
        "name": "Social Tech Atlas organisations",
        "license": licence["licence"],
        "license_url": licence["licence_url"],
        "attribution": licence["attribution"],
        "features": features,
    }
    return json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder).encode("utf-8")


def build_jsonld(rows, request=None):
    """schema.org JSON-LD: the catalogue and dataset, the vocabularies as SKOS, and every
    organisation (see `linked_data`)."""
    from opendata.catalogue import dataset_description

    root = site_root(request)
    graph = catalogue_nodes(dataset_description(request))
    graph += vocabulary_nodes(root)
    graph += [organisation_node(typed_row(row), root) for row in rows]
    data = {"@context": CONTEXT, "@graph": graph}
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


# openpyxl reads a string starting with "=" as a formula: each cell is given its type itself.
XLSX_CELL_TYPES = {bool: "b", int: "n", float: "n"}


def build_xlsx(rows):
    """The rows as a workbook of typed cells: numbers, booleans, dates and text (never a
    formula, so "250+" or "=1+1" stay the text they are), lists "|"-separated as in the CSV."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("organisations")

    def cell(value):
        result = WriteOnlyCell(sheet)
        if isinstance(value, dict):  # identifiers: as in the CSV
            value = format_identifiers(value)
        if isinstance(value, list):
            value = MULTI_SEPARATOR.join(
                f"{item['network']} {item['url']}" if isinstance(item, dict) else item
                for item in value
            )
        result.value = value
        if value is not None:
            result.data_type = XLSX_CELL_TYPES.get(type(value), "s")
        return result

    sheet.append([cell(name) for name in COLUMN_NAMES])
    for row in rows:
        typed = typed_row(row)
        sheet.append([cell(typed[name]) for name in COLUMN_NAMES])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_export(fmt, request=None, queryset=None):
    rows = iter_rows(queryset, request)
    if fmt == "csv":
        return build_csv(rows)
    if fmt == "xlsx":
        return build_xlsx(rows)
    if fmt == "geojson":
        return build_geojson(rows, licence_info(request))
    if fmt == "jsonld":
        return build_jsonld(rows, request)
    if fmt == "datapackage":
        from opendata.datapackage import build_datapackage

        return build_datapackage(request)
    raise ValueError(fmt)


# --- A view's organisations (the map's "download this view") ---
VIEW_PARAMETERS = ("q", "bbox", "sector", "country", "form", "role", "service", "language")


def view_queryset(request):
    """The organisations that the directory's parameters in the request select, or None when
    there is none (the whole dataset, cached). Same meaning as the directory and the map."""
    if not any(request.GET.get(name) for name in VIEW_PARAMETERS):
        return None
    from directory.filters import DirectoryFilter

    return DirectoryFilter(request.GET, exported_organisations()).filtered()


# --- Cache ---
def invalidate_exports():
    """Forget every cached export, with everything else derived from organisations."""
    organisation_cache.invalidate()


def get_export(fmt, request=None):
    """The export in `fmt`, from the cache when nothing changed since it was built."""
    key = f"opendata:export:{fmt}:{organisation_cache.version()}"
    content = cache.get(key)
    if content is None:
        content = build_export(fmt, request)
        cache.set(key, content, CACHE_TIMEOUT)
    return content


# --- Open data page ---
def dataset_summary():
    return (
        exported_organisations()
        .order_by()
        .aggregate(
            organisations=Count("pk"),
            countries=Count("country", distinct=True),
            first_published=Min("first_published_at"),
            last_updated=Max("last_published_at"),
        )
    )


def source_attributions():
    """Each source of the published organisations, with its licence and attribution."""
    from opendata.models import DataSource

    counts = (
        exported_organisations()
        .exclude(data_source="")
        .order_by()
        .values("data_source", "source_licence")
        .annotate(n=Count("pk"))
    )
    registered = {source.name: source for source in DataSource.objects.all()}
    sources = {}
    for row in counts:
        entry = sources.setdefault(
            row["data_source"],
            {
                "name": row["data_source"],
                "licences": set(),
                "count": 0,
                "source": registered.get(row["data_source"]),
            },
        )
        entry["count"] += row["n"]
        if row["source_licence"]:
            entry["licences"].add(row["source_licence"])
    for entry in sources.values():
        source = entry["source"]
        if source and source.licence:
            entry["licences"].add(source.licence)
        entry["licences"] = sorted(entry["licences"])
        entry["attribution"] = source.attribution if source else ""
        entry["website"] = source.website if source else ""
        entry["licence_url"] = source.licence_url if source else ""
    return sorted(sources.values(), key=lambda entry: str(entry["name"]).casefold())
