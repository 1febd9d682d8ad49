"""The Communications group, its permissions, and the "Editorial review" workflow."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from stories.editorial import (
    COLLECTION_PERMISSIONS,
    COMMUNICATIONS_GROUP,
    EDITORIAL_TASK,
    EDITORIAL_WORKFLOW,
    MODEL_PERMISSIONS,
    grant_page_permissions,
)


def create_group_and_workflow(apps, schema_editor):
    # Permissions are normally created after all migrations: make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Page = apps.get_model("wagtailcore", "Page")

    group, _created = Group.objects.get_or_create(name=COMMUNICATIONS_GROUP)
    for app_label, codename in MODEL_PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    root = Collection.objects.filter(depth=1).first()
    if root is not None:
        for app_label, codename in COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                ),
            )

    task = GroupApprovalTask.objects.filter(name=EDITORIAL_TASK).first()
    if task is None:
        task_type, _created = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=EDITORIAL_TASK, content_type=task_type, active=True
        )
    task.groups.add(group)
    workflow, _created = Workflow.objects.get_or_create(name=EDITORIAL_WORKFLOW)
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task_id=task.pk, defaults={"sort_order": 0}
    )

    for page in Page.objects.filter(
        content_type__app_label__in=["home", "stories"],
        content_type__model__in=["homepage", "storyindexpage"],
    ).select_related("content_type"):
        grant_page_permissions(page, apps=apps)


def remove_group_and_workflow(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=COMMUNICATIONS_GROUP).delete()
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=EDITORIAL_WORKFLOW).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=EDITORIAL_TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0002_stories"),
        ("home", "0002_locales"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("simple_translation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group_and_workflow, remove_group_and_workflow)]
