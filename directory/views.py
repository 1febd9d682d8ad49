"""The map's data endpoints: the GeoJSON of every dot, and details or search for a few of them."""

import gzip
import re

from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.http import parse_http_date_safe
from django.views.decorators.http import require_GET

from directory import map_data

MAX_DETAILS = 100
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def _not_modified(request, payload):
    # request.META rather than request.headers: this is the hot path of a cached response.
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return payload["etag"] in tags or "*" in tags
    if_modified_since = request.META.get("HTTP_IF_MODIFIED_SINCE")
    if not if_modified_since:
        return False
    since = parse_http_date_safe(if_modified_since)
    return since is not None and payload["modified"] <= since


@require_GET
def organisations_geojson(request):
    """Every located, live organisation of the current language as a gzipped FeatureCollection.

    Served from the cache without touching the database; browsers revalidate with the ETag.
    """
    payload = map_data.get_payload(translation.get_language())
    if _not_modified(request, payload):
        response = HttpResponse(status=304)
    elif ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        response = HttpResponse(payload["gzip"], content_type="application/geo+json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(
            gzip.decompress(payload["gzip"]), content_type="application/geo+json"
        )
    response["ETag"] = payload["etag"]
    response["Last-Modified"] = payload["last_modified"]
    response["Vary"] = "Accept-Encoding"
    # Always revalidate: a 304 costs nothing, and a newly published organisation shows at once.
    response["Cache-Control"] = "public, no-cache"
    response["X-Organisation-Count"] = str(payload["count"])
    return response


def _positions(request, index):
    """The feature positions asked for, or an error response."""
    if request.GET.get("v") != index["version"]:
        # The reader's collection is older than ours: positions would point at other pages.
        return None, JsonResponse({"error": "stale", "version": index["version"]}, status=409)
    raw = request.GET.get("i", "")
    try:
        positions = [int(part) for part in raw.split(",") if part.strip()]
    except ValueError:
        return None, JsonResponse({"error": "i must be comma-separated integers"}, status=400)
    if not positions or len(positions) > MAX_DETAILS:
        return None, JsonResponse(
            {"error": f"ask for between 1 and {MAX_DETAILS} positions"}, status=400
        )
    if any(not 0 <= position < len(index["ids"]) for position in positions):
        return None, JsonResponse({"error": "position out of range"}, status=400)
    return positions, None


@require_GET
def organisation_details(request):
    """Name, place, link and summary of the features at some positions of the collection."""
    language = translation.get_language()
    index = map_data.get_index(language)
    positions, error = _positions(request, index)
    if error:
        return error
    ids = {position: index["ids"][position] for position in positions}
    found = map_data.details(language, set(ids.values()), request)
    items = [{"i": position, **found[pk]} for position, pk in ids.items() if pk in found]
    response = JsonResponse({"version": index["version"], "items": items})
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def organisation_search(request):
    """Positions of the features that match `q`, with the directory's own search."""
    language = translation.get_language()
    index = map_data.get_index(language)
    if request.GET.get("v") != index["version"]:
        return JsonResponse({"error": "stale", "version": index["version"]}, status=409)
    query = request.GET.get("q", "").strip()[:200]
    if not query:
        return JsonResponse({"error": "q is required"}, status=400)
    matching = map_data.search_ids(language, query)
    positions = [position for position, pk in enumerate(index["ids"]) if pk in matching]
    response = JsonResponse({"version": index["version"], "q": query, "positions": positions})
    response["Cache-Control"] = "public, max-age=300"
    return response
