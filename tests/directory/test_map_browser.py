"""The map in a real browser (Debian's Chromium driven by Playwright): what a reader sees and does.

Requests to anything but the test server (the map tiles) are blocked: no third-party request.
"""

import re

from django.core.cache import cache

import pytest

from directory.factories import OrganisationPageFactory
from directory.models import Sector
from tests.browser import axe_violations, browser_db, needs_chromium

pytestmark = [pytest.mark.browser, browser_db, needs_chromium]

HTML_NAME = "<b>Bold</b> & <script>x</script>"


@pytest.fixture
def atlas(migrated_data, site_tree):
    """Twelve located organisations in three sectors, one with HTML in its name."""
    cache.clear()
    sectors = {s.slug: s for s in Sector.objects.filter(locale=site_tree.en)}
    places = [(45.76, 4.83), (45.75, 4.85), (48.85, 2.35), (48.86, 2.34), (50.85, 4.35)]
    for n in range(12):
        lat, lng = places[n % len(places)]
        OrganisationPageFactory(
            parent=site_tree.directory,
            title=f"Cooperative {n:02d}",
            sector=sectors[["design", "hosting", "training"][n % 3]],
            location=(lat + n * 0.001, lng + n * 0.001),
        )
    bold = OrganisationPageFactory(
        parent=site_tree.directory,
        title=HTML_NAME,
        summary="Sums <i>up</i> & more",
        sector=sectors["design"],
        city="Lille",
        location=(50.63, 3.06),
    )
    yield site_tree, bold
    cache.clear()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
        ),
    )
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()


def open_map(page, live_server, query=""):
    page.goto(f"{live_server.url}/en/map/{query}")
    page.wait_for_selector("#atlas-map[data-ready]", timeout=15_000)


def test_the_map_loads_and_clusters_the_dots(page, live_server, atlas):
    open_map(page, live_server)
    assert page.locator("#map-status").inner_text() == "13 organisations match"
    clusters = page.locator(".map-cluster")
    assert clusters.count() >= 1
    assert (
        sum(int(text) for text in clusters.all_inner_texts()) + page.locator(".map-dot").count()
        == 13
    )
    # The legend names every sector with its count, not its colour alone.
    # Predicates as functions: Playwright evals a bare expression, which the CSP refuses.
    page.wait_for_function(
        "() => document.querySelector('.map-legend__item[data-sector=design] [data-count]')"
        ".textContent === '(5)'"
    )
    assert "UX and service design" in page.locator(".map-legend").inner_text()


def test_a_cluster_zooms_in_from_the_keyboard(page, live_server, atlas):
    open_map(page, live_server)
    zoom_before = int(page.locator("#atlas-map").get_attribute("data-zoom"))
    cluster = page.locator(".map-cluster").first
    cluster.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"() => Number(document.querySelector('#atlas-map').dataset.zoom) > {zoom_before}"
    )


def test_filtering_by_sector_changes_the_count_and_the_address(page, live_server, atlas):
    open_map(page, live_server)
    page.select_option("#map-sector", "hosting")
    page.wait_for_function(
        "() => document.querySelector('#map-status').textContent.startsWith('4 ')"
    )
    assert re.search(r"[?&]sector=hosting", page.url)
    directory_link = page.locator("#map-directory-link").get_attribute("href")
    assert directory_link == "/en/directory/?sector=hosting"
    # The shared address opens the same filtered map.
    page.goto(page.url)
    page.wait_for_selector("#atlas-map[data-ready]")
    assert page.locator("#map-status").inner_text() == "4 organisations match"
    assert page.locator("#map-sector").input_value() == "hosting"


def test_a_link_with_a_verification_date_shows_only_what_was_verified_since(
    page, live_server, atlas
):
    import datetime

    from directory.models import OrganisationPage

    organisations = OrganisationPage.objects.order_by("pk")
    organisations.update(last_verified=datetime.date(2020, 1, 1))
    recent = list(organisations.values_list("pk", flat=True)[:4])
    OrganisationPage.objects.filter(pk__in=recent).update(last_verified=datetime.date(2026, 6, 1))
    cache.clear()
    open_map(page, live_server, "?verified_since=2026-01-01")
    page.wait_for_function(
        "() => document.querySelector('#map-status').textContent.startsWith('4 ')"
    )
    # The links keep the date: the directory shows the same four.
    assert "verified_since=2026-01-01" in page.locator("#map-directory-link").get_attribute("href")


