"""Each organisation's collection becomes private to its team and the moderators: its
documents are served (by Wagtail's serve view) to nobody else."""

from django.db import migrations

from moderation.roles import make_collection_private


def restrict(apps, schema_editor):
    OrganisationTeam = apps.get_model("moderation", "OrganisationTeam")
    for team in OrganisationTeam.objects.select_related("collection", "group"):
        make_collection_private(apps, team.collection, team.group)


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0008_moderators_run_imports"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(restrict, migrations.RunPython.noop)]
