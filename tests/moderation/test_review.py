"""Reviewing an organisation editor's change: compared with the live profile, sensitive changes
set out, emails in each recipient's language with the moderator's comment; accounts that work."""

from django.core import mail
from django.urls import reverse

from wagtail.models import WorkflowState
from wagtail.users.models import UserProfile

import pytest

from directory.models import OrganisationPage
from moderation.models import OrganisationClaim
from tests.moderation.conftest import PASSWORD, make_user
from tests.moderation.test_permissions import edit_form_data
from tests.moderation.test_public_forms import claim_data, claim_url


def reload(page):
    return OrganisationPage.objects.get(pk=page.pk)


def submit(client, atlas, raw=None, **changes):
    client.force_login(atlas.editor_a)
    data = {**edit_form_data(reload(atlas.org_a), **changes), **(raw or {}), "action-submit": "1"}
    response = client.post(reverse("wagtailadmin_pages:edit", args=[atlas.org_a.pk]), data)
    assert response.status_code == 302
    return WorkflowState.objects.get(object_id=str(atlas.org_a.pk), status="in_progress")


def act(client, atlas, state, action, comment):
    client.force_login(atlas.moderator)
    return client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[atlas.org_a.pk, action, state.current_task_state.pk],
        ),
        {"comment": comment},
    )


def set_language(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def test_moderator_email_links_to_the_comparison_with_the_live_profile(client, atlas):
    mail.outbox.clear()
    submit(client, atlas, website="https://alpha.example.org")
    message = next(m for m in mail.outbox if atlas.moderator.email in m.to)
    compare = reverse(
        "wagtailadmin_pages:revisions_compare", args=[atlas.org_a.pk, "live", "latest"]
    )
    assert f"http://testserver{compare}" in message.body or compare in message.body
    assert "Review by a moderator" in message.subject
    assert "Moderators approve the profile" not in message.body


def test_compare_view_sets_out_sensitive_changes_first(client, atlas):
    submit(client, atlas, website="https://alpha.example.org", summary="New summary.")
    client.force_login(atlas.moderator)
    response = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[atlas.org_a.pk, "live", "latest"])
    )
    assert response.status_code == 200
    sensitive = [comp.field.name for comp in response.context["sensitive_changes"]]
    assert sensitive == ["website"]
    assert "Check this change before approving" in response.text
    assert "Approve or request changes" in response.text


def test_compare_view_says_when_nothing_sensitive_changed(client, atlas):
    submit(client, atlas, summary="Only the summary.")
    client.force_login(atlas.moderator)
    response = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[atlas.org_a.pk, "live", "latest"])
    )
    assert response.context["sensitive_changes"] == []
    assert "None of the changes touches the website" in response.text


def test_a_slug_change_by_an_editor_is_shown_to_the_moderator(client, atlas):
    submit(client, atlas, slug="alpha-coop-renamed")
    client.force_login(atlas.moderator)
    response = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[atlas.org_a.pk, "live", "latest"])
    )
    assert [comp.field.name for comp in response.context["sensitive_changes"]] == ["slug"]


def test_moderator_dashboard_lists_changes_with_a_link_to_compare_with_live(client, atlas):
    submit(client, atlas, summary="Waiting.")
    client.force_login(atlas.moderator)
    response = client.get(reverse("wagtailadmin_home"))
    compare = reverse(
        "wagtailadmin_pages:revisions_compare", args=[atlas.org_a.pk, "live", "latest"]
    )
    assert "1 organisation profile waiting for your review" in response.text
    assert compare in response.text
    client.force_login(atlas.communications)
    assert compare not in client.get(reverse("wagtailadmin_home")).text


def test_approval_email_carries_the_moderator_s_comment_in_the_editor_s_language(client, atlas):
    set_language(atlas.editor_a, "fr")
    set_language(atlas.moderator, "en")
    state = submit(client, atlas, summary="Nouveau résumé.")
    mail.outbox.clear()
    act(client, atlas, state, "approve", "Merci, c'est parfait !")
    message = next(m for m in mail.outbox if atlas.editor_a.email in m.to)
    assert message.subject.startswith("Publié")
    assert "Merci, c'est parfait !" in message.body
    assert "Relecture du profil" in message.body  # the workflow's name, in French
    assert "Profile review" not in message.body


def test_rejection_email_names_the_moderator_and_the_way_back(client, atlas):
    state = submit(client, atlas, summary="Unsourced.")
    mail.outbox.clear()
    act(client, atlas, state, "reject", "Please add a source.")
    message = next(m for m in mail.outbox if atlas.editor_a.email in m.to)
    assert "moderator looked at your changes" in message.body
    assert "Please add a source." in message.body
    assert reverse("wagtailadmin_pages:edit", args=[atlas.org_a.pk]) in message.body


