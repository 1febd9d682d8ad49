"""Retire Wagtail's default "Moderators approval" workflow on the root page.

Wagtail's first migrations assume its Moderators publish the whole site, and put every page
under a workflow they approve. The Atlas's moderators look after the directory only (which has
its own Profile review); stories have Communications' Editorial review. Left in place, the
default workflow would let moderators open and edit the home page or the map while it awaits
their approval.
"""

from django.db import migrations


def retire(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    default = Workflow.objects.filter(name="Moderators approval")
    WorkflowPage.objects.filter(workflow__in=default, page__depth=1).delete()
    default.filter(workflow_pages__isnull=True).update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0004_moderator_queue_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(retire, migrations.RunPython.noop)]
