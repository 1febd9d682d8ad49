"""Moderators review the queue of proposals and claims."""

from django.db import migrations

from moderation import roles


def grant(apps, schema_editor):
    roles.ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0003_proposals_claims"), ("moderation", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