def test_a_popup_links_to_the_profile_and_shows_html_as_text(page, live_server, atlas):
    site_tree, bold = atlas
    open_map(page, live_server, "?q=Bold")
    item = page.locator(".map-list__item", has_text="Bold")
    item.wait_for()
    # In the list: the name is text, not markup.
    assert item.locator(".map-list__name").inner_text() == HTML_NAME
    assert item.locator("b, script").count() == 0
    item.get_by_role("button").click()
    popup = page.locator(".leaflet-popup .map-popup")
    popup.wait_for()
    assert popup.locator(".map-popup__title").inner_text() == HTML_NAME
    assert popup.locator("b, i, script").count() == 0
    assert "Sums <i>up</i> & more" in popup.inner_text()
    assert "Lille" in popup.inner_text()
    popup.locator(".map-popup__more").click()
    page.wait_for_url(f"{live_server.url}{bold.url}")
    assert page.locator("h1").inner_text() == HTML_NAME
    assert page.dialogs == []


def test_the_embedded_map_has_only_the_map(page, live_server, atlas):
    open_map(page, live_server, "?embed=1&sector=design")
    assert page.locator(".site-header").count() == 0
    assert page.locator("#map-status").inner_text() == "5 organisations match"
    assert "embed=1" in page.url
    full = page.locator("#map-full-link").get_attribute("href")
    assert full == "/en/map/?sector=design"


def test_the_map_page_and_its_popup_have_no_wcag_aa_violations(page, live_server, atlas):
    open_map(page, live_server, "?q=Bold")
    item = page.locator(".map-list__item", has_text="Bold")
    item.wait_for()
    assert axe_violations(page) == []
    item.get_by_role("button").click()
    page.locator(".leaflet-popup .map-popup").wait_for()
    # Contrast is judged once the popup has faded in.
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )
    assert axe_violations(page) == []


def add_services_languages_and_roles(site_tree):
    from directory.models import Language, Service

    hosting = Service.objects.get(slug="hosting", locale=site_tree.en)
    french, english = Language.objects.get(code="fr"), Language.objects.get(code="en")
    for n, organisation in enumerate(site_tree.directory.organisations.order_by("pk")):
        if n % 2:
            organisation.services.add(hosting)
        organisation.languages.add(french if n % 3 else english)
        if n % 5 == 0:
            organisation.languages.add(english)
        organisation.provides_tools = n % 4 == 0
        organisation.save_revision().publish()
    cache.clear()


@pytest.mark.parametrize(
    "query",
    [
        "?sector=design",
        "?role=tools",
        "?service=hosting",
        "?language=fr",
        "?sector=hosting&role=support&language=fr",
        "?q=Cooperative&country=FR",
    ],
)
def test_the_map_filters_mean_what_the_directory_filters_mean(page, live_server, atlas, query):
    from django.http import QueryDict

    from directory.filters import DirectoryFilter

    site_tree, _bold = atlas
    add_services_languages_and_roles(site_tree)
    expected = (
        DirectoryFilter(QueryDict(query[1:]), site_tree.directory.organisations).filtered().count()
    )
    assert expected > 0, query
    open_map(page, live_server, query)
    page.wait_for_function("() => !document.querySelector('#map-status').textContent.endsWith('…')")
    status = page.locator("#map-status").inner_text()
    assert status.split(" ")[0] == str(expected), (query, status)


def test_the_options_count_from_the_compact_payload_as_the_directory_counts(
    page, live_server, atlas
):
    """Lists (languages, services) and bits (roles) decoded in the browser: each option's count
    is the directory's count for it, among the organisations of the other filters."""
    from django.http import QueryDict

    from directory.filters import DirectoryFilter

    site_tree, _bold = atlas
    add_services_languages_and_roles(site_tree)
    open_map(page, live_server, "?sector=design")
    for facet, value in [
        ("language", "en"),
        ("language", "fr"),
        ("service", "hosting"),
        ("role", "tools"),
    ]:
        expected = (
            DirectoryFilter(
                QueryDict(f"sector=design&{facet}={value}"), site_tree.directory.organisations
            )
            .filtered()
            .count()
        )
        option = page.locator(f"#map-filters select[name={facet}] option[value='{value}']")
        page.wait_for_function(
            "([facet, value]) => /\\(\\d+\\)$/.test(document.querySelector("
            "`#map-filters select[name=${facet}] option[value='${value}']`).textContent)",
            arg=[facet, value],
        )
        assert option.text_content().endswith(f"({expected})"), (facet, value, expected)
