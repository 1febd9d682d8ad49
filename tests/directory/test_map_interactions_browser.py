"""The map's core interactions in a real browser, as readers reported them broken (issue 13):
popups that open only once, the embed squeezed into a strip, search-as-you-type emptying the
map, "(0)" options, popups under the zoom buttons on a phone, filters that seem to do nothing
on a phone, and a French map page that starts far down.

One page per test; requests to anything but the test server are aborted (and counted in
test_third_party.py).
"""

import pytest

from directory.factories import OrganisationPageFactory
from directory.models import Sector
from tests.browser import browser_db, needs_chromium

pytestmark = [pytest.mark.browser, browser_db, needs_chromium]

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
# Far enough apart to be single dots at the map's opening zoom, in both sizes of screen.
PLACES = [
    ("Paris", "FR", 48.85, 2.35, "design"),
    ("Berlin", "DE", 52.52, 13.40, "hosting"),
    ("Rome", "IT", 41.90, 12.50, "training"),
    ("Warsaw", "PL", 52.23, 21.01, "design"),
]
MAP_PATHS = {"en": "/en/map/", "fr": "/fr/carte/"}


@pytest.fixture
def spread(migrated_data, site_tree):
    """Four organisations per language, one per city, in three sectors."""
    from django.core.cache import cache

    cache.clear()
    for locale, parent, prefix in (
        (site_tree.en, site_tree.directory, "Hosting cooperative"),
        (site_tree.fr, site_tree.directory_fr, "Coopérative d'hébergement"),
    ):
        sectors = {s.slug: s for s in Sector.objects.filter(locale=locale)}
        for city, country, lat, lng, sector in PLACES:
            OrganisationPageFactory(
                parent=parent,
                title=f"{prefix} {city}",
                city=city,
                country=country,
                sector=sectors[sector],
                location=(lat, lng),
            )
    yield site_tree
    cache.clear()


def new_page(browser, live_server, **options):
    context = browser.new_context(**options)
    page = context.new_page()
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
        ),
    )
    return page


@pytest.fixture
def pages(browser):
    opened = []

    def make(live_server, **options):
        page = new_page(browser, live_server, **options)
        opened.append(page)
        return page

    yield make
    for page in opened:
        page.context.close()


def open_map(page, url):
    page.goto(url)
    page.wait_for_selector("#atlas-map[data-ready]", timeout=15_000)


def popup_title(page):
    return page.locator(".leaflet-popup .map-popup__title")


def wait_for_popup(page):
    """The popup with its details, once the map has moved to make room for it."""
    popup_title(page).wait_for(timeout=5_000)
    page.wait_for_selector("#atlas-map:not([data-moving])")


def activate(page, dot, how):
    if how == "click":
        dot.click()
    elif how == "tap":
        # A reader's pace: two taps on one spot within ~300 ms are a double tap (zoom in).
        page.wait_for_timeout(400)
        dot.tap()
    else:
        dot.focus()
        page.keyboard.press("Enter")


def reachable_dot(page, other_than):
    """Another dot still in view once the map has made room for the popups, and not under a
    control (on a phone, the attribution covers the bottom edge)."""
    label = page.evaluate(
        """(excluded) => {
            for (const dot of document.querySelectorAll(".map-dot")) {
                if (dot.getAttribute("aria-label").includes(excluded)) continue;
                const box = dot.getBoundingClientRect();
                const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
                const hit = document.elementFromPoint(x, y);
                if (hit && dot.contains(hit)) return dot.getAttribute("aria-label");
            }
            return null;
        }""",
        other_than,
    )
    assert label, "no other dot to reach"
    return page.locator(f'.map-dot[aria-label="{label}"]')


def close_popup(page, how):
    if how == "Enter":
        page.keyboard.press("Escape")  # from the popup's link, where the focus went
    else:
        page.locator(".leaflet-popup-close-button").click()
    page.locator(".leaflet-popup").wait_for(state="detached")


