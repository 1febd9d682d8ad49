"""Create the Moderators and Organisation editors groups and the Profile review workflow."""

from django.db import migrations

from moderation import roles


def create_roles(apps, schema_editor):
    roles.ensure_roles(apps)
    # Existing databases already have their directory pages; new ones get them from the seed,
    # which calls the same function.
    roles.attach_to_directories(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("directory", "0002_languages"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
