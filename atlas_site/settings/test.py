"""Test settings: fast hashing, in-memory email and cache, no manifest needed."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_PREFIX": cache_key_prefix(os.environ, DATABASES["default"]),  # noqa: F405
    }
}
ALLOWED_HOSTS = ["*"]
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tasks run at once, inside the test: a test sees their outcome without a worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Never a real geocoder in tests, whatever the environment says.
ATLAS_GEOCODER = None
# The tests serve partner files from 127.0.0.1; the site itself refuses private addresses.
ATLAS_FETCH_PRIVATE_ADDRESSES = True
# No page cache by default: tests change data without signals (queryset updates, rollbacks);
# the page cache's own tests turn it on.
ATLAS_PAGE_CACHE = False
