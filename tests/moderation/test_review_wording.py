"""The review's state in plain words that name the right people, in every shipped language:
"Changes requested … by <the moderator>", never by the editor who submitted."""

import re

from django.urls import reverse
from django.utils import translation

from wagtail.admin.action_menu import CancelWorkflowMenuItem, RestartWorkflowMenuItem
from wagtail.models import WorkflowState
from wagtail.users.models import UserProfile

import pytest

from directory.models import OrganisationPage
from moderation.editing import plain_action_menu
from tests.moderation.test_permissions import edit_form_data

JARGON = ["Cancel workflow", "Restart workflow", "Resubmit to", "In Moderation", "Submitted"]


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def submit(client, atlas):
    client.force_login(atlas.editor_a)
    page = OrganisationPage.objects.get(pk=atlas.org_a.pk)
    data = {**edit_form_data(page, summary="Now also in Styria."), "action-submit": "1"}
    client.post(edit_url(page), data)
    return WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")


def request_changes(state, moderator):
    task_state = state.current_task_state
    task_state.task.specific.on_action(
        task_state, user=moderator, action_name="reject", comment="Add a source."
    )


def dialog_heading(html):
    """The message heading of the status side panel's "View details" dialog."""
    match = re.search(
        r'id="workflow-status-dialog".*?class="w-dialog__message-heading">(.*?)</strong>',
        html,
        re.S,
    )
    assert match, "no workflow status dialog"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def strip_tags(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_changes_requested_names_the_moderator_not_the_editor(client, atlas, language):
    state = submit(client, atlas)
    request_changes(state, atlas.moderator)
    profile = UserProfile.get_for_user(atlas.editor_a)
    profile.preferred_language = language
    profile.save()
    html = client.get(edit_url(atlas.org_a)).text
    with translation.override(language):
        changes_requested = translation.gettext("Changes requested")
    text = strip_tags(html)
    assert changes_requested in text
    heading = dialog_heading(html)
    assert heading.startswith(changes_requested), heading
    assert heading.endswith(" moderator"), heading
    assert "editor_a" not in heading
    assert "Add a source." in text  # the moderator's comment in the timeline
    # The workflow's and the task's names in the reader's language.
    with translation.override(language):
        assert translation.gettext("Profile review") in text
        assert translation.gettext("Review by a moderator") in text
    if language == "en":
        for word in JARGON:
            assert word not in text, word


def test_the_review_in_progress_is_sent_by_the_editor(client, atlas):
    submit(client, atlas)
    client.force_login(atlas.moderator)
    html = client.get(edit_url(atlas.org_a)).text
    heading = dialog_heading(html)
    assert heading.startswith("Sent for review") and heading.endswith("editor_a"), heading
    text = strip_tags(html)
    assert "In review" in text
    for word in JARGON:
        assert word not in text, word


def test_restarting_a_review_is_named_in_plain_words(rf, atlas):
    menu = [RestartWorkflowMenuItem(order=10), CancelWorkflowMenuItem(order=20)]
    request = rf.get("/")
    request.user = atlas.moderator
    plain_action_menu(menu, request, {"page": OrganisationPage.objects.get(pk=atlas.org_a.pk)})
    assert [str(item.label) for item in menu] == ["Start the review again", "Withdraw from review"]
    request.user = atlas.editor_a
    menu = [RestartWorkflowMenuItem(order=10), CancelWorkflowMenuItem(order=20)]
    plain_action_menu(menu, request, {"page": OrganisationPage.objects.get(pk=atlas.org_a.pk)})
    assert [str(item.label) for item in menu] == ["Withdraw from review"]


def test_an_editor_waiting_for_review_is_told_how_to_change_it_in_plain_words(client, atlas):
    submit(client, atlas)
    html = client.get(edit_url(atlas.org_a)).text
    text = strip_tags(html)
    assert "A moderator is reviewing these changes" in text
    assert "awaiting moderation" not in text and "reviewers for this task" not in text
    dashboard = strip_tags(client.get(reverse("wagtailadmin_home")).text)
    assert "in a workflow" not in dashboard
    assert "Awaiting review by a moderator" in dashboard


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_history_tells_the_review_in_plain_words(client, atlas, language):
    state = submit(client, atlas)
    request_changes(state, atlas.moderator)
    profile = UserProfile.get_for_user(atlas.editor_a)
    profile.preferred_language = language
    profile.save()
    page = OrganisationPage.objects.get(pk=atlas.org_a.pk)
    client.post(edit_url(page), {**edit_form_data(page), "action-submit": "1"})
    html = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).text
    text = strip_tags(html)
    with translation.override(language):
        for words in ("Sent for review", "Changes requested", "Sent for review again"):
            assert translation.gettext(words) in text, words
    assert "orkflow" not in text  # neither "Workflow resumed" nor "Le workflow …"
    assert "Review by a moderator" not in text


def test_administrators_are_told_of_a_submission_in_plain_words(
    client, atlas, django_capture_on_commit_callbacks
):
    from django.core import mail

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, atlas)
    bodies = [m.subject + "\n" + m.body for m in mail.outbox]
    assert bodies
    for body in bodies:
        assert "workflow" not in body.lower(), body
        assert "submitted for moderation" not in body
    to_admin = [m for m in mail.outbox if m.to == ["admin@example.org"]]
    assert any(m.subject.startswith("Sent for review: “Alpha Coop”") for m in to_admin)
    assert any("editor_a sent changes to “Alpha Coop” for review" in m.body for m in to_admin)
    assert any("/revisions/compare/live...latest/" in m.body for m in to_admin)
