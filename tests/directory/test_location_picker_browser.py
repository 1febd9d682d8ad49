"""The admin's location picker in a real browser (issue 13): an organisation without a location
gets no pin on a default city (wagtailgeowidget's Brussels) when the moderator opens the
picker; the pin goes where the moderator clicks."""

import pytest

from directory.factories import OrganisationPageFactory
from directory.models import OrganisationPage
from tests.browser import browser_db, needs_chromium

pytestmark = [pytest.mark.browser, browser_db, needs_chromium]

PINS = ".leaflet-container .leaflet-marker-icon:not(.basemap-label)"


def test_an_empty_location_gets_no_default_pin_until_the_moderator_clicks(
    browser, live_server, migrated_data, site_tree, django_user_model
):
    page = OrganisationPageFactory(parent=site_tree.directory, title="Lyon commons", city="Lyon")
    assert page.latitude is None
    django_user_model.objects.create_superuser("boss", "boss@example.org", "a-long-password-1")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
        ),
    )
    try:
        tab.goto(f"{live_server.url}/admin/login/")
        tab.fill("#id_username", "boss")
        tab.fill("#id_password", "a-long-password-1")
        tab.locator("button[type=submit]").click()
        tab.wait_for_url("**/admin/")
        tab.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
        latlng = tab.locator("input[id$='location_latlng']")
        latlng.scroll_into_view_if_needed()
        latlng.focus()  # wagtailgeowidget's "click here to initialise the map"
        picker = tab.locator(".leaflet-container[data-empty-location]")
        picker.wait_for(timeout=10_000)
        assert tab.locator(PINS).count() == 0
        assert latlng.input_value() == ""
        assert tab.locator("input[name=location]").input_value() == ""
        # The map is the site's own basemap, not a blank box.
        tab.locator(".leaflet-container .basemap-label").first.wait_for(timeout=10_000)
        box = picker.bounding_box()
        tab.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert tab.locator(PINS).count() == 1
        assert tab.locator("input[name=location]").input_value() != ""
    finally:
        context.close()
    assert OrganisationPage.objects.get(pk=page.pk).latitude is None  # nothing saved
