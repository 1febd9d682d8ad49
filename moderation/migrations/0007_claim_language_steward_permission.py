"""Claims remember the language of their form; moderators may change organisations' provenance,
search and publication settings; the review task is named in plain words."""

from django.db import migrations, models

from moderation import roles


def forwards(apps, schema_editor):
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    GroupApprovalTask.objects.filter(name=roles.OLD_PROFILE_REVIEW_TASK).update(
        name=roles.PROFILE_REVIEW_TASK
    )
    roles.ensure_roles(apps)


def backwards(apps, schema_editor):
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    GroupApprovalTask.objects.filter(name=roles.PROFILE_REVIEW_TASK).update(
        name=roles.OLD_PROFILE_REVIEW_TASK
    )


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0006_proposal_language"),
        ("directory", "0007_organisation_steward_permission"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisationclaim",
            name="language",
            field=models.CharField(
                default="en",
                help_text="The language of the form: the invitation is emailed in it.",
                max_length=10,
                verbose_name="language",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
