"""Profile review: an organisation editor's changes wait for a moderator to approve or reject."""

import datetime
import json

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wagtail.models import WorkflowState

import pytest

from directory.models import OrganisationPage
from moderation.roles import PROFILE_REVIEW
from tests.moderation.test_permissions import edit_form_data


def reload(page):
    return OrganisationPage.objects.get(pk=page.pk)


def submit_change(client, atlas, **changes):
    """Editor A changes its profile and submits it for moderation, through the edit form."""
    client.force_login(atlas.editor_a)
    data = {**edit_form_data(reload(atlas.org_a), **changes), "action-submit": "1"}
    response = client.post(reverse("wagtailadmin_pages:edit", args=[atlas.org_a.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    return WorkflowState.objects.get(object_id=str(atlas.org_a.pk), status="in_progress")


def test_directory_pages_use_the_profile_review_workflow(atlas):
    for page in (atlas.org_a, atlas.org_a_fr, atlas.site.directory, atlas.site.directory_fr):
        assert page.get_workflow().name == PROFILE_REVIEW


def test_wagtail_default_workflow_no_longer_covers_the_whole_site(atlas):
    # The home page is Communications' own: moderators have no say over it.
    assert atlas.site.home.get_workflow() is None or atlas.site.home.get_workflow().name != (
        "Moderators approval"
    )


def test_organisation_editor_saves_a_draft_that_the_public_does_not_see(client, atlas):
    client.force_login(atlas.editor_a)
    data = edit_form_data(reload(atlas.org_a), summary="Draft summary, not yet reviewed.")
    response = client.post(reverse("wagtailadmin_pages:edit", args=[atlas.org_a.pk]), data)
    assert response.status_code == 302
    page = reload(atlas.org_a)
    assert page.has_unpublished_changes
    assert page.summary != "Draft summary, not yet reviewed."
    public = client.get(page.url)
    assert "Draft summary" not in public.text


def test_organisation_editor_cannot_publish_by_posting_the_publish_action(client, atlas):
    client.force_login(atlas.editor_a)
    data = {**edit_form_data(reload(atlas.org_a), title="Self-published"), "action-publish": "1"}
    client.post(reverse("wagtailadmin_pages:edit", args=[atlas.org_a.pk]), data)
    page = reload(atlas.org_a)
    assert page.title == "Alpha Coop"
    assert page.live_revision_id == atlas.org_a.live_revision_id


def test_submission_notifies_moderators_and_locks_the_editor_out(client, atlas):
    mail.outbox.clear()
    submit_change(client, atlas, summary="We now also host Nextcloud.")
    assert [atlas.moderator.email] in [message.to for message in mail.outbox]
    response = client.get(reverse("wagtailadmin_pages:edit", args=[atlas.org_a.pk]))
    assert response.status_code == 200
    assert "locked" in response.text.lower()


def test_moderator_approval_publishes_verifies_and_emails_the_editor(client, atlas):
    state = submit_change(client, atlas, summary="We now also host Nextcloud.")
    mail.outbox.clear()
    client.force_login(atlas.moderator)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[atlas.org_a.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    page = reload(atlas.org_a)
    assert page.summary == "We now also host Nextcloud."
    assert not page.has_unpublished_changes
    assert page.last_verified == timezone.localdate()
    # The French alias follows the approved original.
    assert reload(atlas.org_a_fr).summary == "We now also host Nextcloud."
    messages = [m for m in mail.outbox if atlas.editor_a.email in m.to]
    assert len(messages) == 1
    assert "approved" in messages[0].subject.lower()


def test_moderator_rejection_keeps_the_live_profile_and_emails_the_comment(client, atlas):
    atlas.org_a.last_verified = datetime.date(2020, 1, 1)
    atlas.org_a.save_revision().publish()
    state = submit_change(client, atlas, summary="Unverifiable claims.")
    mail.outbox.clear()
    client.force_login(atlas.moderator)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[atlas.org_a.pk, "reject", state.current_task_state.pk],
        ),
        {"comment": "Please give a source for the new figures."},
    )
    assert response.status_code in (200, 302)
    page = reload(atlas.org_a)
    assert page.summary != "Unverifiable claims."
    assert page.last_verified == datetime.date(2020, 1, 1)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    messages = [m for m in mail.outbox if atlas.editor_a.email in m.to]
    assert len(messages) == 1
    assert "Please give a source for the new figures." in messages[0].body


@pytest.mark.parametrize("role", ["editor_a", "editor_b", "communications"])
def test_only_moderators_can_approve(client, atlas, role):
    state = submit_change(client, atlas, summary="Awaiting review.")
    client.force_login(getattr(atlas, role))
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[atlas.org_a.pk, "approve", state.current_task_state.pk],
        )
    )
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert reload(atlas.org_a).summary != "Awaiting review."


