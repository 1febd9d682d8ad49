"""Marking text shown in another language than the page's: `lang` attributes and a note."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info, gettext

from core.translation.state import is_blank

register = template.Library()

# Languages that write language names in lower case inside a sentence ("en anglais").
LOWER_CASE_NAMES = {"ca", "cs", "da", "es", "fi", "fr", "it", "no", "pl", "pt", "ro", "sv"}


def language_name(code):
    """A language's name in the reader's language, as written inside a sentence."""
    try:
        name = str(get_language_info(code)["name_translated"])
    except KeyError:
        return code
    return name.lower() if (get_language() or "").split("-")[0] in LOWER_CASE_NAMES else name


def _shown_in(page, name):
    language = getattr(page, "field_language", None)
    return language(name) if language else None


@register.filter
def lang_attr(page, name):
    """` lang="en"` when field `name` of `page` is shown in another language than the reader's."""
    language = _shown_in(page, name)
    if language and language != get_language():
        return format_html(' lang="{}"', language)
    return ""


@register.filter
def is_untranslated(page, name):
    language = _shown_in(page, name)
    return bool(language) and language != get_language()


@register.inclusion_tag("core/untranslated_note.html")
def untranslated_note(page):
    """A discreet note when some of the page's text is still in its original language."""
    fields = getattr(page, "translated_fields", ())
    reader = get_language()
    elsewhere = [name for name in fields if _shown_in(page, name) not in (None, reader)]
    if not elsewhere:
        return {"show": False}
    # "Partly" only when some text really is in the reader's language (not an empty field).
    here = [
        name
        for name in fields
        if _shown_in(page, name) == reader and not is_blank(getattr(page, name, ""))
    ]
    original = page.original_language
    original_name = language_name(original)
    return {
        "show": True,
        "partly": bool(here),
        "original": original,
        "original_name": original_name,
    }


@register.simple_tag
def shown_language(page, name):
    """'In English': the language a field is shown in, named in the reader's language."""
    language = _shown_in(page, name) or get_language()
    try:
        language_name = get_language_info(language)["name_translated"]
    except KeyError:
        language_name = language
    return format_html("{}", gettext("In %(language)s") % {"language": language_name})
