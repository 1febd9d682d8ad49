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
from django.db.models import F, Q

from wagtail.models import PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import page_permission_policy


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


def pages_with_visible_drafts(user):
    """A `Q` on pages: those whose admin title (the draft's) this user may read.

    Everyone may read a page that is live with no pending change of title. The draft title of
    any other page (a proposal awaiting review, a profile renamed in a draft) is for the users
    who may change it: within the directory only by grants made there, as the tester above
    counts them, so that a group granted the home page (Communications) does not read the
    drafts of organisations.
    """
    if user.is_active and user.is_superuser:
        return Q()
    settled = Q(live=True, draft_title=F("title"))
    if not user.is_active:
        return settled
    directory_types = directory_content_type_ids()
    visible = settled
    for perm in page_permission_policy.get_cached_permissions_for_user(user):
        if perm.permission.codename not in ("add_page", "change_page", "publish_page"):
            continue
        below = Q(path__startswith=perm.page.path)
        if perm.page.content_type_id not in directory_types:
            below &= ~Q(content_type_id__in=directory_types)
        visible |= below
    return visible


class DirectoryAwarePagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, whose explorable pages (the admin's page search, explorer, admin
    API, site history) leave out the drafts a user may not read (`pages_with_visible_drafts`).

    Wagtail's views hold its one policy object (`wagtail.permissions.page_permission_policy`)
    rather than asking a registry, so `DirectoryConfig.ready` gives that object this class."""

    def explorable_instances(self, user):
        pages = super().explorable_instances(user)
        visible = pages_with_visible_drafts(user)
        if not visible:
            return pages
        return pages.filter(pk__in=self.model._default_manager.filter(visible).values("pk"))
