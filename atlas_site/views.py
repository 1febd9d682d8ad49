"""Small site-wide views that are not Wagtail pages, and the error handlers."""

import logging
import sys

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views import defaults
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve as static_serve

logger = logging.getLogger(__name__)

# Seconds a client is asked to wait before trying again while the database is away.
RETRY_AFTER = 5


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
@cache_control(max_age=30 * 86400, public=True)
def image_rendition(request, path):
    """An image rendition from MEDIA_ROOT/images/ (its name changes when the image does)."""
    return static_serve(request, path, document_root=settings.MEDIA_ROOT / "images")


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("Health check: the database is unreachable", exc_info=True)
        return False
    return True


def _cache_ok():
    try:
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception:  # any backend's own error (Redis down, cache directory unwritable)
        logger.warning("Health check: the cache is unreachable", exc_info=True)
        return False


@require_GET
@never_cache
def healthz(request):
    """For load balancers and supervisors: 200 when the database and the cache answer, else
    503 (with which of them failed)."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    healthy = all(checks.values())
    response = JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            **{k: "ok" if v else "unreachable" for k, v in checks.items()},
        },
        status=200 if healthy else 503,
    )
    if not healthy:
        response["Retry-After"] = str(RETRY_AFTER)
    return response


def service_unavailable(request):
    """503 with a short page that needs no database (no settings, menus or pages), in the
    language of the URL, which LocaleMiddleware activated without the database."""
    response = HttpResponse(render_to_string("503.html", {"retry_after": RETRY_AFTER}), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """handler500: Django calls it inside the `except` of the failed request, so the exception
    is at hand. The database being unreachable (or SQLite still locked after its busy timeout)
    is a 503 the client may retry, not a bug; an id too large for the database's integers is
    a URL that names nothing, a 404. Anything else: the plain 500 page."""
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        return service_unavailable(request)
    if isinstance(exception, OverflowError):
        return defaults.page_not_found(request, Http404())
    return defaults.server_error(request)
