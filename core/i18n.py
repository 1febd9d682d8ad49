"""Objects in the reader's language: translations of snippets and pages, with the original as
fallback."""

from django.utils import translation

from wagtail.models import Locale

from core import structure


def _translations_in(model, locale):
    """{translation_key: item} of a translatable vocabulary in one locale, memoised until any
    translatable snippet is saved or deleted (core.structure)."""
    return structure.memo(
        ("translations", model._meta.label, locale.pk),
        lambda: {item.translation_key: item for item in model.objects.filter(locale=locale)},
    )


def localize_all(items):
    """The reader's-language translation of each item (originals as fallback), without a
    query once the vocabulary is memoised (core.structure)."""
    items = list(items)
    if not items:
        return items
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        return items
    translated = _translations_in(type(items[0]), locale)
    return [translated.get(item.translation_key, item) for item in items]


def localize(item):
    """One item in the reader's language (the original as fallback)."""
    return localize_all([item])[0] if item is not None else None


def localized_by_slug(model, queryset=None):
    """A translatable vocabulary keyed by slug, each term in the reader's language when it is
    translated (else the first one seen): memoised per language for the whole vocabulary."""
    active = translation.get_language()

    def build():
        by_slug = {}
        for item in (
            (model.objects.all() if queryset is None else queryset)
            .select_related("locale")
            .order_by("pk")
        ):
            if item.slug not in by_slug or item.locale.language_code == active:
                by_slug[item.slug] = item
        return by_slug

    if queryset is not None:
        return build()
    return dict(structure.memo(("by-slug", model._meta.label, active), build))


def content_language(page):
    """The language of the text a page shows: for a page translated field by field, the
    language its main field is shown in; else its own locale's, except for an alias (an
    untranslated copy of a page in another language), which shows its original's text."""
    if page is None:
        return translation.get_language()
    fields = getattr(page, "translated_fields", None)
    if fields:
        # A page translated field by field (core.translation): its main field's language.
        return page.field_language(fields[0])
    source = page
    if getattr(page, "alias_of_id", None):
        source = page.alias_of  # an alias of an alias is not possible: one query at most
    return structure.language_code_of(source.locale_id) or source.locale.language_code
