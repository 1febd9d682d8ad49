"""Full-page caching of public pages for anonymous readers, in Django's cache (Redis when
REDIS_URL is set, the file cache otherwise), purged precisely by tags.

A Wagtail page served to a reader without a session, answered 200 without setting a cookie
(a page with a form sets the CSRF cookie: it is never stored), is stored with its headers under
its host and full path (the language is in the path: /en/…, /fr/…, /de/…, so variants never
mix). Each stored page carries the versions of its *tags* when it was rendered; a purge bumps a
tag's version, and a stored page whose tags moved on is rendered again:

- `site`: every page (navigation, settings, vocabularies, locales, view restrictions, the
  pages of the menu);
- `page:<translation key>`: the page and its translations and aliases (language links);
- `organisations`: the pages that list or count organisations (directory, map, home, stories
  that mention them) — the version `directory.cache` already bumps on every publish,
  unpublish, move or delete of an organisation, vocabulary change or import;
- `organisations-bulk`: a profile, for changes made in bulk (imports, seed), which name no page;
- `stories`: the pages that list stories (home, stories index, profiles and stories with
  related stories).

Logged-in users (a session cookie) and non-GET requests go straight through. With a CDN or a
reverse proxy in front (README "Behind a CDN"), Wagtail's front-end cache invalidation purges
the published page's URLs there too (`wagtail.contrib.frontend_cache`), and
`purge_frontend_cache` the listing pages of a published organisation or story.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from directory import cache as organisation_cache

ENTRY_KEY = "pagecache:entry:{digest}"
TAG_KEY = "pagecache:tag:{tag}"
# Tags whose version lives elsewhere: the organisations' versions (directory.cache).
TAG_KEYS = {
    "organisations": organisation_cache.VERSION_KEY,
    "organisations-bulk": organisation_cache.BULK_VERSION_KEY,
}
# What each kind of page shows besides itself and the site (by model label).
PAGE_TAGS = {
    "home.homepage": ("organisations", "stories"),
    "directory.directoryindexpage": ("organisations",),
    "directory.mappage": ("organisations",),
    "directory.organisationpage": ("organisations-bulk", "stories"),
    "stories.storyindexpage": ("stories",),
    "stories.storypage": ("stories", "organisations"),
}
# What a publish, unpublish, move or delete of a page of that kind makes out of date.
PURGES = {
    "directory.organisationpage": ("organisations",),
    "stories.storypage": ("stories",),
}
SKIPPED_HEADERS = {"set-cookie", "vary"}


def tag_key(tag):
    return TAG_KEYS.get(tag) or TAG_KEY.format(tag=tag)


def purge(*tags):
    """Make every stored page carrying one of these tags out of date."""
    cache.set_many({tag_key(tag): uuid.uuid4().hex for tag in tags}, None)


def purge_page(page):
    """After a publish, unpublish, move or delete of `page`."""
    label = page.specific_class._meta.label_lower if page.specific_class else ""
    tags = [f"page:{page.translation_key}", *PURGES.get(label, ("site",))]
    purge(*tags)


def _versions(tags):
    keys = {tag: tag_key(tag) for tag in tags}
    found = cache.get_many(list(keys.values()))
    missing = {key: uuid.uuid4().hex for key in keys.values() if key not in found}
    for key, value in missing.items():
        if not cache.add(key, value, None):
            value = cache.get(key, value)
        found[key] = value
    return {tag: found[key] for tag, key in keys.items()}


def _entry_key(request):
    raw = f"{request.get_host()}|{request.get_full_path()}"
    return ENTRY_KEY.format(digest=hashlib.sha256(raw.encode()).hexdigest()[:32])


def _language_prefixed(path):
    return any(path.startswith(f"/{code}/") for code, _name in settings.LANGUAGES)


def _cacheable_request(request):
    return (
        getattr(settings, "ATLAS_PAGE_CACHE", True)
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and _language_prefixed(request.path)
    )


def page_tags(page):
    label = page.specific_class._meta.label_lower if page.specific_class else ""
    return ["site", f"page:{page.translation_key}", *PAGE_TAGS.get(label, ())]


class PageCacheMiddleware:
    """Serves and stores anonymous readers' pages (put right after WhiteNoise: a hit answers
    before sessions, languages, CSRF, authentication and CSP are even looked at — its stored
    headers already carry what they added)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _entry_key(request)
        entry = cache.get(key)
        if entry is not None and _versions(entry["tags"]) == entry["tags"]:
            return self._replay(entry)
        response = self.get_response(request)
        page = getattr(request, "_page_cache_page", None)
        if page is not None and self._storable(request, response):
            tags = _versions(page_tags(page))
            cache.set(
                key,
                {
                    "tags": tags,
                    "status": response.status_code,
                    "headers": [
                        (name, value)
                        for name, value in response.items()
                        if name.lower() not in SKIPPED_HEADERS
                    ],
                    "content": response.content,
                },
                getattr(settings, "ATLAS_PAGE_CACHE_TIMEOUT", 24 * 60 * 60),
            )
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _storable(request, response):
        user = getattr(request, "user", None)
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not (user is not None and user.is_authenticated)
            and "private" not in cache_control
            and "no-store" not in cache_control
            and response.get("Content-Type", "").startswith("text/html")
        )

    @staticmethod
    def _replay(entry):
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response
