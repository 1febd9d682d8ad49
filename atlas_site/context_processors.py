from django.utils.functional import SimpleLazyObject

from directory.models import MapSettings


def map_tiles(request):
    """The tile server used by every map; configurable so a self-hosted or EU server can be used.

    Read from the site's map settings (directory.MapSettings), falling back to the settings file;
    lazy, so that pages without a map do not query for it.
    """

    def tiles():

        return MapSettings.tiles_for_request(request)

    return {"map_tiles": SimpleLazyObject(tiles)}
