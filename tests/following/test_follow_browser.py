"""A reader follows a search in a real browser: the directory's "Follow this search", the form,
the confirmation link read from the email, the manage page, a digest after a change, one-click
unsubscribe; the follow pages pass axe (WCAG 2.2 AA) at 375 and 1280 px."""

import re

from django.core import mail

import pytest

from following.digest import send_digests
from following.models import Follow
from tests.browser import axe_violations, browser_db, needs_chromium
from tests.opendata.conftest import make_organisation

pytestmark = [pytest.mark.browser, browser_db, needs_chromium]
EMAIL = "walker@example.org"


@pytest.mark.parametrize("width", [375, 1280])
def test_follow_a_search_confirm_by_email_and_receive_a_digest(
    migrated_data, site_tree, browser, live_server, width
):
    make_organisation(site_tree, title="Lyon Coop", country="FR")
    context = browser.new_context(
        viewport={"width": width, "height": 900}, base_url=live_server.url
    )
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
        ),
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    mail.outbox.clear()

    page.goto(f"{site_tree.directory.url}?country=FR")
    page.click("text=Follow this search")
    assert "Country: France" in page.content()
    page.fill("input[name=email]", EMAIL)
    page.check("input[name=frequency][value=daily]")
    assert axe_violations(page) == []
    page.click("button:has-text('Follow')")
    page.wait_for_selector("text=Check your inbox")

    (message,) = mail.outbox
    confirm = re.search(r"http://\S+(/en/follow/confirm/\S+/)", message.body).group(1)
    page.goto(confirm)
    page.click("button:has-text('Yes, confirm')")
    page.wait_for_selector("text=Your follows")
    assert axe_violations(page) == []
    assert Follow.objects.get().confirmed_at is not None

    make_organisation(site_tree, title="Grenoble Coop", country="FR")
    make_organisation(site_tree, title="Munich eG", country="DE")
    mail.outbox.clear()
    send_digests()
    (digest,) = mail.outbox
    assert "Grenoble Coop" in digest.body and "Munich" not in digest.body

    unsubscribe = re.search(r"Unsubscribe in one click: http://\S+?(/en/\S+/)", digest.body)
    page.goto(unsubscribe.group(1))
    page.click("button:has-text('Yes, unsubscribe')")
    page.wait_for_selector("text=Unsubscribed")
    assert not Follow.objects.exists()
    context.close()