def test_moderator_approving_with_a_comment_from_the_edit_screen_leaves_no_draft_behind(
    client, atlas
):
    """ "Approve with comment" in the edit screen's action menu posts the whole form with the
    workflow action, as Wagtail's edit view does: the approved change is live, verified today,
    and no draft of the moderator's (with the old "last verified" date) is left after it."""
    submit_change(client, atlas, summary="We now also host Nextcloud.")
    mail.outbox.clear()
    client.force_login(atlas.moderator)
    page = reload(atlas.org_a).get_latest_revision_as_object()
    # What the moderator's browser posts: the form as shown (the submitted version, with its
    # last verified date), plus the workflow action and its comment.
    data = {
        **edit_form_data(page),
        "data_source": page.data_source,
        "source_record_id": page.source_record_id,
        "source_licence": page.source_licence,
        "last_verified": page.last_verified.isoformat() if page.last_verified else "",
        "action-workflow-action": "1",
        "workflow-action-name": "approve",
        "workflow-action-extra-data": json.dumps({"comment": "Thanks, all checked."}),
    }
    submitted = reload(atlas.org_a).get_latest_revision()
    url = reverse("wagtailadmin_pages:edit", args=[atlas.org_a.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    # The edit screen autosaves (every 500 ms of changes): a last autosave of the form as the
    # moderator loaded it can land after the approval. It must be refused as out of date, not
    # saved as a new draft on top of the published version.
    autosave = {
        **{key: value for key, value in data.items() if not key.startswith("workflow-action")},
        "loaded_revision_id": str(submitted.pk),
        "loaded_revision_created_at": submitted.created_at.isoformat(),
    }
    del autosave["action-workflow-action"]
    response = client.post(url, autosave, HTTP_ACCEPT="application/json")
    assert response.json()["success"] is False
    assert response.json()["error_code"] == "invalid_revision"
    page = reload(atlas.org_a)
    assert page.summary == "We now also host Nextcloud."
    assert page.last_verified == timezone.localdate()
    assert not page.has_unpublished_changes
    assert page.get_latest_revision().pk == page.live_revision_id
    assert page.get_latest_revision().as_object().last_verified == timezone.localdate()
    assert not WorkflowState.objects.filter(
        object_id=str(page.pk), status__in=["in_progress", "needs_changes"]
    ).exists()
    messages = [m for m in mail.outbox if atlas.editor_a.email in m.to]
    assert len(messages) == 1
    assert "Thanks, all checked." in messages[0].body


def test_an_autosave_of_the_reviewed_form_cannot_follow_an_approval_with_a_stale_draft(
    client, atlas
):
    """The moderator's edit screen autosaves the form as loaded (with the old "last verified"
    date). Approving changes what was loaded, so a late autosave is out of date and refused,
    instead of leaving a draft by the moderator on top of the published version."""
    state = submit_change(client, atlas, summary="We now also host Nextcloud.")
    client.force_login(atlas.moderator)
    url = reverse("wagtailadmin_pages:edit", args=[atlas.org_a.pk])
    loaded = reload(atlas.org_a).get_latest_revision()
    form = loaded.as_object()
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[atlas.org_a.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": "Checked."},
    )
    autosave = {
        **edit_form_data(form),
        "loaded_revision_id": str(loaded.pk),
        "loaded_revision_created_at": loaded.created_at.isoformat(),
    }
    response = client.post(url, autosave, HTTP_ACCEPT="application/json")
    assert response.json()["error_code"] == "invalid_revision"
    page = reload(atlas.org_a)
    assert not page.has_unpublished_changes
    assert page.get_latest_revision().pk == page.live_revision_id
    assert page.last_verified == timezone.localdate()
    assert page.get_latest_revision().as_object().last_verified == timezone.localdate()
