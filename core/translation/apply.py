"""Giving each language's page its translated fields when the original is published."""

from django.conf import settings

from wagtail.models import Page

from core.translation.state import TranslationState, is_blank


def content_languages():
    """The languages content can be written in: (code, name) pairs from the settings."""
    return list(settings.WAGTAIL_CONTENT_LANGUAGES)


def translation_model(page):
    return type(page).content_translations.rel.related_model


def shown_values(page, translation, language, original_language):
    """The value and language of each translated field on `page` (an alias in `language`, whose
    fields hold the original's text) given that language's translation row, if any."""
    values, languages = {}, {"_original": original_language}
    for name in page.translated_fields:
        state = translation.state(name, page) if translation else TranslationState.NOT_TRANSLATED
        if is_blank(getattr(page, name)):
            # Nothing to translate (an empty caption): not "shown in the original language".
            languages[name] = language
        elif state in (TranslationState.TRANSLATED, TranslationState.NEEDS_UPDATE):
            values[name] = getattr(translation, name)
            languages[name] = language
        else:
            languages[name] = original_language
    return values, languages


def apply_translation(page):
    """Write into an alias its language's translated fields (the rest stays in the original's
    language) and record which language each field is in. Writes with `update()`: no revision,
    no signal, nothing else of the alias changes."""
    language = page.locale.language_code
    original = Page.objects.select_related("locale").get(pk=page.alias_of_id)
    # The original's own rows (an alias also gets copies, but not when inserted in bulk).
    translation = (
        translation_model(page).objects.filter(page_id=page.alias_of_id, language=language).first()
    )
    values, languages = shown_values(page, translation, language, original.locale.language_code)
    page_values = {}
    if "title" in values:
        page_values = {"title": values["title"], "draft_title": values.pop("title")}
        Page.objects.filter(pk=page.pk).update(**page_values)
    type(page).objects.filter(pk=page.pk).update(field_languages=languages, **values)
    for name, value in {**values, **page_values}.items():
        setattr(page, name, value)
    page.field_languages = languages


def mark_original(page):
    """Record on an original that every field is in its own language."""
    language = page.locale.language_code
    languages = {"_original": language, **dict.fromkeys(page.translated_fields, language)}
    if page.field_languages != languages:
        type(page).objects.filter(pk=page.pk).update(field_languages=languages)
        page.field_languages = languages
