"""Keep the privacy of a page and of its aliases in step.

Every organisation page has an alias in the other language's tree. Wagtail copies a page's view
restrictions to an alias only when the alias is created, so making a profile private afterwards
left its alias public, listed in the other directory and readable at its own URL.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction


def sync_alias_restrictions(page_id):
    """Give every alias of the page exactly the page's own view restrictions."""
    alias_ids = list(Page.objects.filter(alias_of_id=page_id).values_list("pk", flat=True))
    if not alias_ids:
        return
    restrictions = list(PageViewRestriction.objects.filter(page_id=page_id))
    PageViewRestriction.objects.filter(page_id__in=alias_ids).delete()
    for alias_id in alias_ids:
        for restriction in restrictions:
            copy = PageViewRestriction.objects.create(
                page_id=alias_id,
                restriction_type=restriction.restriction_type,
                password=restriction.password,
            )
            copy.groups.set(restriction.groups.all())


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        sync_alias_restrictions(instance.page_id)


@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
def restriction_groups_changed(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(
        instance, PageViewRestriction
    ):
        sync_alias_restrictions(instance.page_id)