@pytest.mark.parametrize(
    "language, device, how, query",
    [
        ("en", DESKTOP, "click", ""),
        ("en", DESKTOP, "Enter", ""),
        ("fr", DESKTOP, "click", ""),
        ("en", PHONE, "tap", ""),
        ("fr", PHONE, "tap", ""),
        ("en", DESKTOP, "click", "?embed=1"),
        ("fr", PHONE, "Enter", "?embed=1"),
    ],
)
def test_a_dots_popup_opens_again_after_it_was_closed(
    pages, live_server, spread, language, device, how, query
):
    page = pages(live_server, **device)
    open_map(page, f"{live_server.url}{MAP_PATHS[language]}{query}")
    # Dots by their accessible name (the organisation's name): the map moves under them.
    first = page.locator(".map-dot[aria-label*='Paris']")
    for _attempt in range(3):
        activate(page, first, how)
        wait_for_popup(page)
        close_popup(page, how)
    # After another dot's popup (which closed the first one), the first dot opens again.
    activate(page, reachable_dot(page, other_than="Paris"), how)
    wait_for_popup(page)
    second_name = popup_title(page).inner_text()
    close_popup(page, how)
    activate(page, first, how)
    popup_title(page).wait_for(timeout=5_000)
    first_name = popup_title(page).inner_text()
    assert first_name != second_name
    assert first_name.startswith(("Hosting cooperative", "Coopérative d'hébergement"))


@pytest.mark.parametrize("width", [600, 960, 1280])
def test_the_embed_fills_its_frame_and_keeps_the_full_map_link_whole(
    pages, live_server, spread, width
):
    page = pages(live_server, viewport={"width": width, "height": 600})
    open_map(page, f"{live_server.url}/en/map/?embed=1")
    box = page.locator("#atlas-map").bounding_box()
    assert box["width"] >= width - 40, box
    assert box["height"] >= 400, box
    link = page.locator("#map-full-link")
    assert link.inner_text() == "Open the full map"
    assert link.evaluate("(a) => a.scrollWidth <= a.clientWidth")


def test_typing_a_word_letter_by_letter_keeps_showing_its_organisations(pages, live_server, spread):
    page = pages(live_server, **DESKTOP)
    open_map(page, f"{live_server.url}/en/map/")
    search = page.locator("#map-q")
    for end in range(1, len("hosting") + 1):
        typed = "hosting"[:end]
        search.fill(typed)
        page.wait_for_function(
            "(q) => document.querySelector('#atlas-map').dataset.query === q", arg=typed
        )
        status = page.locator("#map-status").inner_text()
        assert status == "4 organisations match", (typed, status)
        assert page.locator(".map-dot, .map-cluster").count() > 0, typed
        assert page.locator("#map-empty").is_hidden()


def test_options_that_would_empty_the_map_are_hidden_and_an_empty_map_says_so(
    pages, live_server, spread
):
    page = pages(live_server, **DESKTOP)
    open_map(page, f"{live_server.url}/en/map/")
    page.select_option("#map-sector", "hosting")
    page.wait_for_function("() => document.querySelector('#map-status').textContent[0] === '1'")
    # Only Berlin's organisation is in hosting: the other countries would leave an empty map.
    page.wait_for_function("() => document.querySelector('#map-country option[value=FR]').disabled")
    france = page.locator("#map-country option[value=FR]")
    assert france.evaluate("(o) => o.hidden && o.disabled")
    germany = page.locator("#map-country option[value=DE]")
    assert germany.evaluate("(o) => !o.hidden && !o.disabled")
    assert page.locator("#map-empty").is_hidden()
    # A search that finds nothing: the map says so, with a way back.
    page.locator("#map-q").fill("zzzzqx")
    page.wait_for_function("() => document.querySelector('#atlas-map').dataset.query === 'zzzzqx'")
    empty = page.locator("#map-empty")
    assert empty.is_visible()
    assert "No organisation matches these filters" in empty.inner_text()
    empty.get_by_role("link", name="Clear all").click()
    page.wait_for_function("() => document.querySelector('#map-status').textContent[0] === '4'")
    assert empty.is_hidden()
    assert page.locator("#map-sector").input_value() == ""


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_popup_on_a_phone_stays_inside_the_map_and_clear_of_the_zoom_buttons(
    pages, live_server, spread, language
):
    page = pages(live_server, **PHONE)
    open_map(page, f"{live_server.url}{MAP_PATHS[language]}")
    map_box = page.locator("#atlas-map").bounding_box()
    dot = page.locator(".map-dot").first
    # Bring the dot into the top-left corner (arrow keys pan the map by 80 px), where a popup
    # opening above it would run off the map and under the zoom buttons.
    page.locator("#atlas-map").focus()
    box = dot.bounding_box()
    for _ in range(round((box["y"] - map_box["y"] - 110) / 80)):
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(350)  # Leaflet ignores a key while the map is still moving
    for _ in range(round((box["x"] - map_box["x"] - 90) / 80)):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(350)
    box = dot.bounding_box()
    assert box["y"] - map_box["y"] < 200 and box["x"] - map_box["x"] < 170, box
    dot.tap()
    popup_title(page).wait_for(timeout=5_000)
    page.wait_for_timeout(600)  # the map pans to make room
    map_box = page.locator("#atlas-map").bounding_box()
    popup = page.locator(".leaflet-popup-content-wrapper").bounding_box()
    zoom = page.locator(".leaflet-control-zoom").bounding_box()
    assert popup["x"] >= map_box["x"] and popup["y"] >= map_box["y"], (popup, map_box)
    assert popup["x"] + popup["width"] <= map_box["x"] + map_box["width"], (popup, map_box)
    assert popup["y"] + popup["height"] <= map_box["y"] + map_box["height"], (popup, map_box)
    overlaps = (
        popup["x"] < zoom["x"] + zoom["width"]
        and zoom["x"] < popup["x"] + popup["width"]
        and popup["y"] < zoom["y"] + zoom["height"]
        and zoom["y"] < popup["y"] + popup["height"]
    )
    assert not overlaps, (popup, zoom)


