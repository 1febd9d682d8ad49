"""Under the Content-Security-Policy, in Chromium: the public pages raise no violation, and
the scripts that do the work (the map, the filters, the video player) still run."""

import pytest

from demo.seeding import AtlasSeeder
from directory.models import OrganisationPage
from stories.models import StoryPage
from tests.browser import browser_db, needs_chromium
from tests.test_accessibility import browser_page  # noqa: F401

pytestmark = [pytest.mark.browser, browser_db, needs_chromium]


@pytest.fixture
def atlas(migrated_data):
    AtlasSeeder(seed=3).run(30)
    return OrganisationPage.objects.filter(locale__language_code="en", online_only=False).first()


def watch_violations(page):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def test_public_pages_raise_no_csp_violation_and_the_map_still_draws(
    live_server,
    atlas,
    browser_page,  # noqa: F811
):
    violations = watch_violations(browser_page)
    story = StoryPage.objects.live().filter(locale__language_code="en").first()
    for path in (
        "/en/",
        "/fr/annuaire/",
        "/en/stories/",
        story.url,
        atlas.url,
        "/en/add-organisation/",
        "/en/open-data/",
    ):
        response = browser_page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        browser_page.wait_for_load_state("networkidle")
    browser_page.goto(live_server.url + "/en/map/")
    # Markers or clusters drawn by map.js (Leaflet and Supercluster, served by the site).
    browser_page.wait_for_selector(".leaflet-marker-icon", timeout=20_000)
    assert violations == []
