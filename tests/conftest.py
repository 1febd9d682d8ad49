"""Fixtures shared by every test module."""

import threading
import time
from types import SimpleNamespace

import pytest

from demo.seeding import AtlasSeeder


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a French request (LocaleMiddleware) leaves its
    language active in the thread, and the next test would run in French."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def seed_site_tree():
    """The Atlas's locales, vocabularies and page tree, and no organisation: read when the run's
    database has them (seeded once, see django_db_setup), built otherwise (a transactional test
    starts from what the migrations made)."""
    seeder = AtlasSeeder(seed=1)
    home = seeder.load()
    if home is None:
        seeder.locales()
        seeder.vocabularies()
        home = seeder.site_tree()
    return seeder, home


@pytest.fixture
def site_tree(db):
    """The Atlas's page tree in English and French, with vocabularies, and no organisation."""
    seeder, home = seed_site_tree()
    return SimpleNamespace(
        home=home,
        home_fr=home.get_translation(seeder.fr).specific,
        directory=seeder.directory,
        directory_fr=seeder.directory_fr,
        stories=seeder.stories,
        en=seeder.en,
        fr=seeder.fr,
        seeder=seeder,
    )


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    import os

    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make browser-deps)")
    # Playwright's sync API runs an event loop in this thread while tests use the ORM. Set only
    # for as long as a browser runs: left in os.environ it would leak into other tests.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


_SERIALIZED = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Keep the serialized database pytest-django made for serialized rollback: the connection
    object holding it is per context, and Playwright's event loop runs tests in a new one.

    Then seed the site tree once for the run (two to three seconds a test otherwise): every test
    in a transaction starts from it and rolls back to it. Transactional tests run after those
    (pytest-django orders them so); they start from the migrations' data, serialized before the
    seeding, and build their own tree."""
    from django.db import connection

    _SERIALIZED["default"] = getattr(connection, "_test_serialized_contents", None)
    with django_db_blocker.unblock():
        seed_site_tree()


@pytest.fixture
def migrated_data(transactional_db):
    """What the migrations made (root page and collection, locales, groups, workflows), in a
    transactional test: restored from the serialized copy when the tables were left empty."""
    from django.db import connection

    from wagtail.models import Page

    serialized = _SERIALIZED.get("default")
    if serialized is None:
        return
    connection._test_serialized_contents = serialized
    if not Page.objects.filter(depth=1).exists():
        connection.creation.deserialize_db_from_string(serialized)


@pytest.fixture(autouse=True)
def fresh_structure_memo():
    """Each test starts without this process's memo of locales, restrictions and settings
    (core.structure): a rolled-back transaction sends no signal to clear it."""
    from core import structure

    structure.clear()
    yield
    structure.clear()


@pytest.fixture(autouse=True)
def fresh_directory_bitmaps():
    """Each test starts with the directory's bitmaps out of date (directory.listing): a
    rolled-back transaction sends no signal, and the rows it wrote would still be counted."""
    from directory import cache as organisation_cache
    from directory.listing import clear_memo

    clear_memo()
    organisation_cache.invalidate()


# --- The live server's requests ---

_LIVE_REQUESTS = {"running": 0}
_LIVE_LOCK = threading.Lock()


def _counting(call):
    def counted(handler, environ, start_response):
        with _LIVE_LOCK:
            _LIVE_REQUESTS["running"] += 1
        try:
            return call(handler, environ, start_response)
        finally:
            with _LIVE_LOCK:
                _LIVE_REQUESTS["running"] -= 1

    return counted


@pytest.fixture(scope="session", autouse=True)
def count_live_server_requests():
    """Count the requests the live server (a thread of this process) is handling."""
    from django.core.handlers.wsgi import WSGIHandler

    original = WSGIHandler.__call__
    WSGIHandler.__call__ = _counting(original)
    yield
    WSGIHandler.__call__ = original


@pytest.fixture(autouse=True)
def live_server_idle():
    """After a test, wait for the live server to finish the requests a browser left running
    (the map's worker fetching the full index, say) before the database is flushed: a request
    still reading in its own connection could deadlock the flush and leave the test's rows for
    the next test."""
    yield
    deadline = time.monotonic() + 30
    while _LIVE_REQUESTS["running"] and time.monotonic() < deadline:
        time.sleep(0.02)