def test_on_a_phone_the_directory_shows_its_results_after_a_filter_change(
    pages, live_server, spread
):
    page = pages(live_server, **PHONE)
    page.goto(f"{live_server.url}/en/directory/")
    page.locator("details.filters-disclosure > summary").tap()
    with page.expect_navigation():
        page.select_option("#directory-sector", "hosting")
    page.wait_for_load_state()
    assert "sector=hosting" in page.url
    heading = page.locator("#results-heading")
    assert heading.inner_text() == "1 organisation"
    top = heading.evaluate("(h) => h.getBoundingClientRect().top")
    # At the top of the screen (a sub-pixel above it is still in view), not below the fold.
    assert -1 <= top < 812 / 2, top


@pytest.mark.parametrize("language", ["en", "fr"])
def test_on_a_phone_the_map_starts_near_the_top_of_the_page(pages, live_server, spread, language):
    page = pages(live_server, **PHONE)
    open_map(page, f"{live_server.url}{MAP_PATHS[language]}")
    top = page.locator("#atlas-map").evaluate("(m) => m.getBoundingClientRect().top")
    assert top < 812 * 0.55, top
    # The introduction is still there, after the map.
    assert page.locator(".page-intro .lead").count() <= 1


# --- Accessible dots and clusters ---


def add_madrid_pair(site_tree):
    """Two organisations a street apart in Madrid: one group on the map until zoomed in."""
    from django.core.cache import cache

    design = Sector.objects.get(locale=site_tree.en, slug="design")
    for n in (1, 2):
        OrganisationPageFactory(
            parent=site_tree.directory,
            title=f"Madrid workshop {n}",
            city="Madrid",
            country="ES",
            sector=design,
            location=(40.42 + n * 0.001, -3.70 + n * 0.001),
        )
    cache.clear()


def focused(page):
    return page.evaluate(
        "() => [document.activeElement.className,"
        " document.activeElement.getAttribute('aria-label')]"
    )


def test_dots_are_named_by_organisation_and_reached_with_one_tab_stop_and_arrows(
    pages, live_server, spread
):
    add_madrid_pair(spread)
    page = pages(live_server, **DESKTOP)
    open_map(page, f"{live_server.url}/en/map/")
    paris = page.locator(".map-dot[aria-label*='Paris']")
    paris.wait_for()
    assert paris.get_attribute("aria-label") == "Hosting cooperative Paris, UX and service design"
    assert paris.get_attribute("role") == "button"
    group = page.locator(".map-cluster")
    assert group.get_attribute("aria-label") == "2 organisations here: zoom in"
    # One Tab stop for all the dots and groups.
    markers = page.locator(".map-dot, .map-cluster")
    assert markers.count() == 5
    assert page.locator(".map-dot[tabindex='0'], .map-cluster[tabindex='0']").count() == 1
    page.locator("#atlas-map").focus()
    page.keyboard.press("Tab")
    start = focused(page)
    assert "leaflet-marker-icon" in start[0], start
    # The arrow keys go from one to another, in their direction, and back.
    seen = {start[1]}
    for key in ("ArrowDown", "ArrowRight", "ArrowUp", "ArrowLeft", "ArrowDown"):
        page.keyboard.press(key)
        seen.add(focused(page)[1])
    assert len(seen) >= 3, seen
    # The next Tab leaves the dots (for the zoom buttons): one stop, not one per dot.
    page.keyboard.press("Tab")
    assert "leaflet-marker-icon" not in focused(page)[0]