def test_a_french_editor_s_submission_reaches_an_english_moderator_in_english(client, atlas):
    # The moderator signs in with an English browser (no language chosen in the account)...
    client.post(
        reverse("wagtailadmin_login"),
        {"username": "moderator", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    client.logout()
    mail.outbox.clear()
    # ...and a French editor submits from a French browser.
    client.force_login(atlas.editor_a)
    set_language(atlas.editor_a, "fr")
    data = {**edit_form_data(reload(atlas.org_a), summary="x"), "action-submit": "1"}
    client.post(
        reverse("wagtailadmin_pages:edit", args=[atlas.org_a.pk]),
        data,
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    message = next(m for m in mail.outbox if atlas.moderator.email in m.to)
    assert message.subject.startswith("To review")


def test_signing_in_stores_the_admin_language_once(client, atlas):
    client.post(
        reverse("wagtailadmin_login"),
        {"username": "editor_b", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert UserProfile.get_for_user(atlas.editor_b).preferred_language == "fr"
    set_language(atlas.editor_b, "en")
    client.logout()
    client.post(
        reverse("wagtailadmin_login"),
        {"username": "editor_b", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert UserProfile.get_for_user(atlas.editor_b).preferred_language == "en"


def test_a_claim_on_the_french_form_gets_a_french_invitation(
    client, atlas, django_capture_on_commit_callbacks
):
    client.post(claim_url(atlas.org_a_fr, "fr"), claim_data())
    claim = OrganisationClaim.objects.get()
    assert claim.language == "fr"
    client.force_login(atlas.moderator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("moderation_claims:edit", args=[claim.pk]),
            {"status": "approved", "moderator_note": ""},
        )
    (message,) = mail.outbox
    assert "/fr/" in message.body
    assert "Alpha Coop" in message.body
    assert "You have been invited" not in message.body
    user = atlas.editor_a.__class__.objects.get(email="sam@alpha.example.coop")
    assert UserProfile.get_for_user(user).preferred_language == "fr"


def test_new_claims_reach_administrators_when_there_is_no_moderator(
    client, atlas, django_capture_on_commit_callbacks
):
    atlas.moderator.groups.clear()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(claim_url(atlas.org_a), claim_data())
    assert [m.to for m in mail.outbox] == [[atlas.admin.email]]


def test_new_claims_reach_each_moderator_in_their_language(
    client, atlas, django_capture_on_commit_callbacks
):
    french = make_user("moderatrice", "Moderators")
    set_language(french, "fr")
    set_language(atlas.moderator, "en")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(claim_url(atlas.org_a_fr, "fr"), claim_data())
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {atlas.moderator.email, french.email}
    assert by_address[atlas.moderator.email].subject != by_address[french.email].subject


@pytest.mark.parametrize("names", [("", ""), ("Sam", "")])
def test_an_invited_editor_saves_account_settings_without_a_full_name(client, atlas, names):
    editor = atlas.editor_a
    client.force_login(editor)
    page = client.get(reverse("wagtailadmin_account"))
    assert page.status_code == 200
    data = {
        "name_email-first_name": names[0],
        "name_email-last_name": names[1],
        "name_email-email": editor.email,
        "locale-preferred_language": "fr",
        "locale-current_time_zone": "",
        "notifications-approved_notifications": "on",
        "notifications-rejected_notifications": "on",
        "notifications-updated_comments_notifications": "on",
        "theme-theme": "system",
        "theme-density": "default",
        "theme-contrast": "system",
        "theme-keyboard_shortcuts": "on",
    }
    response = client.post(reverse("wagtailadmin_account"), data)
    assert response.status_code == 302, [
        panel.get_form().errors
        for tab in response.context["panels_by_tab"].values()
        for panel in tab
    ]
    assert UserProfile.get_for_user(editor).preferred_language == "fr"


def test_compare_view_shows_which_countries_were_added_and_removed(client, atlas):
    page = reload(atlas.org_a)
    page.countries_served = ["AT", "CY", "SE"]
    page.save_revision().publish()
    submit(client, atlas, raw={"countries_served": ["AT", "FR", "SE"]})
    client.force_login(atlas.moderator)
    response = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[atlas.org_a.pk, "live", "latest"])
    )
    assert response.status_code == 200
    assert '<span class="deletion">Cyprus</span>' in response.text
    assert '<span class="addition">France</span>' in response.text
    assert "Austria" in response.text
