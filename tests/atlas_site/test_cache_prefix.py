"""Two deployments sharing one cache (a staging and a production on one Redis) never read each
other's entries; the processes of one deployment (web and task worker) share theirs."""

from django.core.cache.backends.locmem import LocMemCache

from atlas_site.settings.base import cache_key_prefix

PRODUCTION = {
    "ENGINE": "django.db.backends.postgresql",
    "HOST": "db",
    "PORT": 5432,
    "NAME": "atlas",
}
STAGING = {**PRODUCTION, "NAME": "atlas_staging"}


def test_each_database_has_its_own_prefix_and_one_database_always_the_same():
    assert cache_key_prefix({}, PRODUCTION) != cache_key_prefix({}, STAGING)
    assert cache_key_prefix({}, PRODUCTION) == cache_key_prefix({}, dict(PRODUCTION))
    assert cache_key_prefix({"CACHE_KEY_PREFIX": "prod"}, STAGING) == "prod"


def test_two_sites_on_one_cache_keep_their_own_exports():
    location = "shared-by-two-sites"
    production = LocMemCache(location, {"KEY_PREFIX": cache_key_prefix({}, PRODUCTION)})
    staging = LocMemCache(location, {"KEY_PREFIX": cache_key_prefix({}, STAGING)})
    production.set("opendata:export:csv:v1", b"production")
    staging.set("opendata:export:csv:v1", b"staging")
    assert production.get("opendata:export:csv:v1") == b"production"
    assert staging.get("opendata:export:csv:v1") == b"staging"


def test_the_site_cache_is_prefixed(settings):
    from django.core.cache import cache

    assert settings.CACHES["default"]["KEY_PREFIX"].startswith("atlas-")
    assert cache.make_key("directory:organisations:version").startswith("atlas-")
