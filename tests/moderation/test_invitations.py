"""Invitations: a moderator links an account to an organisation and sends a set-password link."""

import re
from io import StringIO
from unittest import mock

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

import pytest

from moderation.invitations import invitation_token_generator, invite_editor
from moderation.models import OrganisationMembership

NEW_PASSWORD = "a long and unusual passphrase 42"


def invitation_link(message):
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


@pytest.fixture
def invited(atlas, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        membership = invite_editor("New.Person@Alpha.example.coop", atlas.org_a, atlas.moderator)
    return membership


def test_invitation_creates_an_account_linked_to_the_organisation_and_emails_it(atlas, invited):
    user = invited.user
    assert user.email == "New.Person@alpha.example.coop"
    assert not user.has_usable_password()
    assert invited.organisation == atlas.org_a
    assert user.groups.filter(name="Organisation editors").exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "Alpha Coop" in message.subject
    assert "/en/account/invitation/" in message.body


def test_an_invitation_sent_in_french_names_the_site_in_french(
    atlas, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        invite_editor("nouvelle@alpha.example.coop", atlas.org_a, atlas.moderator)
    message = mail.outbox[0]
    assert "Atlas de la tech sociale" in message.subject + message.body
    assert "Social Tech Atlas" not in message.subject + message.body


def test_invitation_reuses_an_existing_account(atlas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        membership = invite_editor(atlas.editor_b.email.upper(), atlas.org_a)
    assert membership.user == atlas.editor_b
    assert set(
        OrganisationMembership.objects.filter(user=atlas.editor_b).values_list(
            "organisation__title", flat=True
        )
    ) == {"Alpha Coop", "Beta Network"}


def test_invitation_link_sets_the_password_once_and_lands_on_the_dashboard(client, invited):
    link = invitation_link(mail.outbox[0])
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert "Choose your password" in response.text
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    dashboard = client.get(response["Location"])
    assert "Your organisation" in dashboard.text
    assert "Alpha Coop" in dashboard.text
    invited.user.refresh_from_db()
    assert invited.user.check_password(NEW_PASSWORD)

    # Single use: the same link no longer works.
    client.logout()
    response = client.get(link, follow=True)
    assert "expired or has already been used" in response.text


def test_invitation_link_expires(client, invited, settings):
    link = invitation_link(mail.outbox[0])
    settings.ATLAS_INVITATION_TIMEOUT = 60
    later = invitation_token_generator._now().timestamp() + 120
    with mock.patch.object(
        type(invitation_token_generator),
        "_now",
        return_value=invitation_token_generator._now().fromtimestamp(later),
    ):
        response = client.get(link, follow=True)
    assert "expired or has already been used" in response.text


def test_password_reset_token_is_not_an_invitation(client, invited):
    from django.contrib.auth.tokens import default_token_generator

    link = invitation_link(mail.outbox[0])
    uidb64 = link.rstrip("/").split("/")[-2]
    reset_token = default_token_generator.make_token(invited.user)
    response = client.get(
        reverse("moderation:accept_invitation", args=[uidb64, reset_token]), follow=True
    )
    assert "expired or has already been used" in response.text


def test_weak_password_gets_a_field_error(client, invited):
    response = client.get(invitation_link(mail.outbox[0]), follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert "This password is too common." in response.text
    assert 'role="alert"' in response.text


def test_moderator_invites_from_the_organisation_in_the_admin(
    client, atlas, django_capture_on_commit_callbacks
):
    client.force_login(atlas.moderator)
    url = reverse("moderation_invite_editor", args=[atlas.org_a.pk])
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[atlas.org_a.pk]))
    assert url in edit.text
    assert client.get(url).status_code == 200
    response = client.post(url, {"email": "not an address"})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.text
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "team@alpha.example.coop"})
    assert response.status_code == 302
    assert OrganisationMembership.objects.filter(
        user__email="team@alpha.example.coop", organisation=atlas.org_a
    ).exists()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("role", ["editor_a", "editor_b", "communications"])
def test_only_moderators_can_invite(client, atlas, role):
    client.force_login(getattr(atlas, role))
    url = reverse("moderation_invite_editor", args=[atlas.org_a.pk])
    response = client.post(url, {"email": "intruder@example.org"})
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
    assert not get_user_model().objects.filter(email="intruder@example.org").exists()


def test_invite_editor_command(atlas, django_capture_on_commit_callbacks):
    out = StringIO()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "invite_editor",
            "--email",
            "cli@beta.example.net",
            "--organisation",
            "beta-network",
            stdout=out,
        )
    assert "cli@beta.example.net" not in out.getvalue()  # no personal data in output/logs
    assert OrganisationMembership.objects.filter(
        user__email="cli@beta.example.net", organisation=atlas.org_b
    ).exists()
    assert mail.outbox[0].to == ["cli@beta.example.net"]


def test_invite_editor_command_rejects_bad_input(atlas):
    with pytest.raises(CommandError, match="No organisation"):
        call_command("invite_editor", "--email", "a@example.org", "--organisation", "nope")
    with pytest.raises(CommandError, match="valid email"):
        call_command("invite_editor", "--email", "nope", "--organisation", "beta-network")


def test_dashboard_panel_shows_the_state_of_the_latest_change(client, atlas):
    client.force_login(atlas.editor_a)
    response = client.get(reverse("wagtailadmin_home"))
    assert "Your organisation" in response.text
    assert "Published" in response.text
    assert reverse("wagtailadmin_pages:edit", args=[atlas.org_a.pk]) in response.text
    page = atlas.org_a
    page.summary = "Changed"
    page.save_revision(user=atlas.editor_a)
    page.get_workflow().start(page, atlas.editor_a)
    response = client.get(reverse("wagtailadmin_home"))
    assert "Awaiting review by a moderator" in response.text
    # Another organisation's editor sees only its own.
    client.force_login(atlas.editor_b)
    response = client.get(reverse("wagtailadmin_home"))
    assert "Beta Network" in response.text
    assert "Alpha Coop" not in response.text


def test_dashboard_shows_the_moderators_comment_on_the_approval_until_the_next_review(
    client, atlas
):
    page = atlas.org_a
    page.summary = "Changed"
    page.save_revision(user=atlas.editor_a)
    state = page.get_workflow().start(page, atlas.editor_a)
    state.current_task_state.task.specific.on_action(
        state.current_task_state, atlas.moderator, "approve", comment="Well done <b>team</b>!"
    )
    client.force_login(atlas.editor_a)
    response = client.get(reverse("wagtailadmin_home"))
    assert "Published" in response.text
    assert "Moderator&#x27;s comment:" in response.text or "Moderator's comment:" in response.text
    assert "Well done &lt;b&gt;team&lt;/b&gt;!" in response.text
    # A later review withdrawn by the editor: the old comment no longer describes the profile.
    page = page.specific_class.objects.get(pk=page.pk)
    page.save_revision(user=atlas.editor_a)
    page.get_workflow().start(page, atlas.editor_a).cancel(user=atlas.editor_a)
    page.get_latest_revision().publish()
    response = client.get(reverse("wagtailadmin_home"))
    assert "Well done" not in response.text


def test_dashboard_has_no_organisation_panel_for_staff(client, atlas):
    client.force_login(atlas.moderator)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "Your organisation" not in response.text
