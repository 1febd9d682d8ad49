"""The map's data: a cached, gzipped GeoJSON of every located, live organisation per language.

Why the properties look the way they do: at 10,000 organisations a GeoJSON carrying names,
cities, URLs and page ids weighs about 260 KB gzipped (names and URL slugs alone cost ~90 KB:
they are text no compressor can shrink much), well over the 150 KB budget. So the collection
carries what the map needs *to draw and filter every dot* (sector, legal form, roles, services,
languages, country), with services, languages and roles as indexes into a `vocabulary` foreign
member, features ordered by place, which compresses best. What is needed only for the few
organisations a reader looks at (name, city, link, summary) is fetched on demand by position
in the collection, checked against the collection's `version` so that a stale position is never
answered with another organisation's details. The text search runs on the server too, with the
directory's own search, so `q` means the same thing on the map and in the directory.

The payload is built once per language and kept in Django's cache as gzipped bytes with its
ETag and Last-Modified; `invalidate()` (wired to publish, unpublish, move and delete signals in
`directory.signals`) drops it.
"""

import gzip
import hashlib
import json

from django.core.cache import cache
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.http import http_date

from wagtail.models import Locale

from django_countries import countries

from core.i18n import localized_by_slug
from directory import cache as organisation_cache
from directory import freshness
from directory.choices import Role
from directory.models import DirectoryIndexPage, Language, OrganisationPage, Sector, Service

PAYLOAD_KEY = "directory:map:geojson:{language}"
INDEX_KEY = "directory:map:index:{language}"
LOCK_KEY = "directory:map:building:{language}"
GENERATION_KEY = organisation_cache.VERSION_KEY
# The signals keep the payload fresh; the timeout only bounds what a missed signal (a bulk
# import in another process with a per-process cache, say) can leave stale.
CACHE_TIMEOUT = 60 * 60
# With 100,000 organisations a rebuild takes seconds: one request rebuilds, the others are
# served the previous payload meanwhile rather than all rebuilding at once.
BUILD_LOCK_TIMEOUT = 120
COORDINATE_DECIMALS = 5  # about a metre: enough for a dot, no more precise than an address
ROLES = [Role.SUPPORT.value, Role.TOOLS.value]


def _keys(language_code):
    return PAYLOAD_KEY.format(language=language_code), INDEX_KEY.format(language=language_code)


def invalidate():
    """Mark every language's payload out of date (on publish, unpublish, move, delete…), with
    everything else derived from organisations."""
    organisation_cache.invalidate()


def is_fresh(language_code):
    """True when the cached payload was built after the last invalidation."""
    payload_key, _index_key = _keys(language_code)
    cached = cache.get_many([payload_key, GENERATION_KEY])
    payload = cached.get(payload_key)
    return payload is not None and payload["generation"] == cached.get(GENERATION_KEY)


def located_organisations(language_code):
    """Live, public, located organisations listed in a live directory of that language."""
    locale = Locale.objects.filter(language_code=language_code).first()
    directories = (
        list(DirectoryIndexPage.objects.live().public().filter(locale=locale)) if locale else []
    )
    if not directories:
        return OrganisationPage.objects.none()
    under_a_directory = Q()
    for directory in directories:
        under_a_directory |= Q(path__startswith=directory.path, depth=directory.depth + 1)
    return (
        OrganisationPage.objects.live()
        .public()
        .filter(under_a_directory, locale=locale, online_only=False, archived_at__isnull=True)
        .exclude(latitude__isnull=True)
        .exclude(longitude__isnull=True)
    )


def vocabulary():
    """The lists that the features' `services`, `languages` and `roles` indexes point into."""
    return {
        "roles": ROLES,
        "services": sorted(set(Service.objects.values_list("slug", flat=True))),
        "languages": sorted(Language.objects.values_list("code", flat=True)),
    }


def _indexes_by_page(through, queryset, column, positions):
    by_page = {}
    rows = through.objects.filter(organisationpage__in=queryset.values("pk")).values_list(
        "organisationpage_id", column
    )
    for page_id, value in rows:
        if value in positions:
            by_page.setdefault(page_id, []).append(positions[value])
    return {page_id: sorted(indexes) for page_id, indexes in by_page.items()}