def test_a_group_announces_its_count_and_zooms_in_on_enter(pages, live_server, spread):
    add_madrid_pair(spread)
    page = pages(live_server, **DESKTOP)
    open_map(page, f"{live_server.url}/en/map/")
    zoom = int(page.locator("#atlas-map").get_attribute("data-zoom"))
    page.locator(".map-cluster").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"() => Number(document.querySelector('#atlas-map').dataset.zoom) > {zoom}"
    )
    page.wait_for_selector("#atlas-map:not([data-moving])")
    # The keyboard is on one of the group's dots, now apart.
    page.wait_for_function(
        "() => (document.activeElement.getAttribute('aria-label') || '')"
        ".startsWith('Madrid workshop')"
    )


# --- One URL for a view: share, embed, download ---


def test_the_share_panel_gives_the_link_the_embed_code_and_downloads_of_the_view(
    pages, live_server, spread
):
    from urllib.parse import parse_qs, urlsplit

    page = pages(live_server, **DESKTOP)
    open_map(page, f"{live_server.url}/en/map/?sector=design")
    # The reader moves the map: the view (bbox) joins the filters in every link.
    page.locator("#atlas-map").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('bbox=')")
    address = page.evaluate("() => location.href")
    query = parse_qs(urlsplit(address).query)
    assert query["sector"] == ["design"]
    west, south, east, north = (float(v) for v in query["bbox"][0].split(","))
    assert west < 2.35 < east and south < 48.85 < north  # Paris is in view
    assert "bbox=" in page.locator("#map-directory-link").get_attribute("href")
    page.locator("#map-share > summary").click()
    link = page.locator("#map-share-link").input_value()
    assert urlsplit(link).query == urlsplit(address).query
    code = page.locator("#map-share-code").input_value()
    assert code.startswith("<iframe src=") and "embed=1" in code and 'height="600"' in code
    page.get_by_label("Small (600 × 400)").check()
    assert 'width="600" height="400"' in page.locator("#map-share-code").input_value()
    downloads = page.locator("[data-download]")
    assert downloads.count() == 3
    for anchor in downloads.all():
        href = anchor.get_attribute("href")
        assert urlsplit(href).query == urlsplit(address).query, href
    # Exactly the organisations of the view: the design ones in view, not Warsaw's if out.
    csv_text = page.request.get(live_server.url + downloads.first.get_attribute("href")).text()
    assert "Hosting cooperative Paris" in csv_text
    assert "Hosting cooperative Berlin" not in csv_text  # another sector
    # The preview is the embed of that view.
    page.locator("#map-share-preview-button").click()
    frame = page.frame_locator("#map-share-preview iframe")
    frame.locator("#atlas-map[data-ready]").wait_for(timeout=15_000)
    assert frame.locator("#map-full-link").inner_text() == "Open the full map"
    # At the embed's size (600 or 960 px), scaled to fit the panel: whole, no sideways scrolling.
    preview = page.locator("#map-share-preview")
    for size, ratio in (("small", 600 / 400), ("medium", 960 / 600)):
        page.locator(f"input[name=map-share-size][value={size}]").check()
        box, inner = (
            preview.bounding_box(),
            page.locator("#map-share-preview iframe").bounding_box(),
        )
        assert box["x"] <= inner["x"] and inner["x"] + inner["width"] <= box["x"] + box["width"]
        assert inner["y"] + inner["height"] <= box["y"] + box["height"] + 1
        assert inner["width"] / inner["height"] == pytest.approx(ratio, rel=0.01)
    assert preview.evaluate("(box) => getComputedStyle(box).overflowX") == "hidden"
    # The shared link opens the same view.
    other = pages(live_server, **DESKTOP)
    open_map(other, link.replace(urlsplit(link).netloc, urlsplit(live_server.url).netloc))
    assert other.evaluate("() => location.search") == page.evaluate("() => location.search")
