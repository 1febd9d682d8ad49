"""The organisation editor's edit screen: fields owned by the right role, the main action, the
messages and the landing after submitting."""

import datetime

from django.contrib.messages import get_messages
from django.urls import reverse

from wagtail.models import WorkflowState

import pytest

from directory.models import OrganisationPage
from tests.moderation.test_permissions import edit_form_data

STEWARD_FIELDS = {
    "data_source": "Someone else's database",
    "source_record_id": "forged-42",
    "source_licence": "CC0-1.0",
    "last_verified": "2020-02-02",
    "seo_title": "Buy cheap pills",
    "search_description": "Spam",
    "show_in_menus": "on",
    "go_live_at": "2031-01-01 10:00",
    "expire_at": "2032-01-01 10:00",
}


def reload(page):
    return OrganisationPage.objects.get(pk=page.pk)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.fixture
def provenance(atlas):
    page = reload(atlas.org_a)
    page.data_source = "Partner database"
    page.source_record_id = "p-1"
    page.source_licence = "ODbL-1.0"
    page.last_verified = datetime.date(2024, 5, 1)
    page.save_revision().publish()
    return reload(page)


def latest(page):
    return reload(page).get_latest_revision_as_object()


@pytest.mark.parametrize("action", ["save", "action-submit"])
def test_editor_post_cannot_change_provenance_seo_or_schedule(client, atlas, provenance, action):
    client.force_login(atlas.editor_a)
    data = edit_form_data(provenance, summary="Our new summary.", **STEWARD_FIELDS)
    if action != "save":
        data[action] = "1"
    response = client.post(edit_url(provenance), data)
    assert response.status_code == 302
    draft = latest(provenance)
    assert draft.summary == "Our new summary."  # the editor's own change went through
    assert draft.data_source == "Partner database"
    assert draft.source_record_id == "p-1"
    assert draft.source_licence == "ODbL-1.0"
    assert draft.last_verified == datetime.date(2024, 5, 1)
    assert draft.seo_title == "" and draft.search_description == ""
    assert draft.show_in_menus is False
    assert draft.go_live_at is None and draft.expire_at is None


def test_editor_form_does_not_show_steward_fields(client, atlas):
    client.force_login(atlas.editor_a)
    response = client.get(edit_url(atlas.org_a))
    assert response.status_code == 200
    form = response.context["form"]
    assert not set(STEWARD_FIELDS) & set(form.fields)
    assert "slug" in form.fields  # the editor's own; a change shows to the moderator
    assert 'name="source_licence"' not in response.text


def test_moderator_changes_provenance(client, atlas, provenance):
    client.force_login(atlas.moderator)
    data = edit_form_data(provenance, source_licence="CC-BY-4.0", data_source="Atlas survey")
    response = client.post(edit_url(provenance), data)
    assert response.status_code == 302
    draft = latest(provenance)
    assert draft.source_licence == "CC-BY-4.0"
    assert draft.data_source == "Atlas survey"


def test_editor_main_action_is_submit_for_review(client, atlas):
    client.force_login(atlas.editor_a)
    response = client.get(edit_url(atlas.org_a))
    menu = response.context["action_menu"]
    assert menu.default_item.name == "action-submit"
    assert "Submit for review" in response.text
    assert "Submit to Profile review" not in response.text
    assert [item.name for item in menu.menu_items][:1] == ["action-save-draft"]


def test_moderator_main_action_is_unchanged(client, atlas):
    client.force_login(atlas.moderator)
    response = client.get(edit_url(atlas.org_a))
    assert response.context["action_menu"].default_item.name == "action-save-draft"


def test_editor_saving_is_told_nothing_is_public_yet(client, atlas):
    client.force_login(atlas.editor_a)
    response = client.post(edit_url(atlas.org_a), edit_form_data(reload(atlas.org_a)))
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("not public until a moderator approves it" in text for text in texts), texts
    assert not any("has been updated" in text for text in texts)


def test_editor_submitting_lands_on_the_dashboard_with_the_state(client, atlas):
    client.force_login(atlas.editor_a)
    data = {**edit_form_data(reload(atlas.org_a), summary="Pending."), "action-submit": "1"}
    response = client.post(edit_url(atlas.org_a), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home")
    assert "Sent for review" in response.text
    assert "editor_a@example.org" in response.text
    assert "Awaiting review by a moderator" in response.text
    state = WorkflowState.objects.get(object_id=str(atlas.org_a.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_editor_withdrawing_from_review_is_told_the_draft_is_kept(client, atlas):
    client.force_login(atlas.editor_a)
    data = {**edit_form_data(reload(atlas.org_a), summary="Pending."), "action-submit": "1"}
    client.post(edit_url(atlas.org_a), data)
    response = client.get(edit_url(atlas.org_a))
    assert "Withdraw from review" in response.text
    assert "Cancel workflow" not in response.text
    data = {**edit_form_data(reload(atlas.org_a)), "action-cancel-workflow": "1"}
    response = client.post(edit_url(atlas.org_a), data, follow=True)
    assert "Withdrawn from review" in response.text
    assert not WorkflowState.objects.filter(
        object_id=str(atlas.org_a.pk), status=WorkflowState.STATUS_IN_PROGRESS
    ).exists()


def test_edit_form_lists_the_chosen_countries_above_the_full_list(client, atlas):
    page = reload(atlas.org_a)
    page.countries_served = ["AT", "CY", "SE"]
    page.save_revision().publish()
    client.force_login(atlas.editor_a)
    response = client.get(edit_url(page))
    assert response.status_code == 200
    html = response.text
    start = html.index('aria-labelledby="id_countries_served_chosen_label"')
    chips = html[start : html.index("</ul>", start)]
    assert "<li>Austria</li>" in chips and "<li>Sweden</li>" in chips
    assert "admin-multichoice.js" in html
