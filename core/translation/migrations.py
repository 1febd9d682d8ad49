"""Helpers for the data migrations that start recording each field's language."""


def record_field_languages(app_label, model_name, fields):
    """A RunPython function: originals are in their own language, aliases in their original's."""

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        Locale = apps.get_model("wagtailcore", "Locale")
        for locale in Locale.objects.all():
            code = locale.language_code
            languages = {"_original": code, **dict.fromkeys(fields, code)}
            model.objects.filter(alias_of__isnull=True, locale=locale).update(
                field_languages=languages
            )
            model.objects.filter(alias_of__locale=locale).update(field_languages=languages)

    return forwards
