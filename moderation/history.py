"""The page history's review entries in plain words ("Resubmitted 'Review by a moderator'.
Workflow resumed" reads "Sent for review again"), for every page under review."""

from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import LogFormatter


class ReviewLogFormatter(LogFormatter):
    def format_comment(self, log_entry):
        return log_entry.data.get("comment", "")


def plain(label, message):
    attributes = {"label": label, "message": message}
    return type("PlainReviewLogFormatter", (ReviewLogFormatter,), attributes)


PLAIN_REVIEW_ACTIONS = {
    "wagtail.workflow.start": plain(_("Review: sent"), _("Sent for review")),
    "wagtail.workflow.approve": plain(_("Review: approved"), _("Approved by a moderator")),
    "wagtail.workflow.reject": plain(_("Review: changes requested"), _("Changes requested")),
    "wagtail.workflow.resume": plain(_("Review: sent again"), _("Sent for review again")),
    "wagtail.workflow.cancel": plain(_("Review: withdrawn"), _("Withdrawn from review")),
}


def register_plain_review_actions(actions):
    """Replace Wagtail's formatters (and their entries in the history's filter)."""
    actions.choices[:] = [
        choice for choice in actions.choices if choice[0] not in PLAIN_REVIEW_ACTIONS
    ]
    for action, formatter in PLAIN_REVIEW_ACTIONS.items():
        actions.register_action(action)(formatter)
