"""Keep organisation teams' page permissions in step when a translation appears."""

from django.db.models.signals import post_save
from django.dispatch import receiver

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
