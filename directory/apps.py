from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from wagtail.permissions import page_permission_policy

        from directory import signals  # noqa: F401  (connects the map's cache invalidation)
        from directory.permissions import DirectoryAwarePagePermissionPolicy

        page_permission_policy.__class__ = DirectoryAwarePagePermissionPolicy
        post_migrate.connect(fill_listing, sender=self, dispatch_uid="directory-fill-listing")


def fill_listing(using="default", **kwargs):
    """After the migration that creates the listing, fill it from the existing pages (once:
    afterwards the signals keep it up to date)."""
    from directory.listing import rebuild_listing
    from directory.models import DirectoryListing, OrganisationPage

    if DirectoryListing.objects.using(using).exists():
        return
    if OrganisationPage.objects.using(using).live().exists():
        rebuild_listing()
