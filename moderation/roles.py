"""The Atlas's roles as Wagtail groups, and what each may do.

Written against an `apps` registry so that the data migration (historical models) and the
seed (real models) share one definition and stay idempotent.
"""

from django.utils.translation import gettext_noop

from core.collections import top_level_collection
from core.groups import COMMUNICATIONS, MODERATORS, ORGANISATION_EDITORS  # noqa: F401 (re-exported)

ORGANISATIONS_COLLECTION = "Organisations"
PROFILE_REVIEW = gettext_noop("Profile review")
PROFILE_REVIEW_TASK = gettext_noop("Review by a moderator")
# Its name before 0007 (plain words replaced it).
OLD_PROFILE_REVIEW_TASK = "Moderators approve the profile"

# (app_label, model, codename) of the model permissions each role holds.
MODERATOR_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    # Provenance, search and publication settings of organisations (directory.models).
    ("directory", "organisationpage", "manage_provenance"),
    *[
        ("directory", model, f"{action}_{model}")
        for model in ("sector", "service", "language")
        for action in ("add", "change", "delete", "view")
    ],
    *[
        ("moderation", model, f"{action}_{model}")
        for model in ("organisationproposal", "organisationclaim", "accessrequest")
        for action in ("change", "delete", "view")
    ],
    # Imports: upload, map, preview, confirm; the possible duplicates; data sources' mappings
    # (their re-import URL, schedule and legal basis stay with administrators: see DataSource).
    ("opendata", "importrun", "add_importrun"),
    ("opendata", "importrun", "view_importrun"),
    ("opendata", "duplicatecandidate", "change_duplicatecandidate"),
    ("opendata", "duplicatecandidate", "view_duplicatecandidate"),
    *[("opendata", "datasource", f"{action}_datasource") for action in ("add", "change", "view")],
]
ORGANISATION_EDITOR_PERMISSIONS = [("wagtailadmin", "admin", "access_admin")]

# Page permissions moderators hold on each directory index (and so on every organisation).
MODERATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
# Collection permissions: moderators over every organisation's collection, an organisation's
# editors over their own only.
MODERATOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", codename)
    for codename in ("add_image", "change_image", "delete_image", "choose_image")
] + [
    ("wagtaildocs", "document", codename)
    for codename in ("add_document", "change_document", "delete_document", "choose_document")
]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", codename)
    for codename in ("add_image", "change_image", "choose_image")
] + [
    ("wagtaildocs", "document", codename)
    for codename in ("add_document", "change_document", "choose_document")
]


def get_permission(apps, app_label, model, codename):
    """The Permission row, created if needed (a fresh database gets them only after migrate)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return permission


def make_collection_private(apps, collection, team_group):
    """Only the organisation's team and the moderators (and administrators) may download the
    collection's documents through Wagtail's serve view (a "groups" view restriction)."""
    Group = apps.get_model("auth", "Group")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    restriction = CollectionViewRestriction.objects.filter(
        collection=collection, restriction_type="groups"
    ).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type="groups", password=""
        )
    restriction.groups.add(team_group, moderators)
    return restriction


def organisations_collection(apps):
    """The collection under which every organisation's own collection lives."""
    return top_level_collection(apps, ORGANISATIONS_COLLECTION)


def ensure_roles(apps):
    """Create the groups, their model permissions, and the Profile review workflow."""
    Group = apps.get_model("auth", "Group")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    editors, _ = Group.objects.get_or_create(name=ORGANISATION_EDITORS)
    _narrow_wagtail_defaults(apps, moderators)
    moderators.permissions.add(*[get_permission(apps, *row) for row in MODERATOR_PERMISSIONS])
    editors.permissions.add(
        *[get_permission(apps, *row) for row in ORGANISATION_EDITOR_PERMISSIONS]
    )

    collection = organisations_collection(apps)
    if collection is not None:
        for row in MODERATOR_COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=moderators, collection=collection, permission=get_permission(apps, *row)
            )

    profile_review_workflow(apps)
    return moderators, editors


def _narrow_wagtail_defaults(apps, moderators):
    """Wagtail's first migration gives its "Moderators" every page and every collection from the
    root, and creates an "Editors" group with add/change on the whole tree. The Atlas's
    moderators are data stewards of the directory only (stories belong to Communications), so
    their rights start from the directory pages and the Organisations collection instead."""
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    GroupPagePermission.objects.filter(group=moderators, page__depth=1).delete()
    GroupCollectionPermission.objects.filter(group=moderators, collection__depth=1).delete()
    moderators.permissions.remove(
        *moderators.permissions.filter(content_type__app_label__in=["wagtailimages", "wagtaildocs"])
    )
    unused_editors = Group.objects.filter(name="Editors", user__isnull=True)
    GroupPagePermission.objects.filter(group__in=unused_editors).delete()
    GroupCollectionPermission.objects.filter(group__in=unused_editors).delete()
    unused_editors.delete()


def profile_review_workflow(apps):
    """The "Profile review" workflow: one group approval task for the moderators."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    workflow, _ = Workflow.objects.get_or_create(name=PROFILE_REVIEW, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=PROFILE_REVIEW_TASK).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=PROFILE_REVIEW_TASK, content_type=content_type, active=True
        )
        task.groups.set([Group.objects.get(name=MODERATORS)])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def attach_to_directories(apps):
    """Give moderators the directory pages and put them under Profile review.

    The directory index pages are created by the seed, after migrations, so the seed calls this
    too; it only adds what is missing.
    """
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    DirectoryIndexPage = apps.get_model("directory", "DirectoryIndexPage")

    moderators = Group.objects.filter(name=MODERATORS).first()
    if moderators is None:
        moderators, _ = ensure_roles(apps)
    workflow = profile_review_workflow(apps)
    permissions = [
        get_permission(apps, "wagtailcore", "page", c) for c in MODERATOR_PAGE_PERMISSIONS
    ]
    for page_id in DirectoryIndexPage.objects.values_list("pk", flat=True):
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(
                group=moderators, page_id=page_id, permission=permission
            )
        WorkflowPage.objects.get_or_create(page_id=page_id, defaults={"workflow": workflow})


def is_organisation_editor_only(user):
    """An organisation's editor and nothing more: no staff role beside it."""
    if not user.is_authenticated or user.is_superuser:
        return False
    group_names = {group.name for group in user.groups.all()}
    return ORGANISATION_EDITORS in group_names and not (group_names & {MODERATORS, COMMUNICATIONS})


def is_moderator(user):
    """Administrators and moderators: the staff who see every organisation's drafts."""
    return user.is_active and (user.is_superuser or user.groups.filter(name=MODERATORS).exists())


def setup_moderation():
    """Everything above with the real models: used by the seed and by tests."""
    from django.apps import apps

    ensure_roles(apps)
    attach_to_directories(apps)
