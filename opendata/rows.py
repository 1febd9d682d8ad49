"""Organisations as rows of the open data format: every field of `directory.fields`, written
as a string (the CSV, the comparison of an import with the atlas) or typed (GeoJSON, the API).

Only public fields of live pages go out: no drafts, no submitter data, and any personal email
or mobile number is left out even if it reached a profile.
"""

from collections import defaultdict

from wagtail.models import Locale, Page

from directory.fields import FIELDS, MULTI_KINDS, Kind
from directory.identifiers import format_identifiers, parse
from directory.models import OrganisationPage, OrganisationSocialLink
from opendata.gdpr import is_mobile_number, is_personal_email
from opendata.schema import (
    MULTI_SEPARATOR,
    TRUE,
    format_bool,
    format_coordinate,
    join_multi,
    rich_text_to_plain,
)


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
        .filter(locale=Locale.get_default(), archived_at__isnull=True)
        .order_by("title", "pk")
    )


# The page fields an export reads, fetched with `.values()`: building 10,000 model instances
# with their prefetched relations takes several times longer than the export itself.
RECORD_FIELDS = [
    "pk",
    "path",
    "slug",
    "translation_key",
    *[
        field.model_attribute
        for field in FIELDS
        if field.stored and field.kind not in (Kind.SECTOR, Kind.SERVICES, Kind.LANGUAGES)
    ],
]
# Where `organisation_row` finds each field in a record (the sector by its slug).
RECORD_KEYS = {
    field.name: "sector__slug" if field.kind == Kind.SECTOR else field.model_attribute
    for field in FIELDS
}
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


def _text(value):
    return "" if value is None else str(value)


# How each kind of field is written as a string, from the record's value.
WRITERS = {
    Kind.RICH_TEXT: rich_text_to_plain,
    Kind.COORDINATE: format_coordinate,
    Kind.BOOLEAN: format_bool,
    Kind.SECTOR: _text,
    Kind.SERVICES: lambda value: join_multi(sorted(value)),
    Kind.LANGUAGES: lambda value: join_multi(sorted(value)),
    Kind.COUNTRIES: lambda value: join_multi(sorted(_codes(value))),
    Kind.YEAR: lambda value: str(value or ""),
    Kind.DATE: lambda value: value.isoformat() if value else "",
    Kind.DATETIME: lambda value: value.isoformat(timespec="seconds") if value else "",
    Kind.SOCIAL_LINKS: lambda value: join_multi(f"{kind} {url}" for kind, url in value),
    Kind.IDENTIFIERS: format_identifiers,
}


def organisation_row(record, profile_url="", public=True):
    """One organisation in the open data format, as strings, one per field of the registry.

    `record` comes from `page_record` or `iter_records`. `public` leaves out any personal
    email or mobile number, even one a legal basis let in; imports compare what they would
    store with `public=False`.
    """
    row = {}
    for field in FIELDS:
        value = record.get(RECORD_KEYS[field.name])
        row[field.name] = WRITERS.get(field.kind, _text)(value)
    row["profile_url"] = profile_url
    if public:
        if is_personal_email(row["email"]):
            row["email"] = ""
        if is_mobile_number(row["phone"], row["country"]):
            row["phone"] = ""
    return row


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


# How each kind of field is typed in the API and the GeoJSON, from its string.
def _multi(value):
    return [item for item in value.split(MULTI_SEPARATOR) if item]


def _links(value):
    links = []
    for pair in _multi(value):
        network, _sep, url = pair.partition(" ")
        links.append({"network": network, "url": url})
    return links


READERS = {
    Kind.COORDINATE: lambda value: float(value) if value else None,
    Kind.YEAR: lambda value: int(value) if value else None,
    Kind.BOOLEAN: lambda value: value == TRUE,
    Kind.DATE: lambda value: value or None,
    Kind.DATETIME: lambda value: value or None,
    Kind.SOCIAL_LINKS: _links,
    Kind.IDENTIFIERS: lambda value: parse(value)[0],
    **dict.fromkeys(MULTI_KINDS - {Kind.SOCIAL_LINKS}, _multi),
}


def typed_row(row):
    """The row with each value in its type: numbers, booleans, lists, None when empty."""
    return {name: READERS.get(BY_KIND[name], str)(value) for name, value in row.items()}


BY_KIND = {field.name: field.kind for field in FIELDS}
