"""The Content-Security-Policy of public pages (django-csp), with the map's tile server.

Public pages load only the site's own scripts and styles: no inline script (a nonce is there
for one that would need it: `{{ request.csp_nonce }}`), no eval, no plugin. Images may also come
from the map's tile server, which an administrator sets in Settings → Map settings (or
MAP_TILE_URL), so its origin is added for each request; video players (YouTube's no-cookie
host, Vimeo, Dailymotion) only in frames, and only once a reader asks to play one.
The admin (Wagtail's own inline scripts and styles) is left out: see EXCLUDE_URL_PREFIXES.
"""

from urllib.parse import urlsplit

from django.db import DatabaseError

from csp.middleware import CSPMiddleware

from directory.models import MapSettings
from directory.models.map import default_tiles


def tile_origin(url):
    """The origin a tile URL template loads from: "https://{s}.tile.example/{z}/{x}/{y}.png"
    → "https://*.tile.example"."""
    parts = urlsplit(url.replace("{s}.", "x-subdomain."))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".replace("x-subdomain.", "*.")


class AtlasCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not response.get("Content-Type", "").startswith("text/html"):
            return parts  # data (JSON, CSV, feeds): no page loads tiles; no settings lookup
        try:
            tiles = MapSettings.tiles_for_request(request)
        except DatabaseError:  # the database is away (a 503 page): the configured default
            tiles = default_tiles()
        origins = {tile_origin(tiles["url"]), tile_origin(default_tiles()["url"])} - {None}
        parts.update = {**(parts.update or {}), "img-src": sorted(origins)}
        return parts
