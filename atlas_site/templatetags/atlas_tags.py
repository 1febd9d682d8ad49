"""Template tags shared by every app: navigation, language switcher, structured data.

Pagination links use Django's own `{% querystring %}`."""

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils import translation

from wagtail.models import Locale, Page, Site

from core import structure
from core.i18n import content_language
from core.models import TranslatablePage
from directory.choices import SocialNetwork

register = template.Library()


def _home_for_locale(request, language_code):
    site = Site.find_for_request(request) if request else None
    root = site.root_page if site else None
    if root is None:
        return None
    try:
        locale = Locale.objects.get_for_language(language_code)
    except Locale.DoesNotExist:
        return None

    def build():
        if root.locale_id == locale.pk:
            return root
        return root.get_translation_or_none(locale)

    # The same for every request: memoised until a page is published, moved or deleted.
    return structure.memo(("home", root.pk, locale.pk), build)


def _translation_group(request, page):
    """The live pages of a page's translation group (its aliases included), each with its
    locale and, for a page translated field by field, its fields' languages: one query per
    request, shared by the language switcher and the alternate links."""
    cache = getattr(request, "_atlas_translation_groups", None) if request else None
    if cache is not None and page.translation_key in cache:
        return cache[page.translation_key]
    model = page.specific_class or Page
    if not issubclass(model, TranslatablePage):
        model = Page
    group = list(
        model.objects.filter(translation_key=page.translation_key)
        .live()
        .select_related("locale")
        .order_by("path")
    )
    if request is not None:
        request._atlas_translation_groups = {**(cache or {}), page.translation_key: group}
    return group


@register.simple_tag(takes_context=True)
def site_navigation(context):
    """Home and its sections (directory, map, stories) in the reader's language."""
    request = context.get("request")
    cache = getattr(request, "_atlas_navigation", None) if request else None
    if cache is not None:
        return cache
    home = _home_for_locale(request, translation.get_language())
    sections = []
    if home is not None:
        sections = structure.memo(
            ("sections", home.pk),
            lambda: list(home.get_children().live().public().in_menu().specific(defer=True)),
        )
    navigation = {"home": home, "sections": sections}
    if request is not None:
        request._atlas_navigation = navigation
    return navigation


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language: the translated page if it exists, else that language's home."""
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    query = request.META.get("QUERY_STRING", "") if request else ""
    translations = {}
    if isinstance(page, Page):
        for translated in _translation_group(request, page):
            translations[translated.locale.language_code] = translated
    links = []
    for code, _name in settings.LANGUAGES:
        url = None
        if code in translations:
            url = translations[code].get_url(request)
            if url and query:
                url = f"{url}?{query}"
        elif page is None and request is not None:
            url = translate_url(request.get_full_path(), code)
        if not url:
            home = _home_for_locale(request, code)
            url = home.get_url(request) if home else f"/{code}/"
        with translation.override(code):
            native = str(translation.get_language_info(code)["name_local"])
        links.append(
            {
                "code": code,
                "name": native.capitalize(),
                "url": url,
                "current": code == current,
            }
        )
    return links


@register.filter
def is_within(page, section):
    """True when `page` is `section` or one of its descendants (for aria-current)."""
    url_path = getattr(page, "url_path", None)
    return bool(url_path) and url_path.startswith(section.url_path)


@register.filter
def social_label(kind):

    try:
        return SocialNetwork(kind).label
    except ValueError:
        return kind


@register.simple_tag
def json_ld(data):
    """A schema.org JSON-LD block, escaped like Django's json_script so text cannot close it."""
    import json

    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    escaped = (
        json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)
        .replace("<", "\\u003C")
        .replace(">", "\\u003E")
        .replace("&", "\\u0026")
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(escaped))


# Open Graph names a locale by language and territory; the territory of each site language.
OG_TERRITORIES = {"en": "GB"}


@register.filter
def og_locale(language_code):
    """`fr` → `fr_FR`, `en` → `en_GB` (Open Graph's form of a language)."""
    code = (language_code or "").split("-")[0].lower()
    return f"{code}_{OG_TERRITORIES.get(code, code.upper())}" if code else ""


def _with_page_number(url, request):
    number = request.GET.get("page", "") if request is not None else ""
    return f"{url}?page={number}" if number.isdigit() and int(number) > 1 else url


def _content_languages(pages):
    """The language of each page's text (pages of `_translation_group`: no query)."""
    field_languages = {}
    for page in pages:
        if isinstance(page, TranslatablePage):
            field_languages[page.pk] = (page.field_languages or {}).get(page.translated_fields[0])
    originals = {page.pk: page.locale.language_code for page in pages if not page.alias_of_id}
    return [
        field_languages.get(page.pk)
        or (originals.get(page.alias_of_id) if page.alias_of_id else page.locale.language_code)
        for page in pages
    ]


@register.simple_tag(takes_context=True)
def page_alternates(context):
    """The page's canonical address and its real translations (hreflang, with x-default).

    An alias (an untranslated copy in another language) is not a translation: it names its
    original as canonical, and no page names it as an alternate. Filters are left out of the
    canonical address; a page number beyond the first is kept (each page lists other items).
    """
    request = context.get("request")
    page = context.get("page")
    default = settings.LANGUAGE_CODE
    if isinstance(page, Page):
        # An alias shares its original's translation key: the group holds the original too.
        group = _translation_group(request, page)
        original = page
        if page.alias_of_id:
            original = next((p for p in group if p.pk == page.alias_of_id), None) or page.alias_of
        # A real translation shows its own language's text: an original, or a page translated
        # field by field (core.translation) whose main text is in its language.
        if structure.view_restrictions():
            public = set(
                Page.objects.filter(pk__in=[p.pk for p in group])
                .public()
                .values_list("pk", flat=True)
            )
            group = [p for p in group if p.pk in public]
        translations = {
            translated.locale.language_code: translated
            for translated, language in zip(group, _content_languages(group), strict=True)
            if language == translated.locale.language_code
        }
        urls = {
            code: _with_page_number(translated.get_full_url(request), request)
            for code, translated in translations.items()
        }
        # A translated page is its own canonical; an untranslated one names its original.
        own = content_language(page) == structure.language_code_of(page.locale_id)
        canonical = _with_page_number((page if own else original).get_full_url(request), request)
    elif request is not None:
        path = request.path
        urls = {
            code: request.build_absolute_uri(translate_url(path, code))
            for code, _name in settings.LANGUAGES
        }
        canonical = request.build_absolute_uri(path)
    else:
        return {"canonical": "", "alternates": []}
    alternates = []
    if len(urls) > 1:
        alternates = [{"code": code, "url": url} for code, url in sorted(urls.items())]
        alternates.append({"code": "x-default", "url": urls.get(default) or alternates[0]["url"]})
    return {"canonical": canonical, "alternates": alternates}


@register.simple_tag(takes_context=True)
def page_content_language(context):
    """The language of the page's own text (an alias shows its original's)."""
    return content_language(context.get("page") if isinstance(context.get("page"), Page) else None)
