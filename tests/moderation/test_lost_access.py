"""Returning editors: the footer's "Sign in", "Lost access?" (a new invitation through the
moderators, without telling anyone who has an account) and a contact on every dead end."""

from django.core import mail
from django.core.cache import cache
from django.urls import reverse

import pytest

from moderation.models import AccessRequest, OrganisationMembership

LOST_ACCESS_URL = "/en/lost-access/"


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def access_data(**changes):
    data = {"email": "editor_a@example.org", "organisation": "Alpha Coop", "message": ""}
    data.update(changes)
    return data


@pytest.mark.parametrize("language, sign_in_text", [("en", "Sign in"), ("fr", "identifier")])
def test_the_footer_links_to_the_sign_in_page_in_the_readers_language(
    client, atlas, language, sign_in_text
):
    page = client.get(f"/{language}/")
    href = f'href="/admin/login/?lang={language}"'
    assert href in page.text
    login = client.get(f"/admin/login/?lang={language}", HTTP_ACCEPT_LANGUAGE="de")
    assert login.status_code == 200
    assert f'<html lang="{language}"' in login.text
    assert sign_in_text in login.text
    # The form sends the language back: a wrong password is answered in the same language.
    assert f'name="lang" value="{language}"' in login.text


def test_a_failed_sign_in_is_answered_in_the_language_of_the_form(client, atlas):
    response = client.post(
        "/admin/login/",
        {"username": "editor_a", "password": "wrong", "lang": "fr"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert '<html lang="fr"' in response.text


def test_the_login_page_leads_to_the_lost_access_form(client, atlas):
    login = client.get("/admin/login/?lang=fr")
    assert 'href="/fr/acces-perdu/"' in login.text
    assert client.get("/fr/acces-perdu/").status_code == 200
    assert 'href="/en/lost-access/"' in client.get("/admin/login/?lang=en").text


@pytest.mark.parametrize(
    "email",
    ["editor_a@example.org", "EDITOR_A@example.org", "nobody-here@example.org"],
)
def test_lost_access_answers_the_same_whether_or_not_the_address_is_known(
    client, atlas, email, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(LOST_ACCESS_URL, access_data(email=email))
    assert response.status_code == 200
    assert "Your request was sent to the moderators" in response.text
    assert "editor_a" not in response.text.replace(email, "")
    assert AccessRequest.objects.get().email == email
    # Only the moderators are told, with a link to the request and no address.
    assert [m.to for m in mail.outbox] == [["moderator@example.org"]]
    assert email not in mail.outbox[0].body
    assert reverse("moderation_access_requests:edit", args=[AccessRequest.objects.get().pk]) in (
        mail.outbox[0].body
    )


def test_the_known_and_unknown_answers_are_identical(client, atlas):
    known = client.post(LOST_ACCESS_URL, access_data(email="editor_a@example.org"))
    unknown = client.post(LOST_ACCESS_URL, access_data(email="someone@example.org"))

    def strip_csrf(text):
        return "\n".join(line for line in text.splitlines() if "csrf" not in line.lower())

    assert strip_csrf(known.text) == strip_csrf(unknown.text)


def test_lost_access_guesses_the_organisation_for_the_moderators(client, atlas):
    client.post(LOST_ACCESS_URL, access_data(organisation="typed wrong"))
    client.post(LOST_ACCESS_URL, access_data(email="new@example.org", organisation="beta network"))
    client.post(LOST_ACCESS_URL, access_data(email="new@example.org", organisation="Unknown"))
    by_name = {r.organisation_name: r.organisation for r in AccessRequest.objects.all()}
    assert by_name["typed wrong"] == atlas.org_a  # the account edits Alpha
    assert by_name["beta network"] == atlas.org_b  # the name matches
    assert by_name["Unknown"] is None


def test_lost_access_is_rate_limited_and_has_a_honeypot(client, atlas, settings):
    settings.ATLAS_PROPOSAL_RATE_LIMIT = 2
    assert client.post(LOST_ACCESS_URL, access_data(fax_number="x")).status_code == 200
    assert not AccessRequest.objects.exists()  # the bot is thanked, nothing is stored
    client.post(LOST_ACCESS_URL, access_data())
    response = client.post(LOST_ACCESS_URL, access_data())
    assert response.status_code == 429
    assert AccessRequest.objects.count() == 0 + 1  # the honeypot's counted, not stored


def test_lost_access_form_errors(client, atlas):
    response = client.post(LOST_ACCESS_URL, access_data(email="not an address", organisation=""))
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text
    assert not AccessRequest.objects.exists()


def test_a_moderator_resends_the_invitation_from_the_admin(
    client, atlas, django_capture_on_commit_callbacks
):
    client.post("/fr/acces-perdu/", access_data(organisation="Alpha"))
    access_request = AccessRequest.objects.get()
    assert access_request.language == "fr"
    client.force_login(atlas.moderator)
    index = client.get(reverse("moderation_access_requests:index"))
    assert index.status_code == 200 and "Alpha" in index.text
    edit_url = reverse("moderation_access_requests:edit", args=[access_request.pk])
    page = client.get(edit_url)
    assert "editor_a, editor of" in page.text  # the moderator sees the matching account
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit_url,
            {"status": "approved", "organisation": atlas.org_a.pk, "moderator_note": ""},
        )
    assert response.status_code == 302
    access_request.refresh_from_db()
    assert access_request.reviewed_by == atlas.moderator
    assert [m.to for m in mail.outbox] == [["editor_a@example.org"]]
    assert "/fr/account/invitation/" in mail.outbox[0].body
    assert OrganisationMembership.objects.filter(user=atlas.editor_a).count() == 1


def test_approving_without_an_organisation_is_refused(client, atlas):
    client.post(LOST_ACCESS_URL, access_data(email="x@example.org", organisation="Unknown"))
    access_request = AccessRequest.objects.get()
    client.force_login(atlas.moderator)
    mail.outbox.clear()
    response = client.post(
        reverse("moderation_access_requests:edit", args=[access_request.pk]),
        {"status": "approved", "organisation": "", "moderator_note": ""},
    )
    assert response.status_code == 200
    assert "Choose the organisation" in response.text
    access_request.refresh_from_db()
    assert access_request.status == "pending" and mail.outbox == []


@pytest.mark.parametrize("role", ["editor_a", "communications"])
def test_access_requests_are_for_moderators_only(client, atlas, role):
    client.post(LOST_ACCESS_URL, access_data())
    access_request = AccessRequest.objects.get()
    client.force_login(getattr(atlas, role))
    edit_url = reverse("moderation_access_requests:edit", args=[access_request.pk])
    for url in (reverse("moderation_access_requests:index"), edit_url):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "editor_a@example.org" not in response.text
    client.post(edit_url, {"status": "approved", "organisation": atlas.org_a.pk})
    access_request.refresh_from_db()
    assert access_request.status == "pending"


def test_the_used_invitation_page_offers_a_new_invitation_and_a_contact(client, atlas):
    response = client.get("/fr/account/invitation/MQ/bad-token/", follow=True)
    assert response.status_code == 200
    assert 'href="/fr/acces-perdu/"' in response.text
    assert 'href="/fr/contacter-les-moderateurs/?from=' in response.text
    assert "@" not in response.text.split("<main", 1)[-1].split("</main>")[0]


@pytest.mark.parametrize("url", ["/en/no-such-page/", "/admin/pages/999999/edit/", LOST_ACCESS_URL])
def test_dead_ends_show_how_to_reach_the_moderators(client, atlas, url):
    client.force_login(atlas.editor_a)
    response = client.get(url, follow=True)
    assert 'href="/en/contact-moderators/?from=' in response.text or (
        'href="/contact-moderators/' in response.text
    ), response.status_code


def test_a_refused_admin_page_shows_the_contact(client, atlas):
    client.force_login(atlas.editor_a)
    response = client.get("/admin/reports/site-history/")
    assert response.status_code == 403
    assert "contact-moderators/?from=" in response.text


def test_the_contact_form_emails_the_moderators_and_stores_nothing(client, atlas):
    mail.outbox.clear()
    response = client.post(
        "/en/contact-moderators/",
        {"email": "visitor@example.org", "message": "My <b>link</b> expired", "from": "/en/x/"},
    )
    assert response.status_code == 200
    assert "Your message was sent to the moderators" in response.text
    (message,) = mail.outbox
    assert message.to == ["moderator@example.org"]
    assert message.reply_to == ["visitor@example.org"]
    assert "My <b>link</b> expired" in message.body
    assert "http://testserver/en/x/" in message.body


def test_the_contact_form_ignores_a_foreign_from_address(client, atlas):
    mail.outbox.clear()
    response = client.get("/en/contact-moderators/?from=https://evil.example/")
    assert 'name="from"' not in response.text
    client.post(
        "/en/contact-moderators/",
        {"email": "v@example.org", "message": "Hi", "from": "https://evil.example/"},
    )
    assert "evil.example" not in mail.outbox[0].body


def test_an_editor_refused_a_page_lands_on_a_dashboard_with_the_contact(client, atlas):
    client.force_login(atlas.editor_a)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[atlas.org_b.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home")
    assert "you do not have permission" in response.text
    assert 'href="/en/contact-moderators/"' in response.text


def test_decided_access_requests_are_forgotten_after_the_retention_period(atlas):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    now = timezone.now()
    keep = AccessRequest.objects.create(email="a@example.org", organisation_name="A")
    recent = AccessRequest.objects.create(
        email="b@example.org", organisation_name="B", status="approved", reviewed_at=now
    )
    AccessRequest.objects.create(
        email="c@example.org",
        organisation_name="C",
        status="rejected",
        reviewed_at=now - timedelta(days=91),
    )
    stale = AccessRequest.objects.create(email="d@example.org", organisation_name="D")
    AccessRequest.objects.filter(pk=stale.pk).update(created_at=now - timedelta(days=400))
    call_command("prune_access_requests", "--dry-run")
    assert AccessRequest.objects.count() == 4
    call_command("prune_access_requests")
    assert set(AccessRequest.objects.values_list("pk", flat=True)) == {keep.pk, recent.pk}
