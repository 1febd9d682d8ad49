"""An open data "not found" stays a 404 (CORS itself is django-cors-headers' job)."""

import re

from django.conf import settings

# No language prefix: answering LocaleMiddleware's "is there a page at /en/<path>?" with this
# URLconf makes the answer no.
OPEN_DATA_URLCONF = "opendata.urls"


class OpenDataNotFoundMiddleware:
    """Keep LocaleMiddleware from redirecting a 404 of the open data URLs to /en/….

    On a 404 for a path without a language prefix, LocaleMiddleware redirects to the same path
    under /en/ when that resolves, and Wagtail's catch-all page pattern makes almost any path
    resolve: a script asking the API for an unknown organisation would be sent a 302 to an HTML
    page instead of the JSON 404. For the open data URLs (the same `CORS_URLS_REGEX` that opens
    them to other origins), the request is pointed at the open data URLconf, which has no
    language prefix, so LocaleMiddleware leaves the response alone.

    Must come after LocaleMiddleware in MIDDLEWARE, so that it sees the response first.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.open_data_path = re.compile(settings.CORS_URLS_REGEX)

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and self.open_data_path.match(request.path_info):
            request.urlconf = OPEN_DATA_URLCONF
        return response
