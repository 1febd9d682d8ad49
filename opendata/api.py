"""The read-only JSON API: the directory's filters, pagination and an OpenAPI description.

It serves the same public fields as the exports (`rows.organisation_row`), typed, with a
schema built from the field registry (`directory.fields`).
"""

import uuid
from datetime import UTC, datetime
from typing import Literal

from django.core.paginator import EmptyPage, Paginator
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone

from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from pydantic import Field, create_model

from directory.choices import SortOrder
from directory.fields import FIELDS, Kind
from directory.filters import DirectoryFilter
from directory.geo import bbox_error
from directory.models import Tombstone, TombstoneKind
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
    Kind.IDENTIFIERS: dict[str, str],
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
    freshness: dict[str, int] = Field(
        description=(
            "The freshness facet: how many of the organisations matching every other filter "
            "were verified in the last 12 months (fresh), 12 to 24 months ago (ageing), or "
            "longer ago or never (stale); thresholds are the site's settings."
        )
    )
    results: list[Organisation]


class Error(Schema):
    detail: str


class MergedInto(Schema):
    detail: str
    merged_into: str = Field(description="The Atlas id of the organisation it was merged into.")
    url: str = Field(description="That organisation in this API.")


class Gone(Schema):
    detail: str
    deleted_at: str = Field(description="When it left the open data (ISO 8601).")
    reason: str = Field(description="deleted, unpublished or archived.")


def merged_or_gone(request, key):
    """A merged organisation's Atlas id answers 301 to the survivor, with `merged_into` in the
    body (a permanent move, as its page's address does; a client that does not follow
    redirects still reads where it went); a deleted one answers 410."""
    tombstone = Tombstone.objects.filter(atlas_id=key).first()
    if tombstone is None:
        return None
    if tombstone.kind == TombstoneKind.MERGED and tombstone.merged_into:
        survivor = str(tombstone.merged_into)
        url = request.build_absolute_uri(
            reverse("opendata-api:get_organisation", kwargs={"atlas_id": survivor})
        )
        response = JsonResponse(
            {"detail": "Merged into another organisation.", "merged_into": survivor, "url": url},
            status=301,
        )
        response["Location"] = url
        return response
    return JsonResponse(
        {
            "detail": "This organisation is no longer in the open data.",
            "deleted_at": tombstone.at.isoformat(timespec="seconds"),
            "reason": str(tombstone.kind),
        },
        status=410,
    )


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
    freshness: list[Literal["fresh", "ageing", "stale"]] = Field(
        [], description="Freshness of the last verification (any of)."
    )
    verified_since: str = Field(
        "", description="Only organisations last verified on or after this date (YYYY-MM-DD)."
    )
    bbox: str | None = Field(
        None,
        description="The map's view: west,south,east,north in decimal degrees (WGS 84), "
        "e.g. -5.5,41.2,9.8,51.2; west > east crosses the antimeridian. A malformed box is a 400.",
    )
    sort: SortOrder | None = Field(
        None, description="relevance (the default with q), name (the default without) or updated."
    )
    modified_since: datetime | None = Field(
        None,
        description=(
            "Only organisations published at or after this time (ISO 8601, e.g. "
            "2026-01-31T00:00:00Z), for incremental sync; what left the open data since then is "
            "in /tombstones?since=."
        ),
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
    if directory_filter.freshness.invalid_since:
        raise HttpError(400, "verified_since must be a date, YYYY-MM-DD.")
    queryset = modified_since(directory_filter.ordered(directory_filter.filtered()), filters)
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
        "freshness": directory_filter.freshness.counts(directory_filter.filtered("freshness")),
        "results": [
            typed_row(
                organisation_row(page_record(organisation), organisation.get_full_url(request))
            )
            for organisation in page.object_list
        ],
    }


@api.get(
    "/organisations/{atlas_id}",
    response={200: Organisation, 301: MergedInto, 404: Error, 410: Gone},
    description=(
        "One live organisation. An organisation merged into another answers 301 with "
        "`merged_into` (the survivor's Atlas id) and a Location header to the survivor; a "
        "deleted or unpublished one answers 410 with `deleted_at`."
    ),
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
        moved = merged_or_gone(request, key)
        if moved is not None:
            return moved
        raise HttpError(404, "No such organisation.")
    return typed_row(
        organisation_row(page_record(organisation), organisation.get_full_url(request))
    )


# --- Incremental sync: what changed, and what left, since a time ---
def modified_since(queryset, filters):
    """Organisations (re)published at or after `modified_since`, oldest change first when no
    other order is asked for, so that a client can page through and keep the last time."""
    since = filters.modified_since
    if since is None:
        return queryset
    if timezone.is_naive(since):
        since = timezone.make_aware(since, UTC)
    queryset = queryset.filter(last_published_at__gte=since)
    return queryset if filters.sort else queryset.order_by("last_published_at", "pk")


class TombstoneOut(Schema):
    atlas_id: str
    kind: str = Field(description="deleted, merged, unpublished or archived.")
    merged_into: str | None = Field(description="The survivor's Atlas id, for a merge.")
    at: str = Field(description="When it left the open data (ISO 8601).")


class TombstoneList(Schema):
    count: int
    results: list[TombstoneOut]


class TombstoneFilters(Schema):
    since: datetime | None = Field(None, description="Only those gone at or after this time.")


MAX_TOMBSTONES = 10000


@api.get(
    "/tombstones",
    response={200: TombstoneList, 422: ValidationErrors},
    url_name="list_tombstones",
    summary="Organisations that left the open data",
    description=(
        "Atlas ids that no longer answer: deleted, merged into another (`merged_into`), "
        "unpublished or archived (no longer active), with when, oldest first (at most 10,000: "
        "ask again with the last `at` as `since`). With `modified_since=` on /organisations, "
        "an aggregator syncs incrementally."
    ),
)
def list_tombstones(request, filters: Query[TombstoneFilters]):
    tombstones = Tombstone.objects.order_by("at", "pk")
    if filters.since is not None:
        since = filters.since
        if timezone.is_naive(since):
            since = timezone.make_aware(since, UTC)
        tombstones = tombstones.filter(at__gte=since)
    results = [
        {
            "atlas_id": str(tombstone.atlas_id),
            "kind": tombstone.kind,
            "merged_into": str(tombstone.merged_into) if tombstone.merged_into else None,
            "at": tombstone.at.isoformat(timespec="seconds"),
        }
        for tombstone in tombstones[:MAX_TOMBSTONES]
    ]
    return {"count": len(results), "results": results}


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
