"""The maps' own basemap: what static/js/basemap.js needs to draw it in the reader's language.

By default Natural Earth's countries from the npm `world-atlas` package, served by the site
(STATICFILES_DIRS), so that a map needs no third party; a PMTiles archive on the site when an
administrator sets one (Settings → Map settings or MAP_PMTILES_URL); remote raster tiles only
when a tile server is set (off by default).
"""

from functools import lru_cache

from django.conf import settings
from django.templatetags.static import static
from django.utils import translation

from django_countries import countries

COARSE = "vendor/world-atlas/countries-110m.json"
DETAILED = "vendor/world-atlas/countries-50m.json"


@lru_cache(maxsize=16)
def country_names(language_code):
    """Country names in a language, keyed by ISO 3166 numeric code as in Natural Earth's data
    ("250": "France")."""
    with translation.override(language_code):
        names = {}
        for code, name in countries:
            numeric = countries.numeric(code, padded=True)
            if numeric:
                names[numeric] = str(name)
        return names


def basemap_config(request=None):
    """The script's settings: data URLs, names, and the optional PMTiles or raster tiles."""
    from directory.models import MapSettings

    tiles = MapSettings.tiles_for_request(request)
    pmtiles = MapSettings.pmtiles_for_request(request)
    return {
        "coarse": static(COARSE),
        "detailed": static(DETAILED),
        "names": country_names(translation.get_language() or settings.LANGUAGE_CODE),
        "pmtiles": pmtiles,
        "tiles": {"url": tiles["url"], "attribution": str(tiles["attribution"])},
    }


def basemap_scripts():
    """The scripts a page with a map loads before its own, in order."""
    return ["vendor/topojson-client/topojson-client.min.js", "js/basemap.js"]
