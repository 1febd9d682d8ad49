"""CORS for the read-only open data: anyone may GET it from a browser."""

from functools import wraps

from django.http import HttpResponse


def allow_cors_get(view):
    """Let any origin read the response; answer preflight requests for GET."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Accept, Content-Type"
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = view(request, *args, **kwargs)
        if response.status_code == 404:
            # An API's "not found" is an answer, not a page: this URLconf has no language
            # prefix, so LocaleMiddleware leaves it alone instead of redirecting to /en/….
            request.urlconf = "opendata.urls"
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def with_cors(urlpatterns):
    """Wrap the view of every pattern (e.g. an API's generated ones) with `allow_cors_get`."""
    for pattern in urlpatterns:
        if hasattr(pattern, "url_patterns"):
            with_cors(pattern.url_patterns)
        else:
            pattern.callback = allow_cors_get(pattern.callback)
    return urlpatterns
