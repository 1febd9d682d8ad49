"""The map's data endpoints: the payload of every dot (directory.map_format), and details or
search for a few of them."""

import gzip
import re
from datetime import UTC, datetime
from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_GET
from django.views.decorators.vary import vary_on_headers

from directory import freshness, map_data

MAX_DETAILS = 100
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
CONTENT_TYPE = "application/octet-stream"


def _payload(request):
    """The cached payload of the reader's language, looked up once per request: the ETag, the
    Last-Modified and the body then always come from the same build."""
    if not hasattr(request, "_map_payload"):
        request._map_payload = map_data.get_payload(translation.get_language())
    return request._map_payload


def _etag(request):
    return _payload(request)["etag"]


def _last_modified(request):
    return datetime.fromtimestamp(_payload(request)["modified"], tz=UTC)


def _with_organisation_count(view):
    """X-Organisation-Count on the 304 as on the 200 (`condition` answers a 304 itself)."""

    @wraps(view)
    def wrapper(request):
        response = view(request)
        response["X-Organisation-Count"] = str(_payload(request)["count"])
        return response

    return wrapper


@require_GET
# Always revalidate: a 304 costs nothing, and a newly published organisation shows at once.
@cache_control(public=True, no_cache=True)
@vary_on_headers("Accept-Encoding")
@_with_organisation_count
@condition(etag_func=_etag, last_modified_func=_last_modified)
def organisations_payload(request):
    """Every located, live organisation of the current language in the map's own compact
    format (directory.map_format), gzipped. The public, standard downloads are opendata's.

    Served from the cache without touching the database; browsers revalidate with the ETag.
    """
    payload = _payload(request)
    if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        response = HttpResponse(payload["gzip"], content_type=CONTENT_TYPE)
        response["Content-Encoding"] = "gzip"
        return response
    return HttpResponse(gzip.decompress(payload["gzip"]), content_type=CONTENT_TYPE)


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
    """Positions of the features that match `q` and `verified_since`, with the directory's own
    filter."""
    language = translation.get_language()
    index = map_data.get_index(language)
    if request.GET.get("v") != index["version"]:
        return JsonResponse({"error": "stale", "version": index["version"]}, status=409)
    query = request.GET.get("q", "").strip()[:200]
    since = request.GET.get("verified_since", "").strip()
    if since and freshness.parse_date(since) is None:
        return JsonResponse({"error": "verified_since must be a date, YYYY-MM-DD"}, status=400)
    if not query and not since:
        return JsonResponse({"error": "q or verified_since is required"}, status=400)
    matching = map_data.search_ids(language, query, verified_since=since)
    positions = [position for position, pk in enumerate(index["ids"]) if pk in matching]
    response = JsonResponse({"version": index["version"], "q": query, "positions": positions})
    response["Cache-Control"] = "public, max-age=300"
    return response
