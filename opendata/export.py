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
from django.db.models import Count, Max

from core.spreadsheets import neutralise_row
from directory import cache as organisation_cache
from directory.choices import LegalFormFamily
from opendata.rows import exported_organisations, iter_rows
from opendata.schema import COLUMN_NAMES

CACHE_VERSION_KEY = organisation_cache.VERSION_KEY
CACHE_TIMEOUT = 24 * 3600
FORMATS = {
    "csv": ("text/csv; charset=utf-8", "atlas-organisations.csv"),
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
    return buffer.getvalue().encode("utf-8")


def build_geojson(rows, licence):
    features = []
    for row in rows:
        properties = {k: v for k, v in row.items() if k not in ("latitude", "longitude")}
        geometry = None
        if row["latitude"] and row["longitude"]:
            geometry = {
                "type": "Point",
                "coordinates": [float(row["longitude"]), float(row["latitude"])],
            }
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


def schema_org_organisation(row):
    """schema.org Organization for one export row."""
    node = {
        "@type": "Organization",
        "@id": row["profile_url"] or f"urn:uuid:{row['atlas_id']}",
        "identifier": row["atlas_id"],
        "name": row["name"],
        "description": row["summary"],
        "url": row["website"] or row["profile_url"],
        "address": {
            "@type": "PostalAddress",
            "addressCountry": row["country"],
            **({"streetAddress": row["address"]} if row["address"] else {}),
            **({"postalCode": row["postcode"]} if row["postcode"] else {}),
            **({"addressLocality": row["city"]} if row["city"] else {}),
        },
        "additionalType": str(LegalFormFamily(row["legal_form"]).label)
        if row["legal_form"] in LegalFormFamily.values
        else row["legal_form"],
        "keywords": [row["sector"], *filter(None, row["services"].split("|"))],
    }
    if row["email"]:
        node["email"] = row["email"]
    if row["phone"]:
        node["telephone"] = row["phone"]
    if row["founded_year"]:
        node["foundingDate"] = row["founded_year"]
    if row["latitude"] and row["longitude"]:
        node["location"] = {
            "@type": "Place",
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": float(row["latitude"]),
                "longitude": float(row["longitude"]),
            },
        }
    if row["languages"]:
        node["knowsLanguage"] = row["languages"].split("|")
    if row["countries_served"]:
        node["areaServed"] = row["countries_served"].split("|")
    same_as = [pair.split(" ", 1)[1] for pair in row["social_links"].split("|") if " " in pair]
    if same_as:
        node["sameAs"] = same_as
    return node


def build_jsonld(rows, licence):
    graph = [
        {
            "@type": "Dataset",
            "@id": "#dataset",
            "name": "Social Tech Atlas organisations",
            "license": licence["licence_url"],
            "creditText": licence["attribution"],
        }
    ]
    graph += [schema_org_organisation(row) for row in rows]
    data = {"@context": "https://schema.org", "@graph": graph}
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def build_export(fmt, request=None, queryset=None):
    rows = iter_rows(queryset, request)
    if fmt == "csv":
        return build_csv(rows)
    licence = licence_info(request)
    if fmt == "geojson":
        return build_geojson(rows, licence)
    if fmt == "jsonld":
        return build_jsonld(rows, licence)
    raise ValueError(fmt)


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
