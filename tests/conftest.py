"""Fixtures shared by every test module."""

from types import SimpleNamespace

import pytest

from directory.seeding import AtlasSeeder


@pytest.fixture
def site_tree(db):
    """The Atlas's page tree in English and French, with vocabularies, and no organisation."""
    seeder = AtlasSeeder(seed=1)
    seeder.locales()
    seeder.vocabularies()
    home = seeder.site_tree()
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