def build_collection(language_code):
    """The FeatureCollection for one language and the page ids in feature order."""
    queryset = located_organisations(language_code)
    vocab = vocabulary()
    services = _indexes_by_page(
        OrganisationPage.services.through,
        queryset,
        "service__slug",
        {slug: i for i, slug in enumerate(vocab["services"])},
    )
    languages = _indexes_by_page(
        OrganisationPage.languages.through,
        queryset,
        "language__code",
        {code: i for i, code in enumerate(vocab["languages"])},
    )
    rows = queryset.order_by("country", "city", "title", "pk").values_list(
        "pk",
        "longitude",
        "latitude",
        "sector__slug",
        "legal_form",
        "supports_transition",
        "provides_tools",
        "country",
        "last_verified",
    )
    ids, features = [], []
    today = timezone.localdate()
    for pk, lng, lat, sector, form, support, tools, country, verified in rows:
        ids.append(pk)
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [
                        round(lng, COORDINATE_DECIMALS),
                        round(lat, COORDINATE_DECIMALS),
                    ],
                },
                "properties": {
                    "sector": sector,
                    "form": form,
                    "roles": [0] * support + [1] * tools,
                    "services": services.get(pk, []),
                    "languages": languages.get(pk, []),
                    "country": country,
                    # fresh / ageing / stale (directory.freshness): a dot style and a facet.
                    # The payload's cache lasts an hour, so a state turns at most that late.
                    "freshness": freshness.state(verified, today),
                },
            }
        )
    collection = {"type": "FeatureCollection", "vocabulary": vocab, "features": features}
    return collection, ids


def _encode(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _build(language_code):
    # Read the generation first: an invalidation during the build makes the result stale.
    generation = cache.get(GENERATION_KEY)
    collection, ids = build_collection(language_code)
    # The version is a hash of the content: the same data gives the same ETag in every process.
    version = hashlib.sha256(_encode(collection)).hexdigest()[:24]
    modified = int(timezone.now().timestamp())
    body = _encode({"type": "FeatureCollection", "version": version, **collection})
    payload = {
        "gzip": gzip.compress(body, compresslevel=9, mtime=0),
        "etag": f'"{version}"',
        "last_modified": http_date(modified),
        "modified": modified,
        "count": len(ids),
        "generation": generation,
    }
    index = {"version": version, "ids": ids, "generation": generation}
    payload_key, index_key = _keys(language_code)
    cache.set_many({payload_key: payload, index_key: index}, CACHE_TIMEOUT)
    return payload, index


def _cached(language_code, which):
    """The payload (which=0) or the index (which=1): fresh, rebuilt, or stale while another
    request rebuilds it."""
    key = _keys(language_code)[which]
    cached = cache.get_many([key, GENERATION_KEY])
    value = cached.get(key)
    if value is not None and value["generation"] == cached.get(GENERATION_KEY):
        return value
    lock = LOCK_KEY.format(language=language_code)
    if value is not None and not cache.add(lock, True, BUILD_LOCK_TIMEOUT):
        return value  # another request is rebuilding: the previous data meanwhile
    try:
        return _build(language_code)[which]
    finally:
        cache.delete(lock)


def get_payload(language_code):
    """The cached response: gzipped bytes, ETag, Last-Modified (built when out of date)."""
    return _cached(language_code, 0)


def get_index(language_code):
    """The collection's version and its page ids in feature order (built when out of date)."""
    return _cached(language_code, 1)


# --- Details and search, for the features a reader looks at ---


def details(language_code, page_ids, request=None):
    """Name, place, link and summary of some organisations, in the reader's language."""
    with translation.override(language_code):
        sectors = localized_by_slug(Sector)
        pages = {
            page.pk: page
            for page in located_organisations(language_code)
            .filter(pk__in=page_ids)
            .select_related("sector")
            .defer("description")
        }
        items = {}
        for pk, page in pages.items():
            sector = sectors.get(page.sector.slug, page.sector)
            items[pk] = {
                "name": page.title,
                "url": page.get_url(request),
                "sector": sector.name,
                "form": str(page.get_legal_form_display()),
                "city": page.city,
                "country": str(countries.name(page.country)),
                "summary": page.summary,
            }
    return items


def search_ids(language_code, query, verified_since=""):
    """Page ids matching a text query (and a verification date), with exactly the directory's
    filter."""
    from directory.filters import DirectoryFilter

    params = QueryDict(mutable=True)
    if query:
        params["q"] = query
    if verified_since:
        params["verified_since"] = verified_since
    return set(
        DirectoryFilter(params, located_organisations(language_code))
        .filtered()
        .values_list("pk", flat=True)
    )
