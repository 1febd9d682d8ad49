"""Moderators run imports: upload, mapping, preview, confirm, possible duplicates, data sources."""

from django.db import migrations

from moderation import roles


def grant(apps, schema_editor):
    roles.ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0007_claim_language_steward_permission"),
        ("opendata", "0005_moved_task_paths"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
