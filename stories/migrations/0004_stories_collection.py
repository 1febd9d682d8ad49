"""Communications' images and documents live in a "Stories" collection of their own.

0003 granted them on the root collection, which Wagtail cascades to every organisation's own
collection: Communications could see and delete organisations' images. Move the grants.
"""

from django.db import migrations

from core.collections import top_level_collection
from stories.editorial import COLLECTION_PERMISSIONS, COMMUNICATIONS_GROUP, STORIES_COLLECTION


def move_grants(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    group = Group.objects.filter(name=COMMUNICATIONS_GROUP).first()
    stories = top_level_collection(apps, STORIES_COLLECTION)
    if group is None or stories is None:
        return
    GroupCollectionPermission.objects.filter(group=group).exclude(collection=stories).delete()
    for app_label, codename in COLLECTION_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=stories, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [("stories", "0003_communications_workflow")]

    operations = [migrations.RunPython(move_grants, migrations.RunPython.noop)]
