"""The Communications group and the "Editorial review" workflow.

Communications staff write and publish stories, edit authors, themes and the home page, and
manage images and documents; they get nothing on users, settings or organisations' profiles.

Wagtail's page permissions apply to a page *and its descendants*, and the directory lives under
the home page. So a permission a group holds on a home page is read here as "this page only":
the hooks in `wagtail_hooks.py` refuse the group's members any action on other pages that they
could do only through such a grant (organisations, the directory, the map).

The group, its model permissions, the workflow and its task are made by the data migration
`0003_communications_workflow`; the page permissions and the workflow's assignment need pages,
so `grant_page_permissions` runs whenever a home or story index page is created.
"""

from django.utils.translation import gettext_noop

from core.groups import COMMUNICATIONS

COMMUNICATIONS_GROUP = COMMUNICATIONS
# Marked for translation: workflow emails name them in the recipient's language.
EDITORIAL_WORKFLOW = gettext_noop("Editorial review")
EDITORIAL_TASK = gettext_noop("Editorial review")

# (app_label, codename) of the model permissions the group holds.
MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("stories", "add_author"),
    ("stories", "change_author"),
    ("stories", "delete_author"),
    ("stories", "view_author"),
    ("stories", "add_theme"),
    ("stories", "change_theme"),
    ("stories", "delete_theme"),
    ("stories", "view_theme"),
    ("simple_translation", "submit_translation"),
]
# Images and documents are permitted per collection: Communications gets its own "Stories"
# collection (the root would cascade to every organisation's collection).
STORIES_COLLECTION = "Stories"
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "delete_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "delete_document"),
    ("wagtaildocs", "choose_document"),
]
STORY_INDEX_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
HOME_PAGE_PERMISSIONS = ["change_page", "publish_page"]
HOME_PAGE_DEPTH = 2


def grant_page_permissions(page, *, apps=None):
    """Give Communications its permissions on a home or story index page (idempotent).

    Story index pages also get the "Editorial review" workflow.
    """
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    group = Group.objects.filter(name=COMMUNICATIONS_GROUP).first()
    if group is None:
        return
    model_name = page.content_type.model if hasattr(page, "content_type") else ""
    is_story_index = model_name == "storyindexpage"
    codenames = STORY_INDEX_PAGE_PERMISSIONS if is_story_index else HOME_PAGE_PERMISSIONS
    for codename in codenames:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(
            group=group, page_id=page.pk, permission=permission
        )
    if is_story_index:
        workflow = Workflow.objects.filter(name=EDITORIAL_WORKFLOW).first()
        if workflow is not None and not WorkflowPage.objects.filter(page_id=page.pk).exists():
            WorkflowPage.objects.create(page_id=page.pk, workflow=workflow)


def home_only_grant_refuses(user, page, action):
    """True if `user` may do `action` ("change", "add", "publish"…) on `page` only through a
    permission held on a home page that is an ancestor of `page` (see the module docstring)."""
    if not user.is_active or user.is_superuser:
        return False
    from wagtail.models import GroupPagePermission

    codename = f"{action}_page"
    grants = list(
        GroupPagePermission.objects.filter(
            group__user=user, permission__codename=codename
        ).select_related("page")
    )
    covering = [grant for grant in grants if page.path.startswith(grant.page.path)]
    if not covering:
        return False
    # A language's home page is the top of its tree: a child of Wagtail's root (depth 2).
    return all(
        grant.page.depth == HOME_PAGE_DEPTH and grant.page_id != page.pk for grant in covering
    )
