"""Template tags of the moderation app: the words of a review, for emails and the admin."""

from django import template
from django.conf import settings
from django.urls import reverse

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
