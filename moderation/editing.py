"""The organisation edit screen in words an organisation's volunteer understands.

For someone who may edit a profile but not publish it (an organisation editor), the main action
is "Submit for review" (saving a draft comes second), the messages say what really happened
(nothing is public until a moderator approves it), and submitting leads back to the dashboard
that shows the state of the change. Workflow actions get plain names for everyone.
"""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin import messages
from wagtail.admin.action_menu import (
    ActionMenuItem,
    RestartWorkflowMenuItem,
    SubmitForModerationMenuItem,
)
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.revisions import RevisionsCompareView
from wagtail.locks import WorkflowLock
from wagtail.models import WorkflowState


def can_publish(page, user):
    return page.permissions_for_user(user).can_publish()


class SubmitForReviewMenuItem(SubmitForModerationMenuItem):
    """Wagtail's "Submit to <workflow>" / "Resubmit to <task>", in plain words."""

    label = gettext_lazy("Submit for review")
    icon_name = "resubmit"

    def get_context_data(self, parent_context):
        context = ActionMenuItem.get_context_data(self, parent_context)
        state = context["page"].current_workflow_state
        if state and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            context["label"] = _("Submit again for review")
        return context


class WithdrawFromReviewMenuItem(ActionMenuItem):
    """Wagtail's "Cancel workflow": the change stays as a draft, and nobody reviews it."""

    label = gettext_lazy("Withdraw from review")
    name = "action-cancel-workflow"
    icon_name = "error"


class RestartReviewMenuItem(RestartWorkflowMenuItem):
    """Wagtail's "Restart workflow": the review starts again from its first step."""

    label = gettext_lazy("Start the review again")


def plain_action_menu(menu_items, request, context):
    """On organisation pages: plain labels; for editors who cannot publish, submitting first."""
    page = context.get("page")
    if page is None or not getattr(page.specific_class, "verified_by_approval", False):
        return
    editor = not can_publish(page, request.user)
    items = []
    for item in menu_items:
        if item.name == "action-submit":
            item = SubmitForReviewMenuItem(order=item.order)
        elif item.name == "action-cancel-workflow":
            item = WithdrawFromReviewMenuItem(order=item.order)
        elif item.name == "action-restart-workflow":
            if editor:
                # With one review step, restarting is the same as submitting again: one choice.
                continue
            item = RestartReviewMenuItem(order=item.order)
        items.append(item)
    if editor:
        items.sort(key=lambda item: (item.name != "action-submit", item.order))
    menu_items[:] = items


class ReviewLock(WorkflowLock):
    """Wagtail's lock while a moderator reviews, explained without workflow words ("This page
    is currently awaiting moderation. Only reviewers for this task can edit the page.")."""

    def get_message(self, user):
        if not self.for_user(user):
            return None
        return _(
            "A moderator is reviewing these changes: you cannot edit the profile meanwhile. To "
            "change something now, choose “Withdraw from review”, then submit it again."
        )


class OrganisationEditView(EditView):
    """Wagtail's edit view, with truthful messages and a landing for organisation editors."""

    def is_editor(self):
        return not can_publish(self.real_page_record, self.request.user)

    def get(self, request, *args, **kwargs):
        if type(self.lock) is WorkflowLock:
            self.lock = ReviewLock(self.lock.object, self.lock.task)
        return super().get(request, *args, **kwargs)

    def add_save_confirmation_message(self):
        if not self.is_editor() or self.is_reverting:
            return super().add_save_confirmation_message()
        if self.page.current_workflow_state:
            message = _("Saved. Your changes are still waiting for a moderator's review.")
        else:
            message = _(
                "Saved — not public until a moderator approves it. When you are ready, choose "
                "“Submit for review”."
            )
        messages.success(self.request, message)

    def add_cancel_workflow_confirmation_message(self):
        if not self.is_editor():
            return super().add_cancel_workflow_confirmation_message()
        messages.success(
            self.request,
            _("Withdrawn from review. Your changes are kept as a draft, not public."),
        )

    def submit_action(self):
        if not self.is_editor():
            return super().submit_action()
        # Wagtail's submit action (wagtail.admin.views.pages.edit.EditView.submit_action, 8.0),
        # with the editor's message and landing.
        self.page = self.form.save(commit=not self.page.live)
        self.subscription.save()
        revision = self.page.save_revision(
            user=self.request.user, log_action=True, previous_revision=self.previous_revision
        )
        if self.has_content_changes and "comments" in self.form.formsets:
            changes = self.get_commenting_changes()
            self.log_commenting_changes(changes, revision)
            self.send_commenting_notifications(changes)
        if self.workflow_state and self.workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            self.workflow_state.resume(self.request.user)
        else:
            self.page.get_workflow().start(self.page, self.request.user)
        messages.success(
            self.request,
            _(
                "Sent for review. A moderator will look at your changes; you will get an email "
                "at %(email)s when they are published or if something needs changing."
            )
            % {"email": self.request.user.email or _("your address")},
        )
        response = self.run_hook("after_edit_page", self.request, self.page)
        if response:
            return response
        return redirect("wagtailadmin_home")


# Changes a moderator must not approve unseen: where readers are sent (website, email, phone),
# where the organisation is placed, its address on the site, and the terms of the data.
SENSITIVE_FIELDS = (
    "title",
    "slug",
    "website",
    "email",
    "phone",
    "address",
    "location",
    "online_only",
    "data_source",
    "source_record_id",
    "source_licence",
)


class OrganisationCompareView(RevisionsCompareView):
    """Wagtail's comparison of two versions, with the sensitive changes set out first."""

    template_name = "moderation/admin/compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sensitive_changes"] = [
            comp
            for comp in context["comparison"]
            if getattr(getattr(comp, "field", None), "name", None) in SENSITIVE_FIELDS
        ]
        page = self.object
        state = page.current_workflow_state
        context["in_review"] = bool(
            state
            and state.status == WorkflowState.STATUS_IN_PROGRESS
            and page.permissions_for_user(self.request.user).can_publish()
        )
        return context


def review_url(page):
    """Where a moderator reviews a submitted change: the live profile compared with the
    submitted version, or (for a profile never published) a preview of it."""
    if page.live and page.live_revision_id:
        return reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "live", "latest"])
    return reverse("wagtailadmin_pages:view_draft", args=[page.pk])
