"""Template tags of the moderation app: the words of a review, for emails and the admin."""

from django import template
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.admin.utils import get_user_display_name
from wagtail.models import WorkflowState

register = template.Library()


@register.simple_tag
def review_comment(obj):
    """The comment the moderator left on the latest finished review of `obj`."""
    state = (
        WorkflowState.objects.for_instance(obj)
        .exclude(status=WorkflowState.STATUS_IN_PROGRESS)
        .select_related("current_task_state")
        .order_by("-created_at")
        .first()
    )
    task_state = state.current_task_state if state else None
    return task_state.specific.get_comment() if task_state else ""


@register.simple_tag
def review_link(page):
    """An absolute link to review `page`'s submitted change against its live version."""
    from moderation.editing import review_url

    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + review_url(page)


@register.simple_tag
def admin_link(name, *args):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=args)


@register.simple_tag
def review_status(workflow_state, with_people=False):
    """The state of a review in plain words, naming who acted: the moderator who asked for
    changes (Wagtail names whoever submitted, so an editor read "Changes requested … by" and
    their own name), or the person who sent it for review."""
    task_state = workflow_state.current_task_state
    if task_state is None:
        return ""
    if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        when = naturaltime(task_state.finished_at)
        if with_people and task_state.finished_by:
            return _("Changes requested %(when)s by %(moderator)s") % {
                "when": when,
                "moderator": get_user_display_name(task_state.finished_by),
            }
        return _("Changes requested %(when)s") % {"when": when}
    when = naturaltime(task_state.started_at)
    if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        if with_people and workflow_state.requested_by:
            return _("Sent for review %(when)s by %(user)s") % {
                "when": when,
                "user": get_user_display_name(workflow_state.requested_by),
            }
        return _("Sent for review %(when)s") % {"when": when}
    return f"{workflow_state.get_status_display()} {when}"
