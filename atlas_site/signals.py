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


# --- The page cache (atlas_site.page_cache) and a CDN's, if any ---
def _connect_page_cache_purges():
    from django.apps import apps
    from django.conf import settings

    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.models import Locale, Site, TranslatableMixin
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from atlas_site import page_cache

    def page_changed(sender, instance, **kwargs):
        page_cache.purge_page(instance)
        if getattr(settings, "WAGTAILFRONTENDCACHE", None):
            purge_frontend_listings(instance)

    page_published.connect(page_changed, dispatch_uid="page-cache-published")
    page_unpublished.connect(page_changed, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(page_changed, dispatch_uid="page-cache-moved")

    def page_deleted(sender, instance, **kwargs):
        if isinstance(instance, Page):
            page_changed(sender, instance)

    post_delete.connect(page_deleted, weak=False, dispatch_uid="page-cache-page-deleted")

    site_wide = (Locale, Site, PageViewRestriction)

    from directory.signals import DRAFT_ONLY_FIELDS

    def site_changed(sender, instance, update_fields=None, **kwargs):
        if isinstance(instance, Page):
            # A live page saved without a publish (an import, a script): the page itself.
            draft_only = update_fields is not None and set(update_fields) <= DRAFT_ONLY_FIELDS
            if instance.live and not draft_only and kwargs.get("signal") is post_save:
                page_cache.purge_page(instance)
            return
        if isinstance(instance, site_wide + (BaseSiteSetting, TranslatableMixin)) or (
            sender in _snippet_models(apps)
        ):
            page_cache.purge("site")

    post_save.connect(site_changed, weak=False, dispatch_uid="page-cache-site-saved")
    post_delete.connect(site_changed, weak=False, dispatch_uid="page-cache-site-deleted")

    from wagtail.images import get_image_model

    from directory.signals import IMAGE_BOOKKEEPING_FIELDS

    def image_changed(sender, instance, created=False, update_fields=None, **kwargs):
        # A logo or a story's picture whose file was replaced: Wagtail deletes the old
        # renditions, which cached pages would still show. A new image is on no page yet.
        if created or (update_fields and set(update_fields) <= IMAGE_BOOKKEEPING_FIELDS):
            return
        page_cache.purge("site")

    post_save.connect(
        image_changed, sender=get_image_model(), weak=False, dispatch_uid="page-cache-image-saved"
    )
    post_delete.connect(
        image_changed, sender=get_image_model(), weak=False, dispatch_uid="page-cache-image-deleted"
    )


def _snippet_models(apps):
    from wagtail.snippets.models import get_snippet_models

    return set(get_snippet_models())


def purge_frontend_listings(page):
    """With a CDN or reverse proxy: besides the page itself (Wagtail purges it), the pages
    that list it — its language's home, directory, map or stories index."""
    from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache

    label = page.specific_class._meta.label_lower if page.specific_class else ""
    if label not in ("directory.organisationpage", "stories.storypage"):
        return
    home = page.get_ancestors().filter(depth=2).first()
    if home is None:
        return
    listings = [home, *home.get_children().live()]
    purge_pages_from_cache([p.specific for p in listings])


_connect_page_cache_purges()
