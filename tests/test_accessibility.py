"""WCAG checks in a real browser: axe-core (served from node_modules) on the main public pages,
plus keyboard use of the directory. Runs in Debian's Chromium through Playwright."""

import pytest

from demo.seeding import AtlasSeeder
from directory.models import OrganisationPage
from tests.browser import CHROMIUM, axe_violations, browser_db, needs_chromium

__all__ = ["CHROMIUM", "atlas", "axe_violations", "browser_page"]

pytestmark = [pytest.mark.browser, browser_db, needs_chromium]


@pytest.fixture
def atlas(migrated_data):
    AtlasSeeder(seed=2).run(40)
    return OrganisationPage.objects.filter(locale__language_code="en", online_only=False).first()


@pytest.fixture
def browser_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Map tiles are the only external request; keep tests off the network.
    context.route("https://**/*", lambda route: route.abort())
    page = context.new_page()
    yield page
    context.close()


PUBLIC_PATHS = [
    "/en/",
    "/fr/",
    "/en/directory/",
    "/fr/annuaire/?sector=design",
    "/en/directory/?q=zzzznotfound",
    "/en/stories/",
    "/en/add-organisation/",
    "/fr/ajouter-une-organisation/",
]


def test_public_pages_have_no_wcag_aa_violations(live_server, atlas, browser_page):
    violations = {}
    for path in [*PUBLIC_PATHS, atlas.url, f"/en/claim/{atlas.pk}/"]:
        response = browser_page.goto(live_server.url + path)
        assert response.status == 200, path
        found = axe_violations(browser_page)
        if found:
            violations[path] = found
    # The proposal form sent empty: its error summary and field errors must be accessible too.
    browser_page.goto(live_server.url + "/en/add-organisation/")
    browser_page.locator("main form button[type=submit]").last.click()
    browser_page.wait_for_load_state()
    assert browser_page.locator("[aria-invalid=true]").count() > 0
    found = axe_violations(browser_page)
    if found:
        violations["/en/add-organisation/ (with errors)"] = found
    assert violations == {}


def test_directory_is_usable_with_the_keyboard_alone(live_server, atlas, browser_page):
    browser_page.goto(live_server.url + "/en/directory/")
    # The first Tab reaches the skip link, which moves focus to the main content.
    browser_page.keyboard.press("Tab")
    assert browser_page.evaluate("document.activeElement.className") == "skip-link"
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("location.hash") == "#main"
    # Choosing a sector with the keyboard filters the results and keeps the state in the URL.
    browser_page.focus("#directory-sector")
    browser_page.keyboard.press("ArrowDown")
    browser_page.wait_for_url("**sector=*")
    assert "sector=" in browser_page.url
    heading = browser_page.locator("#results-heading").inner_text()
    assert "organisation" in heading
    # Every focusable element shows a visible focus indicator.
    browser_page.focus(".org-card__title a")
    outline = browser_page.evaluate(
        "getComputedStyle(document.activeElement.closest('.org-card')).outlineStyle"
    )
    assert outline != "none"
