"""Objects in the reader's language: translations of snippets and pages, with the original as
fallback."""

from django.utils import translation

from wagtail.models import Locale


def localize_all(items):
    """The reader's-language translation of each item (originals as fallback), in two queries
    whatever the number of items: the active locale, then every translation at once."""
    items = list(items)
    if not items:
        return items
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        return items
    model = type(items[0])
    translated = {
        item.translation_key: item
        for item in model.objects.filter(
            translation_key__in=[item.translation_key for item in items], locale=locale
        )
    }
    return [translated.get(item.translation_key, item) for item in items]


def localized_by_slug(model, queryset=None):
    """A translatable vocabulary keyed by slug, each term in the reader's language when it is
    translated (else the first one seen), in one query."""
    by_slug = {}
    active = translation.get_language()
    queryset = model.objects.all() if queryset is None else queryset
    for item in queryset.select_related("locale").order_by("pk"):
        if item.slug not in by_slug or item.locale.language_code == active:
            by_slug[item.slug] = item
    return by_slug


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
    return source.locale.language_code
