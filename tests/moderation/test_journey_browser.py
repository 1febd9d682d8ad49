"""The organisation editor's whole journey in a real browser, in English and in French.

A volunteer claims their organisation on the public form, a moderator grants the claim, the
volunteer follows the invitation email's link, chooses a password, adds one country served and
removes another, and submits for review; the moderator compares with the live version and
approves with a comment from the edit screen; the volunteer sees the comment on their dashboard
and in the email, and the public profile shows the change.
"""

import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from directory.models import OrganisationPage
from moderation.models import OrganisationClaim
from moderation.roles import MODERATORS, setup_moderation
from tests.browser import browser_db, needs_chromium
from tests.moderation.conftest import PASSWORD, make_organisation, make_user

pytestmark = [pytest.mark.browser, browser_db, needs_chromium]

COMMENT = "Thanks — France added, Cyprus removed: checked with your annual report."
NEW_PASSWORD = "a long volunteer passphrase 2026"


@pytest.fixture
def journey(migrated_data, site_tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    setup_moderation()
    page, alias = make_organisation(site_tree, "Web Together", "https://webtogether.example.coop")
    page.countries_served = ["AT", "CY", "SE"]
    page.save_revision().publish()
    moderator = make_user("moderator", MODERATORS)
    return page, alias, moderator


@pytest.fixture
def contexts(browser, live_server):
    """One browser, one context (cookie jar) per person, kept on the test server."""
    opened = []

    def new_page(language):
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale=language, base_url=live_server.url
        )
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(live_server.url)
                else route.abort()
            ),
        )
        context.set_default_timeout(10_000)
        opened.append(context)
        return context.new_page()

    yield new_page
    for context in opened:
        context.close()


def said(language, text):
    with translation.override(language):
        return translation.gettext(text)


def reload(page):
    return OrganisationPage.objects.get(pk=page.pk)


def sign_in(page, username, password):
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form [type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def country_label(page, code):
    return page.locator(f"input[name=countries_served][value={code}]").locator("xpath=..")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_claim_review_and_approval_journey(contexts, live_server, journey, language):
    org, alias, moderator = journey
    public = alias if language == "fr" else org
    email = f"sam.{language}@webtogether.example.coop"
    mail.outbox.clear()

    # 1. The volunteer claims the profile from the public page, in their language.
    volunteer = contexts(language)
    volunteer.goto(public.url)
    with translation.override(language):
        claim_path = reverse("moderation:claim", args=[public.pk])
    volunteer.click(f"a[href='{claim_path}']")
    volunteer.fill("input[name=name]", "Sam Volunteer")
    volunteer.fill("input[name=role]", "Coordinator")
    volunteer.fill("input[name=email]", email)
    volunteer.check("input[name=consent]")
    volunteer.click("main form [type=submit]")
    volunteer.wait_for_url(f"**{claim_path}")
    claim = OrganisationClaim.objects.get(email=email)
    assert claim.language == language

    # 2. A moderator grants it in the moderation admin.
    staff = contexts("en")
    sign_in(staff, "moderator", PASSWORD)
    staff.goto(reverse("moderation_claims:index"))
    staff.click(f"a[href='{reverse('moderation_claims:edit', args=[claim.pk])}']")
    staff.select_option("select[name=status]", "approved")
    staff.fill("textarea[name=moderator_note]", "Same domain as the website.")
    staff.click("#main footer button[type=submit] >> nth=0")
    staff.wait_for_url(f"**{reverse('moderation_claims:index')}*")
    invitations = [m for m in mail.outbox if m.to == [email]]
    assert len(invitations) == 1
    link = re.search(r"https?://[^/\s]+(/\S+/account/invitation/\S+/)", invitations[0].body)
    assert link, invitations[0].body
    link = link.group(1)  # an absolute link to the site's configured host; here, the test server

    # 3. The invitation link: choose a password, land on the dashboard.
    volunteer.goto(link)
    volunteer.fill("input[name=new_password1]", NEW_PASSWORD)
    volunteer.fill("input[name=new_password2]", NEW_PASSWORD)
    volunteer.click("main form [type=submit]")
    volunteer.wait_for_url(re.compile(r"/admin/$"))

    # 4. Edit: add France, remove Cyprus with its "Remove" button, keep Austria and Sweden.
    volunteer.click(f"main a[href='{reverse('wagtailadmin_pages:edit', args=[org.pk])}']")
    volunteer.wait_for_selector("#id_countries_served_search")
    cyprus = country_label(volunteer, "CY").inner_text().strip()
    volunteer.click(f"button.atlas-multichoice__remove[aria-label$='{cyprus}']")
    search = volunteer.locator("#id_countries_served_search")
    france = country_label(volunteer, "FR").inner_text().strip()
    search.fill(france[:4])
    volunteer.check("input[name=countries_served][value=FR]")
    chips = volunteer.locator("[aria-labelledby=id_countries_served_chosen_label] li")
    chosen = {text.replace("×", "").strip() for text in chips.all_inner_texts()}
    assert france in chosen and cyprus not in chosen and len(chosen) == 3

    # 5. Submit for review: the main button, in the volunteer's language; back on the dashboard.
    submit = volunteer.locator("button[name=action-submit]")
    assert submit.inner_text().strip() == said(language, "Submit for review")
    submit.click()
    volunteer.wait_for_url(re.compile(r"/admin/$"))
    revision = reload(org).get_latest_revision().as_object()
    assert sorted(str(c) for c in revision.countries_served) == ["AT", "FR", "SE"]
    assert sorted(str(c) for c in reload(org).countries_served) == ["AT", "CY", "SE"]

    # 6. The moderator compares with the live version from the dashboard, then approves with a
    # comment from the edit screen's action menu.
    staff.goto("/admin/")
    compare = reverse("wagtailadmin_pages:revisions_compare", args=[org.pk, "live", "latest"])
    staff.click(f"a[href='{compare}'] >> nth=0")
    staff.wait_for_url(f"**{compare}")
    assert staff.locator(".comparison .deletion", has_text="Cyprus").count()
    assert staff.locator(".comparison .addition", has_text="France").count()
    staff.click(f"a.button[href='{reverse('wagtailadmin_pages:edit', args=[org.pk])}']")
    staff.locator("footer [data-w-dropdown-target=toggle]").last.click()
    staff.click("button[data-workflow-action-name=approve][data-workflow-action-modal-url]")
    staff.fill(".modal textarea[name=comment]", COMMENT)
    staff.click(".modal form [type=submit]")
    staff.wait_for_url(lambda url: "/edit/" not in url)

    page = reload(org)
    assert sorted(str(c) for c in page.countries_served) == ["AT", "FR", "SE"]
    assert page.last_verified == timezone.localdate()
    assert not page.has_unpublished_changes
    assert page.get_latest_revision().pk == page.live_revision_id

    # 7. The volunteer sees the comment on the dashboard and in the approval email, in their
    # language; the public page shows the change.
    volunteer.goto("/admin/")
    volunteer.wait_for_selector(f"text={COMMENT}")
    assert said(language, "Moderator's comment:") in volunteer.locator("main").inner_text()
    decisions = [m for m in mail.outbox if m.to == [email] and m not in invitations]
    assert len(decisions) == 1 and COMMENT in decisions[0].body
    volunteer.goto(public.url)
    assert france in volunteer.locator("main").inner_text()
    assert cyprus not in volunteer.locator("main").inner_text()
