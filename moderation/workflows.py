"""What happens when a workflow is approved (WAGTAIL_FINISH_WORKFLOW_ACTION).

Kept free of model imports: Wagtail imports this while defining its own models, so a page type
says by a class attribute (`verified_by_approval`) that approving it confirms its data.
"""

from django.utils import timezone


def publish_and_verify(workflow_state, user=None):
    """Publish the approved revision; for an organisation, the moderator's approval also
    confirms the data, so the published profile carries today's "last verified" date."""
    obj = workflow_state.content_object
    revision = obj.get_latest_revision()
    specific_class = getattr(obj, "specific_class", type(obj))
    if getattr(specific_class, "verified_by_approval", False):
        revision.content["last_verified"] = timezone.localdate().isoformat()
        revision.save(update_fields=["content"])
    revision.publish(user=user)
