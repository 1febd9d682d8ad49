"""The open data page of the demo atlas, in English and French (called by `seed_atlas`)."""

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
    if page.get_translation_or_none(seeder.fr) is None:
        title, slug, intro = OPEN_DATA_TEXT["fr"]
        seeder._translate(page, seeder.fr, title, slug, intro=intro, show_in_menus=True)
    return page
