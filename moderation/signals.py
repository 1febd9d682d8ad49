"""Keep teams' page permissions in step with translations; record decisions on proposals."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from wagtail.signals import workflow_approved, workflow_rejected

from directory.models import OrganisationPage


@receiver(post_save, sender=OrganisationPage)
def grant_new_translation(sender, instance, created, raw=False, **kwargs):
    # A translation (or an alias converted into one) is a new page editors must be able to edit.
    if raw or instance.alias_of_id:
        return
    from moderation.models import OrganisationTeam

    team = (
        OrganisationTeam.objects.filter(organisation__translation_key=instance.translation_key)
        .select_related("group", "organisation")
        .first()
    )
    if team is not None:
        team.grant_pages()


@receiver(workflow_approved)
@receiver(workflow_rejected)
def record_proposal_decision(sender, instance, user=None, **kwargs):
    """A proposal is decided when its draft page's Profile review is approved or rejected."""
    from moderation.models import OrganisationProposal, ReviewStatus

    status = (
        ReviewStatus.APPROVED
        if instance.status == instance.STATUS_APPROVED
        else ReviewStatus.REJECTED
    )
    from moderation.notifications import notify_proposer

    for proposal in OrganisationProposal.objects.filter(
        page_id=instance.object_id, status=ReviewStatus.PENDING
    ).select_related("page__locale"):
        proposal.status, proposal.reviewed_at = status, timezone.now()
        proposal.save(update_fields=["status", "reviewed_at"])
        notify_proposer(proposal, proposal.page)


@receiver(user_logged_in)
def remember_admin_language(sender, request, user, **kwargs):
    """Keep the language someone signs in with as their admin language, unless they chose one:
    Wagtail writes a workflow email in the recipient's chosen language, else in the language of
    whoever triggered it (a French editor's submission reached English moderators in French)."""
    from django.utils.translation import get_language_from_request

    from moderation.invitations import remember_language

    if request is not None:
        remember_language(user, get_language_from_request(request))
