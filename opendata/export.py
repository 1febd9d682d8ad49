"""The open data exports: CSV, GeoJSON and JSON-LD of every live, public organisation.

Only public fields of live pages go out: no drafts, no submitter data, and any personal
email or mobile number is left out even if it reached a profile. Exports are built from
one row per organisation (`organisation_row`), so every format says the same thing, and
cached until something they show changes (see `signals.py`).
"""

import csv
import io
import json
import uuid

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Max, Prefetch

from wagtail.models import Locale

from directory.choices import LegalFormFamily
from directory.models import OrganisationPage, OrganisationSocialLink
from opendata.gdpr import is_mobile_number, is_personal_email
from opendata.schema import (
    COLUMN_NAMES,
    format_bool,
    format_coordinate,
    join_multi,
    rich_text_to_plain,
)

CACHE_VERSION_KEY = "opendata:version"
CACHE_TIMEOUT = 24 * 3600
FORMATS = {
    "csv": ("text/csv; charset=utf-8", "atlas-organisations.csv"),
    "geojson": ("application/geo+json", "atlas-organisations.geojson"),
    "jsonld": ("application/ld+json", "atlas-organisations.jsonld"),
}


def organisations_with_relations():
    """Organisation pages with everything `organisation_row` reads, fetched in four queries."""
    return OrganisationPage.objects.select_related("sector").prefetch_related(
        "services",
        "languages",
        Prefetch("social_links", queryset=OrganisationSocialLink.objects.order_by("sort_order")),
    )


def exported_organisations():
    """Live, public organisations, once each: the default language's tree holds every one."""
    return (
        organisations_with_relations()
        .live()
        .public()
        .filter(locale=Locale.get_default())
        .order_by("title", "pk")
    )


def organisation_row(page, profile_url="", public=True):
    """One organisation in the open data format, as strings.

    `public` leaves out any personal email or mobile number, even one a legal basis let in;
    imports compare with `public=False`, the values as stored.
    """
    country = str(page.country or "")
    email, phone = page.email, page.phone
    if public:
        email = "" if is_personal_email(email) else email
        phone = "" if is_mobile_number(phone, country) else phone
    return {
        "atlas_id": str(page.translation_key),
        "name": page.title,
        "summary": page.summary,
        "description": rich_text_to_plain(page.description),
        "website": page.website,
        "email": email,
        "phone": phone,
        "address": page.address,
        "postcode": page.postcode,
        "city": page.city,
        "country": country,
        "latitude": format_coordinate(page.latitude),
        "longitude": format_coordinate(page.longitude),
        "online_only": format_bool(page.online_only),
        "sector": page.sector.slug,
        "legal_form": page.legal_form,
        "national_legal_form": page.national_legal_form,
        "supports_transition": format_bool(page.supports_transition),
        "provides_tools": format_bool(page.provides_tools),
        "services": join_multi(sorted(service.slug for service in page.services.all())),
        "scope": page.scope,
        "countries_served": join_multi(sorted(c.code for c in page.countries_served)),
        "languages": join_multi(sorted(language.code for language in page.languages.all())),
        "founded_year": str(page.founded_year or ""),
        "staff_size": page.staff_size,
        "open_source": format_bool(page.open_source),
        "open_source_note": page.open_source_note,
        "social_links": join_multi(f"{link.kind} {link.url}" for link in page.social_links.all()),
        "source": page.data_source,
        "source_record_id": page.source_record_id,
        "source_licence": page.source_licence,
        "last_verified": page.last_verified.isoformat() if page.last_verified else "",
        "profile_url": profile_url,
        "last_published": (
            page.last_published_at.isoformat(timespec="seconds") if page.last_published_at else ""
        ),
    }


def iter_rows(queryset=None, request=None):
    queryset = exported_organisations() if queryset is None else queryset
    for page in queryset.iterator(chunk_size=2000):
        yield organisation_row(page, page.get_full_url(request))


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
    writer.writerows(rows)
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
def _version():
    version = cache.get(CACHE_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(CACHE_VERSION_KEY, version, None)
    return version


def invalidate_exports():
    """Forget every cached export (called whenever what they show changes)."""
    cache.set(CACHE_VERSION_KEY, uuid.uuid4().hex, None)


def get_export(fmt, request=None):
    """The export in `fmt`, from the cache when nothing changed since it was built."""
    key = f"opendata:export:{fmt}:{_version()}"
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
