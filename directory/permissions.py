"""Page permissions for the directory's pages.

Two Wagtail defaults are too generous for organisation profiles:

* Page permissions cascade down the tree, and the directory lives under the home page, so a
  group granted the home page (Communications) would hold the same rights on every
  organisation. Here only grants made *within the directory* (on a directory index or on the
  organisation page itself) count.
* Organisation editors hold Wagtail's own "change" permission on their organisation's pages
  (through a per-organisation group), which on its own would also let them copy the page, and
  delete or move it while it is a draft. Those structural actions stay with users who may
  publish there (moderators, administrators).
"""

from django.contrib.contenttypes.models import ContentType

from wagtail.models import PagePermissionTester


def directory_content_type_ids():
    from directory.models import DirectoryIndexPage, OrganisationPage

    return {
        ContentType.objects.get_for_model(model).pk
        for model in (DirectoryIndexPage, OrganisationPage)
    }


class DirectoryPagePermissionTester(PagePermissionTester):
    """Only directory-level grants count; only publishers may delete, move or copy."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if self.user.is_active and not self.user.is_superuser:
            allowed_types = directory_content_type_ids()
            self.permissions = {
                perm.permission.codename.rsplit("_", maxsplit=1)[0]
                for perm in self.permission_policy.get_cached_permissions_for_user(user)
                if self.page.path.startswith(perm.page.path)
                and perm.page.content_type_id in allowed_types
            }

    def _can_publish_here(self):
        return self.user.is_active and (self.user.is_superuser or "publish" in self.permissions)

    def can_delete(self, ignore_bulk=False):
        return self._can_publish_here() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_copy(self):
        return self._can_publish_here() and super().can_copy()
