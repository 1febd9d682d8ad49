"""The read-only JSON API: the directory's filters, pagination and an OpenAPI description.

It serves the same public fields as the exports (`export.organisation_row`), typed.
"""

import uuid

from django.core.paginator import EmptyPage, Paginator

from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from pydantic import Field

from directory.choices import SortOrder
from directory.filters import DirectoryFilter
from opendata.export import (
    exported_organisations,
    licence_info,
    organisation_row,
    page_record,
)

MAX_PAGE_SIZE = 100

api = NinjaAPI(
    title="Social Tech Atlas API",
    version="1",
    description=(
        "Read-only open data of the Social Tech Atlas: the social and solidarity economy "
        "organisations in social tech. Same filters as the directory; CORS open for GET. "
        "Data under the licence named in every list response."
    ),
    urls_namespace="opendata-api",
    docs_url=None,  # Swagger UI would load scripts from a CDN: the JSON description is enough.
)


class SocialLink(Schema):
    network: str
    url: str


class Organisation(Schema):
    atlas_id: str = Field(description="Stable identifier, the same in every language.")
    name: str
    summary: str
    description: str = Field(description="Plain text; paragraphs separated by a blank line.")
    website: str
    email: str
    phone: str
    address: str
    postcode: str
    city: str
    country: str = Field(description="ISO 3166-1 alpha-2.")
    latitude: float | None
    longitude: float | None
    online_only: bool
    sector: str = Field(description="Sector slug.")
    legal_form: str
    national_legal_form: str
    supports_transition: bool
    provides_tools: bool
    services: list[str]
    scope: str
    countries_served: list[str]
    languages: list[str]
    founded_year: int | None
    staff_size: str
    open_source: bool
    open_source_note: str
    social_links: list[SocialLink]
    source: str
    source_record_id: str
    source_licence: str
    last_verified: str | None
    profile_url: str
    last_published: str | None


class OrganisationList(Schema):
    count: int
    page: int
    page_size: int
    num_pages: int
    next: str | None
    previous: str | None
    licence: str
    licence_url: str
    attribution: str
    results: list[Organisation]


class Error(Schema):
    detail: str


class OrganisationFilters(Schema):
    q: str = Field("", description="Full-text search (name, summary, city, services…).")
    sector: list[str] = Field([], description="Sector slugs (any of).")
    country: list[str] = Field([], description="ISO 3166-1 alpha-2 codes (any of).")
    form: list[str] = Field([], description="Legal form families (any of).")
    role: list[str] = Field([], description="support and/or tools.")
    service: list[str] = Field([], description="Service slugs (any of).")
    language: list[str] = Field([], description="ISO 639-1 codes (any of).")
    sort: SortOrder = Field(SortOrder.NAME, description="name or updated.")
    page: int = Field(1, ge=1)
    page_size: int = Field(24, ge=1, le=MAX_PAGE_SIZE)


def _typed(row):
    def multi(value):
        return [item for item in value.split("|") if item]

    def number(value, cast):
        return cast(value) if value else None

    links = []
    for pair in multi(row["social_links"]):
        network, _, url = pair.partition(" ")
        links.append({"network": network, "url": url})
    return {
        **row,
        "latitude": number(row["latitude"], float),
        "longitude": number(row["longitude"], float),
        "founded_year": number(row["founded_year"], int),
        "online_only": row["online_only"] == "true",
        "supports_transition": row["supports_transition"] == "true",
        "provides_tools": row["provides_tools"] == "true",
        "open_source": row["open_source"] == "true",
        "services": multi(row["services"]),
        "countries_served": multi(row["countries_served"]),
        "languages": multi(row["languages"]),
        "social_links": links,
        "last_verified": row["last_verified"] or None,
        "last_published": row["last_published"] or None,
    }


def _page_url(request, number):
    params = request.GET.copy()
    params["page"] = number
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@api.get(
    "/organisations",
    response={200: OrganisationList, 404: Error},
    url_name="list_organisations",
    summary="List organisations",
    description="Live organisations, filtered like the directory, ordered by name or update.",
)
def list_organisations(request, filters: Query[OrganisationFilters]):
    directory_filter = DirectoryFilter(request.GET, exported_organisations())
    order = (
        ("title", "pk") if directory_filter.sort == SortOrder.NAME else ("-last_published_at", "pk")
    )
    queryset = directory_filter.filtered().order_by(*order)
    paginator = Paginator(queryset, filters.page_size)
    try:
        page = paginator.page(filters.page)
    except EmptyPage as error:
        if filters.page == 1:  # no result at all is an empty first page, not an error
            page = paginator.get_page(1)
        else:
            raise HttpError(404, f"Page {filters.page} does not exist.") from error
    return {
        "count": paginator.count,
        "page": page.number,
        "page_size": filters.page_size,
        "num_pages": paginator.num_pages,
        "next": _page_url(request, page.next_page_number()) if page.has_next() else None,
        "previous": (
            _page_url(request, page.previous_page_number()) if page.has_previous() else None
        ),
        **licence_info(request),
        "results": [
            _typed(organisation_row(page_record(organisation), organisation.get_full_url(request)))
            for organisation in page.object_list
        ],
    }


@api.get(
    "/organisations/{atlas_id}",
    response={200: Organisation, 404: Error},
    url_name="get_organisation",
    summary="One organisation",
)
def get_organisation(request, atlas_id: str):
    try:
        key = uuid.UUID(atlas_id)
    except ValueError as error:
        raise HttpError(404, "No such organisation.") from error
    organisation = exported_organisations().filter(translation_key=key).first()
    if organisation is None:
        raise HttpError(404, "No such organisation.")
    return _typed(organisation_row(page_record(organisation), organisation.get_full_url(request)))
