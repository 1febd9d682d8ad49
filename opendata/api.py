"""The read-only JSON API: the directory's filters, pagination and an OpenAPI description.

It serves the same public fields as the exports (`rows.organisation_row`), typed, with a
schema built from the field registry (`directory.fields`).
"""

import uuid

from django.core.paginator import EmptyPage, Paginator

from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from pydantic import Field, create_model

from directory.choices import SortOrder
from directory.fields import FIELDS, Kind
from directory.filters import DirectoryFilter
from directory.geo import bbox_error
from opendata import vocabularies
from opendata.export import licence_info
from opendata.rows import exported_organisations, organisation_row, page_record, typed_row

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


# The API type of each kind of field (the values come from `rows.typed_row`).
API_TYPES = {
    Kind.COORDINATE: float | None,
    Kind.BOOLEAN: bool,
    Kind.SERVICES: list[str],
    Kind.COUNTRIES: list[str],
    Kind.LANGUAGES: list[str],
    Kind.YEAR: int | None,
    Kind.DATE: str | None,
    Kind.DATETIME: str | None,
    Kind.SOCIAL_LINKS: list[SocialLink],
}

# One property per field of the registry, described as in the CSV's documentation (in English:
# the OpenAPI description is built once, at start-up).
Organisation = create_model(
    "Organisation",
    __base__=Schema,
    **{
        field.name: (API_TYPES.get(field.kind, str), Field(description=str(field.description)))
        for field in FIELDS
    },
)


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


class ValidationIssue(Schema):
    type: str = Field(description="What is wrong, e.g. greater_than_equal or enum.")
    loc: list[str | int] = Field(description='Where, e.g. ["query", "page"].')
    msg: str = Field(description="In words.")


class ValidationErrors(Schema):
    """The answer to a parameter the API cannot take (page=0, page_size=500, sort=size…)."""

    detail: list[ValidationIssue]


class Term(Schema):
    slug: str = Field(description="The value the exports and the filters use.")
    iri: str = Field(description="The term's IRI (a SKOS concept) in the linked data.")
    labels: dict[str, str] = Field(description="Its name in each language of the Atlas.")
    descriptions: dict[str, str] = Field(description="Its description, in the languages it has.")
    count: int = Field(description="Published organisations with this term.")


class SectorTerm(Term):
    colour: str = Field(description="Colour of its dots on the map, #rrggbb.")


class SectorList(Schema):
    count: int
    results: list[SectorTerm]


class TermList(Schema):
    count: int
    results: list[Term]


class OrganisationFilters(Schema):
    q: str = Field("", description="Full-text search (name, summary, city, services…).")
    sector: list[str] = Field([], description="Sector slugs (any of).")
    country: list[str] = Field([], description="ISO 3166-1 alpha-2 codes (any of).")
    form: list[str] = Field([], description="Legal form families (any of).")
    role: list[str] = Field([], description="support and/or tools.")
    service: list[str] = Field([], description="Service slugs (any of).")
    language: list[str] = Field([], description="ISO 639-1 codes (any of).")
    bbox: str | None = Field(
        None,
        description="The map's view: west,south,east,north in decimal degrees (WGS 84), "
        "e.g. -5.5,41.2,9.8,51.2; west > east crosses the antimeridian. A malformed box is a 400.",
    )
    sort: SortOrder | None = Field(
        None, description="relevance (the default with q), name (the default without) or updated."
    )
    page: int = Field(1, ge=1)
    page_size: int = Field(24, ge=1, le=MAX_PAGE_SIZE)


def _page_url(request, number):
    params = request.GET.copy()
    params["page"] = number
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@api.get(
    "/organisations",
    response={200: OrganisationList, 400: Error, 404: Error, 422: ValidationErrors},
    url_name="list_organisations",
    summary="List organisations",
    description="Live organisations, filtered like the directory, ordered by name or update.",
)
def list_organisations(request, filters: Query[OrganisationFilters]):
    if message := bbox_error(request.GET):
        raise HttpError(400, message)
    directory_filter = DirectoryFilter(request.GET, exported_organisations())
    queryset = directory_filter.ordered(directory_filter.filtered())
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
            typed_row(
                organisation_row(page_record(organisation), organisation.get_full_url(request))
            )
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
    return typed_row(
        organisation_row(page_record(organisation), organisation.get_full_url(request))
    )


# --- Vocabularies: what the slugs of the exports mean, in every language ---
def _terms(request, scheme):
    root = vocabularies.site_root(request)
    results = [
        {**term, "iri": vocabularies.term_iri(root, scheme, term["slug"])}
        for term in vocabularies.terms(scheme)
    ]
    return {"count": len(results), "results": results}


@api.get(
    "/sectors",
    response=SectorList,
    url_name="list_sectors",
    summary="Sectors",
    description="The sectors (the `sector` of organisations), with their names per language.",
)
def list_sectors(request):
    return _terms(request, vocabularies.SECTORS)


@api.get(
    "/services",
    response=TermList,
    url_name="list_services",
    summary="Services",
    description="The services (the `services` of organisations), with their names per language.",
)
def list_services(request):
    return _terms(request, vocabularies.SERVICES)


@api.get(
    "/legal-forms",
    response=TermList,
    url_name="list_legal_forms",
    summary="Legal form families",
    description="The legal form families (the `legal_form` of organisations), named per language.",
)
def list_legal_forms(request):
    return _terms(request, vocabularies.LEGAL_FORMS)
