"""The dashboard panel an organisation editor lands on after logging in."""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from moderation.models import OrganisationMembership


def change_state(page):
    """The state of an organisation's latest change, in words, for its editor."""
    workflow_state = (
        WorkflowState.objects.for_instance(page)
        .filter(status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES])
        .select_related("current_task_state")
        .first()
    )
    if workflow_state and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        return "in_moderation", _("Awaiting review by a moderator"), ""
    if workflow_state and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        task_state = workflow_state.current_task_state
        comment = task_state.get_comment() if task_state else ""
        return "needs_changes", _("Changes requested by a moderator"), comment
    if not page.live:
        return "draft", _("Not yet published"), ""
    if page.has_unpublished_changes:
        return "draft", _("Draft saved, not yet submitted for review"), ""
    return "live", _("Published"), approval_comment(page)


def approval_comment(page):
    """The moderator's comment on the approval of the profile's latest review, if that review
    ended in an approval (not withdrawn): what the editor was told in the approval email."""
    latest = (
        WorkflowState.objects.for_instance(page)
        .order_by("-created_at", "-pk")
        .only("pk", "status")
        .first()
    )
    if latest is None or latest.status != WorkflowState.STATUS_APPROVED:
        return ""
    task_state = latest.task_states.order_by("-finished_at", "-pk").first()
    return task_state.get_comment() if task_state else ""


class YourOrganisationPanel(Component):
    """Each organisation the user edits: a direct edit link and the state of its latest change."""

    name = "your_organisation"
    template_name = "moderation/admin/your_organisation_panel.html"
    order = 10

    def __init__(self, memberships):
        self.memberships = memberships

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        rows = []
        for membership in self.memberships:
            page = membership.organisation
            state, label, comment = change_state(page)
            rows.append({"page": page, "state": state, "label": label, "comment": comment})
        context["rows"] = rows
        return context


def your_organisation_panel(user):
    memberships = list(
        OrganisationMembership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__title")
    )
    return YourOrganisationPanel(memberships) if memberships else None


class ProfilesToReviewPanel(Component):
    """For moderators: each organisation change waiting for review, with a link that compares
    it with the live profile (Wagtail's own "Compare" compares with the last autosave)."""

    name = "profiles_to_review"
    template_name = "moderation/admin/profiles_to_review_panel.html"
    order = 5

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["rows"] = self.rows
        return context


def profiles_to_review_panel(user):
    from directory.models import OrganisationPage
    from moderation.editing import review_url

    states = (
        WorkflowState.objects.active()
        .filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type=ContentType.objects.get_for_model(Page),
            content_type=ContentType.objects.get_for_model(OrganisationPage),
        )
        .select_related("requested_by")
        .order_by("created_at")
    )
    pages = OrganisationPage.objects.in_bulk([int(state.object_id) for state in states])
    rows = []
    for state in states:
        page = pages.get(int(state.object_id))
        if page is None or not page.permissions_for_user(user).can_publish():
            continue
        rows.append(
            {
                "page": page,
                "state": state,
                "review_url": review_url(page),
                "is_new": not page.live,
            }
        )
    return ProfilesToReviewPanel(rows) if rows else None
