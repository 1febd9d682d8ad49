from django.conf import settings


def map_tiles(request):
    """The tile server used by every map; configurable so a self-hosted or EU server can be used."""
    return {
        "map_tiles": {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}
    }
