"""The open data page of the demo atlas, in English and French (called by `seed_atlas`)."""

from demo.translations import OPEN_DATA_DE
from home.models import HomePage
from opendata.models import OpenDataPage

OPEN_DATA_TEXT = {
    "en": (
        "Open data",
        "open-data",
        "<p>The Atlas is a digital commons: everything it lists is open data that anyone may "
        "download, reuse and share, under the licence below. Partners' open databases feed it; "
        "each source is credited.</p>",
    ),
    "fr": (
        "Données ouvertes",
        "donnees-ouvertes",
        "<p>L’Atlas est un commun numérique : tout ce qu’il recense est en données ouvertes, que "
        "chacun peut télécharger, réutiliser et partager sous la licence ci-dessous. Les bases "
        "ouvertes de nos partenaires l’alimentent ; chaque source est citée.</p>",
    ),
}


OPEN_DATA_TEXT["de"] = OPEN_DATA_DE


def open_data_page(seeder):
    """Create the open data page under the home page, with its French translation, once."""
    home = HomePage.objects.filter(locale=seeder.en).first()
    if home is None:
        return None
    page = OpenDataPage.objects.child_of(home).filter(locale=seeder.en).first()
    if page is None:
        title, slug, intro = OPEN_DATA_TEXT["en"]
        page = OpenDataPage(title=title, slug=slug, intro=intro, show_in_menus=True)
        home.add_child(instance=page)
        page.save_revision().publish()
    for locale in seeder.others:
        if page.get_translation_or_none(locale) is None:
            title, slug, intro = OPEN_DATA_TEXT.get(locale.language_code, OPEN_DATA_TEXT["en"])
            seeder._translate(page, locale, title, slug, intro=intro, show_in_menus=True)
    return page
