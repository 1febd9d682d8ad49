"""The directory's organisation cards, rendered once and kept in the shared cache.

Rendering 24 cards (a page URL, a logo's rendition, a country's name, a freshness label each)
was most of a directory page's time once the facet counts were bit operations (issue 16, a
cProfile of page 1 at 10,000 organisations), and fetching their pages a query. A card is the
same for every reader of a language until its organisation changes, so it is kept under a key
naming what it shows: the page, its listing row's stamp (written again on every publish,
unpublish, move or vocabulary change: `directory.listing`), the bulk version (imports, the
seed), the day (the freshness label), the language and the host (the page's URL). A page of
results costs one `get_many`; only the cards missing are fetched (one query) and rendered.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.template import Context
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

CARD_TEMPLATE = "includes/organisation_card.html"
CARD_KEY = "directory:card:{pk}:{stamp}:{bulk}:{day}:{language}:{host}:{heading}"
CARD_TIMEOUT = 24 * 60 * 60


@dataclass(frozen=True)
class Card:
    """An organisation's card in the directory, rendered."""

    pk: int
    title: str
    html: SafeString


def organisation_cards(request, directory_filter, rows, heading_level=3):
    """The cards of these listing rows (`ListedRow`s of `directory_filter`'s listing), in their
    order; a row whose page went meanwhile is left out."""
    if not rows:
        return []
    _version, day, bulk = directory_filter.index.state
    keys = {
        row.pk: CARD_KEY.format(
            pk=row.pk,
            stamp=row.stamp,
            bulk=bulk,
            day=day,
            language=translation.get_language(),
            host=request.get_host(),
            heading=heading_level,
        )
        for row in rows
    }
    found = cache.get_many(list(keys.values()))
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        pages = directory_filter.pages_for_cards(missing)
        template = get_template(CARD_TEMPLATE).template
        rendered = {}
        for pk in missing:
            if pk in pages:
                context = {"organisation": pages[pk], "heading_level": heading_level}
                html = template.render(Context({**context, "request": request}))
                rendered[keys[pk]] = (pages[pk].title, str(html))
        cache.set_many(rendered, CARD_TIMEOUT)
        found.update(rendered)
    return [
        Card(pk, found[key][0], mark_safe(found[key][1]))  # noqa: S308 (our template's output)
        for pk, key in keys.items()
        if key in found
    ]
