"""Length-limited fields in a real browser: a pasted text is never cut, a counter shows
"312 / 300" with a warning, and the form refuses it with a field error, text kept."""

import pytest

from moderation.models import add_editor
from moderation.roles import setup_moderation
from tests.browser import browser_db, needs_chromium
from tests.moderation.conftest import PASSWORD, make_organisation, make_user

pytestmark = [pytest.mark.browser, browser_db, needs_chromium]

TOO_LONG = ("Digital tools for associations. " * 10)[:312]


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 800}, base_url=live_server.url)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def paste(page, selector, text):
    """Insert text as a paste does: like a paste, Chromium cuts it at a maxlength attribute."""
    page.focus(selector)
    page.keyboard.insert_text(text)


def test_a_long_summary_is_counted_and_refused_never_cut(
    page, live_server, migrated_data, site_tree, settings, tmp_path
):
    # The public proposal form.
    page.goto("/en/add-organisation/")
    counter = page.locator("#id_summary-length-counter")
    assert counter.inner_text().strip() == "0 / 300"
    paste(page, "#id_summary", TOO_LONG)
    assert len(page.input_value("#id_summary")) == 312
    assert counter.inner_text().startswith("312 / 300")
    assert "Too long by 12 characters" in counter.inner_text()
    assert "id_summary-length-counter" in page.get_attribute("#id_summary", "aria-describedby")
    page.fill("#id_title", "Counter Test Coop")
    page.click("main form [type=submit]")
    page.wait_for_selector(".form-field--error #id_summary")
    assert "at most 300 characters (it has 312)" in page.locator("main").inner_text()
    assert len(page.input_value("#id_summary")) == 312  # sent back, not cut

    # The admin edit screen, as the organisation's editor.
    settings.MEDIA_ROOT = tmp_path
    setup_moderation()
    org, _alias = make_organisation(site_tree, "Web Together")
    editor = make_user("volunteer")
    add_editor(editor, org)
    page.goto("/admin/login/")
    page.fill("input[name=username]", "volunteer")
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(f"/admin/pages/{org.pk}/edit/")
    page.fill("#id_summary", "")
    paste(page, "#id_summary", TOO_LONG)
    assert len(page.input_value("#id_summary")) == 312
    counter = page.locator("#id_summary-length-counter")
    assert counter.inner_text().startswith("312 / 300")
    assert "Too long by 12 characters" in counter.inner_text()
    page.locator("button[name=action-submit]").click()
    page.wait_for_selector("#id_summary-length-counter")
    assert "at most 300 characters (it has 312)" in page.locator("main").inner_text()
    assert len(page.input_value("#id_summary")) == 312
    org.refresh_from_db()
    assert len(org.summary) <= 300
