"""The map's data: a cached, gzipped payload of every located, live organisation per language.

What it carries: what the map needs *to draw and filter every dot* (place, sector, legal form,
roles, services, languages, country, freshness), in the compact binary columns of
`directory.map_format` (about 7 bytes per organisation gzipped at 100,000; a GeoJSON of the same
was 15). What is needed only for the few organisations a reader looks at (name, city, link,
summary) is fetched on demand by position in the payload, checked against the payload's
`version` so that a stale position is never answered with another organisation's details. The
text search runs on the server too, with the directory's own search, so `q` means the same
thing on the map and in the directory.

The payload is built once per language and kept in Django's cache as gzipped bytes with its
ETag and Last-Modified; `invalidate()` (wired to publish, unpublish, move and delete signals in
`directory.signals`) drops it.
"""

import gzip

from django.core.cache import cache
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.http import http_date

from wagtail.models import Locale

from django_countries import countries

from core.i18n import localized_by_slug
from directory import cache as organisation_cache
from directory import freshness, map_format
from directory.choices import Role
from directory.models import DirectoryIndexPage, Language, OrganisationPage, Sector, Service

PAYLOAD_KEY = "directory:map:payload:{language}"
INDEX_KEY = "directory:map:index:{language}"
LOCK_KEY = "directory:map:building:{language}"
GENERATION_KEY = organisation_cache.VERSION_KEY
# The signals keep the payload fresh; the timeout only bounds what a missed signal (a bulk
# import in another process with a per-process cache, say) can leave stale.
CACHE_TIMEOUT = 60 * 60
# With 100,000 organisations a rebuild takes seconds: one request rebuilds, the others are
# served the previous payload meanwhile rather than all rebuilding at once.
BUILD_LOCK_TIMEOUT = 120
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
    """The lists of services, languages and roles the payload's indexes point into (with the
    sectors, forms and countries present, added by build_records)."""
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


def build_records(language_code):
    """The map's records (see directory.map_format.encode), their page ids and the vocabulary,
    ordered by country, city and name (the tie-break among organisations sharing a place)."""
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
    ids, records = [], []
    today = timezone.localdate()
    for pk, lng, lat, sector, form, support, tools, country, verified in rows:
        ids.append(pk)
        records.append(
            {
                "lng": lng,
                "lat": lat,
                "sector": sector,
                "form": form,
                "roles": [ROLES[0]] * support + [ROLES[1]] * tools,
                "services": [vocab["services"][i] for i in services.get(pk, [])],
                "languages": [vocab["languages"][i] for i in languages.get(pk, [])],
                "country": country,
                # fresh / ageing / stale (directory.freshness): a dot style and a facet.
                # The payload's cache lasts an hour, so a state turns at most that late.
                "freshness": freshness.state(verified, today),
            }
        )
    vocab.update(
        sectors=sorted({record["sector"] for record in records}),
        forms=sorted({record["form"] for record in records}),
        countries=sorted({record["country"] for record in records}),
        freshness=list(freshness.STATES),
    )
    return records, ids, vocab


def build_payload(language_code):
    """The payload's bytes (directory.map_format) and the page ids in payload order."""
    records, ids, vocab = build_records(language_code)
    body, permutation = map_format.encode(records, vocab)
    return body, [ids[i] for i in permutation]


def package(body, ids, generation=None):
    """The cache entries for a payload: the response (gzipped bytes, ETag, Last-Modified) and
    the index (the version and the page ids in payload order)."""
    version = map_format.read_header(body)["version"]
    modified = int(timezone.now().timestamp())
    payload = {
        "gzip": gzip.compress(body, compresslevel=9, mtime=0),
        "etag": f'"{version}"',
        "last_modified": http_date(modified),
        "modified": modified,
        "count": len(ids),
        "generation": generation,
    }
    return payload, {"version": version, "ids": ids, "generation": generation}


def _build(language_code):
    # Read the generation first: an invalidation during the build makes the result stale.
    generation = cache.get(GENERATION_KEY)
    body, ids = build_payload(language_code)
    payload, index = package(body, ids, generation)
    payload_key, index_key = _keys(language_code)
    cache.set_many({payload_key: payload, index_key: index}, CACHE_TIMEOUT)
    return payload, index


# What this process last read or built, per (language, which): used while the shared
# generation holds, so that a request costs one small cache read, not the transfer and
# unpickling of the whole payload (665 KB gzipped at 100,000) or of its ids.
_memo = {}


def _cached(language_code, which):
    """The payload (which=0) or the index (which=1): fresh, rebuilt, or stale while another
    request rebuilds it."""
    key = _keys(language_code)[which]
    generation = cache.get(GENERATION_KEY)
    value = _memo.get((language_code, which))
    if value is not None and generation is not None and value["generation"] == generation:
        return value
    value = cache.get(key)
    if value is not None and value["generation"] == generation:
        _memo[(language_code, which)] = value
        return value
    lock = LOCK_KEY.format(language=language_code)
    if value is not None and not cache.add(lock, True, BUILD_LOCK_TIMEOUT):
        return value  # another request is rebuilding: the previous data meanwhile
    try:
        built = _build(language_code)
    finally:
        cache.delete(lock)
    _memo[(language_code, 0)], _memo[(language_code, 1)] = built
    return built[which]


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
