"""One cache version for everything derived from organisations (the map's data, the open data
exports, any later derived view): a publish, unpublish, move or delete of an organisation, or a
change of a vocabulary, makes all of it out of date at once (see `directory.signals`).

The version lives in Django's cache, shared by the web and worker processes (a file cache or
Redis), so an import run by the worker invalidates what the web processes serve.
"""

import uuid

from django.core.cache import cache

VERSION_KEY = "directory:organisations:version"


def version():
    """The current version (created on first use)."""
    current = cache.get(VERSION_KEY)
    if current is None:
        current = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, current, None):
            current = cache.get(VERSION_KEY, current)
    return current


def invalidate():
    """Mark everything derived from organisations out of date."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


# Bumped only by changes made in bulk, without a page's own signals (imports, the seed, a
# rebuild of the listing): what shows a single organisation (its profile, in a page cache) is
# out of date then too, whereas a publish names the page it changed.
BULK_VERSION_KEY = "directory:organisations:bulk-version"


def invalidate_bulk():
    """Mark everything derived from organisations, each organisation's own page included, out
    of date (after a bulk insert or update)."""
    invalidate()
    cache.set(BULK_VERSION_KEY, uuid.uuid4().hex, None)
