"""The small tables every public page reads and that seldom change — locales, view restrictions,
site settings, the navigation — kept in each process's memory and checked against one version
in the shared cache (Redis or the file cache), so that a change made in any process (a publish
in the admin, a settings edit, an import in the worker) is seen by every process at once.

Without it a profile page asked the database for the same locale five times, for every view
restriction of the site three times (Wagtail's `PageQuerySet.public()` and the page's own check
read the whole table each time) and for the site's settings on every request: a third of its
queries. `invalidate()` is called on every save or delete of those tables and on every publish,
unpublish, move or delete of a page (`core.signals`).

Wagtail's `LocaleManager.get_for_language`, `PageQuerySet.private_q` and
`Page.get_view_restrictions` are wrapped (`install()`, from `CoreConfig.ready`) rather than
re-implemented in every caller: Wagtail itself calls them while routing and serving. The
wrappers give the same answers: with no view restriction on the site (the common case) a page
has none to check; otherwise Wagtail's own code runs.
"""

import uuid

from django.core.cache import cache

VERSION_KEY = "core:structure:version"
_memo = {"version": None, "values": {}}
_MISSING = object()


def version():
    current = cache.get(VERSION_KEY)
    if current is None:
        current = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, current, None):
            current = cache.get(VERSION_KEY, current)
    return current


def invalidate(**kwargs):
    """Everything memoised here is out of date, in every process."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    clear()


def clear():
    """Forget this process's copies (tests call it: a rolled-back transaction sends no signal)."""
    _memo["version"] = None
    _memo["values"] = {}


def memo(key, build):
    """The value of `build()` for `key`, computed once per process and version."""
    current = version()
    if _memo["version"] != current:
        _memo["version"] = current
        _memo["values"] = {}
    value = _memo["values"].get(key, _MISSING)
    if value is _MISSING:
        value = _memo["values"][key] = build()
    return value


def locale_for(language_code):
    """The Locale of a language code, or None."""
    from wagtail.models import Locale

    def build():
        return Locale.objects.filter(language_code=language_code).first()

    return memo(("locale", language_code), build)


def language_code_of(locale_id):
    """The language code of a locale id ('en'), without fetching the page's locale."""
    from wagtail.models import Locale

    codes = memo(("locale-codes",), lambda: dict(Locale.objects.values_list("pk", "language_code")))
    return codes.get(locale_id)


def view_restrictions():
    """Every view restriction of the site, with its page (usually none)."""
    from wagtail.models import PageViewRestriction

    return memo(
        ("view-restrictions",),
        lambda: list(PageViewRestriction.objects.select_related("page").order_by("pk")),
    )


def install():
    """Route Wagtail's lookups of locales and view restrictions through the memo."""
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page, PageViewRestriction
    from wagtail.models.i18n import LocaleManager
    from wagtail.query import PageQuerySet

    if getattr(LocaleManager, "_atlas_memoised", False):
        return

    def get_for_language(self, language_code):
        code = get_supported_content_language_variant(language_code)
        locale = locale_for(code)
        if locale is None:
            raise Locale.DoesNotExist(f"No locale for {code!r}")
        return locale

    def private_q(self):
        from django.db.models import Q

        q = Q()
        for restriction in view_restrictions():
            q |= self.descendant_of_q(restriction.page, inclusive=True)
        return q if q else Q(pk__in=[])

    original_get_view_restrictions = Page.get_view_restrictions

    def get_view_restrictions(self):
        if not view_restrictions():
            return PageViewRestriction.objects.none()
        return original_get_view_restrictions(self)

    LocaleManager.get_for_language = get_for_language
    LocaleManager._atlas_memoised = True
    PageQuerySet.private_q = private_q
    Page.get_view_restrictions = get_view_restrictions


class MemoisedSiteSetting:
    """A site setting (`BaseSiteSetting`) read from the memo: the footer and the map's tiles are
    on every page. Put before `BaseSiteSetting` in the bases."""

    @classmethod
    def for_site(cls, site):
        parent = super()

        def build():
            return parent.for_site(site)

        return memo(("setting", cls._meta.label, getattr(site, "pk", None)), build)
