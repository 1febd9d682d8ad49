"""With its default settings the public site makes no request to anyone but itself: no map
tiles, fonts, scripts or trackers from a third party (issue 13). Counted in a real browser on
the home page, the directory, the map, a profile, a story and the embedded map."""

import pytest

from demo.seeding import AtlasSeeder
from directory.models import OrganisationPage
from stories.models import StoryPage
from tests.browser import browser_db, needs_chromium

pytestmark = [pytest.mark.browser, browser_db, needs_chromium]


@pytest.fixture
def seeded(migrated_data):
    from django.core.cache import cache

    cache.clear()
    AtlasSeeder(seed=4).run(30)
    profile = OrganisationPage.objects.filter(
        locale__language_code="en", online_only=False, latitude__isnull=False
    ).first()
    story = StoryPage.objects.live().filter(locale__language_code="en").first()
    yield profile, story
    cache.clear()


def test_the_public_pages_make_no_third_party_request(browser, live_server, seeded):
    profile, story = seeded
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    paths = {
        "home": "/en/",
        "directory": "/en/directory/",
        "map": "/en/map/",
        "profile": profile.url,
        "story": story.url,
        "embed": "/en/map/?embed=1",
        "map in French": "/fr/carte/",
    }
    third_party = {}
    own = 0
    try:
        for name, path in paths.items():
            requests.clear()
            page.goto(live_server.url + path)
            if "map" in name or name == "embed":
                page.wait_for_selector("#atlas-map[data-ready]", timeout=15_000)
                # The basemap is drawn: its countries' names are on the map.
                page.wait_for_selector(".basemap-label", timeout=15_000)
            if name == "profile":
                page.wait_for_selector("#organisation-map .basemap-label", timeout=15_000)
            page.wait_for_load_state("networkidle")
            own += len(requests)
            outside = [url for url in requests if not url.startswith(live_server.url)]
            if outside:
                third_party[name] = outside
    finally:
        context.close()
    assert own > len(paths)  # the pages, their styles, scripts and data were counted
    assert third_party == {}
