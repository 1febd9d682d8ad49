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
from collections import defaultdict

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Max

from wagtail.models import Locale, Page

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
        # A plain prefetch (Orderable already sorts by sort_order): with a Prefetch queryset,
        # modelcluster would hand later queries on the relation (Wagtail's alias copying does
        # `.order_by("pk")`) the unfiltered queryset, that is every organisation's links.
        "social_links",
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


# The page fields an export reads, fetched with `.values()`: building 10,000 model instances
# with their prefetched relations takes several times longer than the export itself.
RECORD_FIELDS = [
    "pk",
    "path",
    "slug",
    "translation_key",
    "title",
    "summary",
    "description",
    "website",
    "email",
    "phone",
    "address",
    "postcode",
    "city",
    "country",
    "latitude",
    "longitude",
    "online_only",
    "legal_form",
    "national_legal_form",
    "supports_transition",
    "provides_tools",
    "scope",
    "countries_served",
    "founded_year",
    "staff_size",
    "open_source",
    "open_source_note",
    "data_source",
    "source_record_id",
    "source_licence",
    "last_verified",
    "last_published_at",
]
CHUNK_SIZE = 2000


def page_record(page):
    """The record `organisation_row` reads, from a page with its relations prefetched."""
    record = {name: getattr(page, name) for name in RECORD_FIELDS}
    record["sector__slug"] = page.sector.slug
    record["services"] = [service.slug for service in page.services.all()]
    record["languages"] = [language.code for language in page.languages.all()]
    record["social_links"] = [(link.kind, link.url) for link in page.social_links.all()]
    return record


def iter_records(queryset):
    """Records of every page of `queryset`, in its order, with five queries per 2,000 pages."""
    through_services = OrganisationPage.services.through.objects
    through_languages = OrganisationPage.languages.through.objects
    rows = list(queryset.values(*RECORD_FIELDS, "sector__slug"))
    for start in range(0, len(rows), CHUNK_SIZE):
        chunk = rows[start : start + CHUNK_SIZE]
        ids = [row["pk"] for row in chunk]
        services, languages, links = defaultdict(list), defaultdict(list), defaultdict(list)
        for page_id, slug in through_services.filter(organisationpage_id__in=ids).values_list(
            "organisationpage_id", "service__slug"
        ):
            services[page_id].append(slug)
        for page_id, code in through_languages.filter(organisationpage_id__in=ids).values_list(
            "organisationpage_id", "language__code"
        ):
            languages[page_id].append(code)
        for page_id, kind, url in (
            OrganisationSocialLink.objects.filter(page_id__in=ids)
            .order_by("sort_order", "pk")
            .values_list("page_id", "kind", "url")
        ):
            links[page_id].append((kind, url))
        for row in chunk:
            row["services"] = services[row["pk"]]
            row["languages"] = languages[row["pk"]]
            row["social_links"] = links[row["pk"]]
            yield row


def _codes(value):
    if not value:
        return []
    if isinstance(value, str):
        return [code for code in value.split(",") if code]
    return [str(getattr(code, "code", code)) for code in value]


def organisation_row(record, profile_url="", public=True):
    """One organisation in the open data format, as strings.

    `record` comes from `page_record` or `iter_records`. `public` leaves out any personal
    email or mobile number, even one a legal basis let in; imports compare what they would
    store with `public=False`.
    """
    country = str(record["country"] or "")
    email, phone = record["email"], record["phone"]
    if public:
        email = "" if is_personal_email(email) else email
        phone = "" if is_mobile_number(phone, country) else phone
    last_verified, last_published = record["last_verified"], record["last_published_at"]
    return {
        "atlas_id": str(record["translation_key"]),
        "name": record["title"],
        "summary": record["summary"],
        "description": rich_text_to_plain(record["description"]),
        "website": record["website"],
        "email": email,
        "phone": phone,
        "address": record["address"],
        "postcode": record["postcode"],
        "city": record["city"],
        "country": country,
        "latitude": format_coordinate(record["latitude"]),
        "longitude": format_coordinate(record["longitude"]),
        "online_only": format_bool(record["online_only"]),
        "sector": record["sector__slug"],
        "legal_form": record["legal_form"],
        "national_legal_form": record["national_legal_form"],
        "supports_transition": format_bool(record["supports_transition"]),
        "provides_tools": format_bool(record["provides_tools"]),
        "services": join_multi(sorted(record["services"])),
        "scope": record["scope"],
        "countries_served": join_multi(sorted(_codes(record["countries_served"]))),
        "languages": join_multi(sorted(record["languages"])),
        "founded_year": str(record["founded_year"] or ""),
        "staff_size": record["staff_size"],
        "open_source": format_bool(record["open_source"]),
        "open_source_note": record["open_source_note"],
        "social_links": join_multi(f"{kind} {url}" for kind, url in record["social_links"]),
        "source": record["data_source"],
        "source_record_id": record["source_record_id"],
        "source_licence": record["source_licence"],
        "last_verified": last_verified.isoformat() if last_verified else "",
        "profile_url": profile_url,
        "last_published": last_published.isoformat(timespec="seconds") if last_published else "",
    }


def iter_rows(queryset=None, request=None):
    """Export rows; a profile's address is its directory's address plus its slug."""
    queryset = exported_organisations() if queryset is None else queryset
    parent_urls = {}
    for record in iter_records(queryset):
        parent_path = record["path"][: -Page.steplen]
        if parent_path not in parent_urls:
            parent = Page.objects.filter(path=parent_path).first()
            parent_urls[parent_path] = (parent.get_full_url(request) or "") if parent else ""
        base = parent_urls[parent_path]
        yield organisation_row(record, f"{base}{record['slug']}/" if base else "")


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
