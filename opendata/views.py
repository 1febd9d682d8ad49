"""Public downloads of the open data, its data package and the vocabularies' IRIs."""

import json

from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.utils import translation
from django.utils.http import urlencode
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from wagtail.models import Locale

from directory.geo import bbox_error
from opendata import vocabularies
from opendata.export import FORMATS, build_export, get_export, licence_info, view_queryset
from opendata.linked_data import CONTEXT

JSONLD = "application/ld+json"


@require_safe
def export(request, fmt):
    """The whole dataset in one format, always current (rebuilt when anything changes); with
    the directory's parameters (q, facets, bbox), exactly the organisations of that view."""
    if fmt not in FORMATS:
        raise Http404
    content_type, filename = FORMATS[fmt]
    if message := bbox_error(request.GET):
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    view = view_queryset(request)
    if view is None:
        content = get_export(fmt, request)
    else:
        content = build_export(fmt, request, queryset=view)
        filename = filename.replace("organisations", "organisations-view")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Link"] = f'<{licence_info(request)["licence_url"]}>; rel="license"'
    return response


@require_safe
def datapackage(request):
    """The Frictionless Data Package describing the downloads (see `opendata.datapackage`)."""
    response = HttpResponse(get_export("datapackage", request), content_type="application/json")
    response["Link"] = f'<{licence_info(request)["licence_url"]}>; rel="license"'
    return response


def _wants_html(request):
    """A browser asking for a page (HTML preferred to JSON-LD and JSON); `?format=jsonld`
    asks for the data whatever the browser prefers."""
    if request.GET.get("format") == "jsonld":
        return False
    preferred = request.get_preferred_type(["text/html", JSONLD, "application/json"])
    return preferred == "text/html"


def _directory_url(request, scheme, slug=None):
    """The directory in the reader's language, filtered by the term (or unfiltered)."""
    from directory.models import DirectoryIndexPage

    language = translation.get_language_from_request(request)
    index = DirectoryIndexPage.objects.live().public().filter(locale__language_code=language)
    index = index.first() or (
        DirectoryIndexPage.objects.live().public().filter(locale=Locale.get_default()).first()
    )
    if index is None:
        raise Http404
    url = index.get_url(request)
    if slug:
        url += "?" + urlencode({vocabularies.FILTER_PARAMETERS[scheme]: slug})
    return url


def _jsonld_response(data):
    body = json.dumps({"@context": CONTEXT, "@graph": data}, ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type=JSONLD)


@require_safe
@vary_on_headers("Accept", "Accept-Language")
def vocabulary(request, scheme):
    """A vocabulary's IRI: its SKOS scheme and concepts, or for a browser the directory."""
    if scheme not in vocabularies.SCHEMES:
        raise Http404
    if _wants_html(request):
        return HttpResponseRedirect(_directory_url(request, scheme), status=303)
    root = vocabularies.site_root(request)
    return _jsonld_response(vocabularies.scheme_nodes(scheme, vocabularies.terms(scheme), root))


@require_safe
@vary_on_headers("Accept", "Accept-Language")
def vocabulary_term(request, scheme, slug):
    """A term's IRI: a SKOS concept with its labels in every language, or for a browser (303,
    as for any IRI of a thing that is not a document) the directory listing its organisations
    in the reader's language."""
    if scheme not in vocabularies.SCHEMES:
        raise Http404
    term = next((t for t in vocabularies.terms(scheme) if t["slug"] == slug), None)
    if term is None:
        raise Http404
    if _wants_html(request):
        return HttpResponseRedirect(_directory_url(request, scheme, slug), status=303)
    root = vocabularies.site_root(request)
    scheme_node = {
        "@id": vocabularies.scheme_iri(root, scheme),
        "@type": "skos:ConceptScheme",
        "skos:prefLabel": {"@value": vocabularies.SCHEME_TITLES[scheme], "@language": "en"},
    }
    node = vocabularies.concept_node(scheme, term, root)
    return _jsonld_response([node, scheme_node])


@require_safe
def murmurations_profile(request, atlas_id):
    """A live organisation's Murmurations profile (organizations_schema-v1.0.0); 404 once it is
    gone, as the index expects before it deletes a node."""
    import uuid

    from opendata import murmurations
    from opendata.rows import exported_organisations, organisation_row, page_record

    try:
        key = uuid.UUID(atlas_id)
    except ValueError as error:
        raise Http404 from error
    organisation = exported_organisations().filter(translation_key=key).first()
    if organisation is None:
        raise Http404
    row = organisation_row(page_record(organisation), organisation.get_full_url(request))
    response = HttpResponse(
        json.dumps(murmurations.profile(row), ensure_ascii=False, indent=1),
        content_type="application/json",
    )
    response["Link"] = f'<{licence_info(request)["licence_url"]}>; rel="license"'
    return response
