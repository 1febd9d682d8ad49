"""What happens when a workflow is approved (WAGTAIL_FINISH_WORKFLOW_ACTION).

Kept free of model imports: Wagtail imports this while defining its own models, so a page type
says by a class attribute (`verified_by_approval`) that approving it confirms its data.
"""

from django.utils import timezone


def publish_and_verify(workflow_state, user=None):
    """Publish the approved revision; for an organisation, the moderator's approval also
    confirms the data, so the published profile carries today's "last verified" date.

    The date goes into a new revision (the approved content, still credited to its author)
    rather than into the approved one: rewritten in place, the revision would keep its id and
    time, so the moderator's edit screen, still open on it, would not know it was out of date,
    and its next autosave would put a draft with the old date on top of the published version.
    """
    obj = workflow_state.content_object
    revision = obj.get_latest_revision()
    specific_class = getattr(obj, "specific_class", type(obj))
    if getattr(specific_class, "verified_by_approval", False):
        approved = revision.as_object()
        approved.last_verified = timezone.localdate()
        revision = approved.save_revision(user=revision.user, clean=False)
    revision.publish(user=user)
