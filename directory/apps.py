from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from wagtail.permissions import page_permission_policy

        from directory import signals  # noqa: F401  (connects the map's cache invalidation)
        from directory.permissions import DirectoryAwarePagePermissionPolicy

        page_permission_policy.__class__ = DirectoryAwarePagePermissionPolicy
