"""Seed the languages of service: the EU's official languages and other languages of Europe."""

from django.db import migrations

LANGUAGE_CODES = [
    # The 24 official languages of the European Union.
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it",
    "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
    # Other languages widely used by European SSE organisations.
    "ca", "eu", "gl", "br", "cy", "lb", "is", "nb", "sq", "sr", "mk", "bs", "uk", "tr", "ar",
]


def create_languages(apps, schema_editor):
    Language = apps.get_model("directory", "Language")
    for code in LANGUAGE_CODES:
        Language.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(create_languages, migrations.RunPython.noop)]
