"""Build the demo atlas: locales, vocabularies, the site tree and N organisations.

Idempotent (running it twice changes nothing; a larger N only adds what is missing) and
deterministic (the same seed builds the same atlas). Organisations are inserted in bulk, with
their tree paths computed the way treebeard does, because creating 10,000 pages one by one
through `add_child` takes far longer than the five minutes the demo may take.
"""

import random

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from wagtail.models import Locale, Page, Site

from core.slugs import available_slug, slug_from_title
from demo import organisations as demo_data
from demo import translations as demo_translations
from directory.bulk import insert_organisation_pages, show_translations
from directory.indexing import index_organisations
from directory.models import (
    DirectoryIndexPage,
    Language,
    MapPage,
    OrganisationPage,
    OrganisationTranslation,
    Sector,
    Service,
)
from home.models import HomePage
from moderation.roles import setup_moderation
from stories.models import StoryIndexPage

BATCH_SIZE = 500

SITE_TEXT = {
    "en": {
        "home": (
            "Social Tech Atlas",
            "Technology that serves the social economy",
            "A free, open map and directory of the cooperatives, associations and social "
            "enterprises across Europe that help the social and solidarity economy through "
            "its digital transition, or offer open, alternative digital tools.",
        ),
        "directory": (
            "Directory",
            "directory",
            "<p>Every organisation on the Atlas. Search by name, city or service, and "
            "combine the filters to find a partner near you.</p>",
        ),
        "map": (
            "Map",
            "map",
            "<p>Every organisation with premises is a dot, coloured by its sector. Filter the map "
            "like the directory, and share what you see: the address keeps your filters.</p>",
        ),
        "stories": (
            "Stories",
            "stories",
            "<p>Interviews with partners, policy news and notes from the Atlas team.</p>",
        ),
    },
    "fr": {
        "home": (
            "Atlas de la tech sociale",
            "La technologie au service de l’économie sociale",
            "Une carte et un annuaire libres et ouverts des coopératives, associations et "
            "entreprises sociales d’Europe qui accompagnent l’économie sociale et solidaire "
            "dans sa transition numérique ou proposent des outils numériques ouverts et "
            "alternatifs.",
        ),
        "directory": (
            "Annuaire",
            "annuaire",
            "<p>Toutes les organisations de l’Atlas. Cherchez par nom, ville ou service, "
            "et combinez les filtres pour trouver un partenaire près de chez vous.</p>",
        ),
        "map": (
            "Carte",
            "carte",
            "<p>Chaque organisation qui a des locaux est un point, coloré selon son secteur. "
            "Filtrez la carte comme l’annuaire et partagez ce que vous voyez : l’adresse garde "
            "vos filtres.</p>",
        ),
        "stories": (
            "Récits",
            "recits",
            "<p>Entretiens avec nos partenaires, actualités des politiques publiques et "
            "nouvelles de l’équipe de l’Atlas.</p>",
        ),
    },
}


class AtlasSeeder:
    def __init__(self, seed=1, stdout=None):
        self.seed = seed
        self.stdout = stdout

    def log(self, message):
        if self.stdout:
            self.stdout.write(message)

    # --- Locales and vocabularies ---
    def locales(self):
        """English (the demo's original language), French, and every other language of the
        settings (German): each gets its tree of aliases."""
        self.en, _ = Locale.objects.get_or_create(language_code="en")
        self.fr, _ = Locale.objects.get_or_create(language_code="fr")
        self.others = [self.fr]
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            if code not in ("en", "fr"):
                self.others.append(Locale.objects.get_or_create(language_code=code)[0])

    def _vocabulary(self, model, rows):
        for slug, name_en, name_fr, *rest in rows:
            extra = {}
            if model is Sector:
                colour, description = rest
                extra = {"colour": colour, "description": description}
            original, _ = model.objects.update_or_create(
                slug=slug, locale=self.en, defaults={"name": name_en, **extra}
            )
            model.objects.update_or_create(
                slug=slug,
                locale=self.fr,
                defaults={"name": name_fr, "translation_key": original.translation_key, **extra},
            )
            german = {
                Sector: demo_translations.SECTOR_NAMES_DE,
                Service: demo_translations.SERVICE_NAMES_DE,
            }
            for locale in self.others[1:]:
                name = german[model].get(slug, name_en) if locale.language_code == "de" else name_en
                model.objects.update_or_create(
                    slug=slug,
                    locale=locale,
                    defaults={"name": name, "translation_key": original.translation_key, **extra},
                )

    def vocabularies(self):
        self._vocabulary(Sector, demo_data.SECTORS)
        self._vocabulary(Service, demo_data.SERVICES)
        for code in {code for country in demo_data.COUNTRIES.values() for code in country[0]}:
            Language.objects.get_or_create(code=code)

    # --- Site tree ---
    def load(self):
        """The locales and site tree seeded before, read without writing anything (the test
        suite seeds once per run): the English home page, or None when there is no tree."""
        codes = ["en", "fr"] + [
            code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES if code not in ("en", "fr")
        ]
        locales = {locale.language_code: locale for locale in Locale.objects.all()}
        home = HomePage.objects.filter(locale__language_code="en").first()
        if home is None or not Sector.objects.exists() or any(c not in locales for c in codes):
            return None
        self.en, self.fr = locales["en"], locales["fr"]
        self.others = [locales[code] for code in codes[1:]]
        sections = {}
        for key, model in (
            ("directory", DirectoryIndexPage),
            ("map", MapPage),
            ("stories", StoryIndexPage),
        ):
            pages = {page.locale_id: page for page in model.objects.child_of(home)}
            pages.update(
                (page.locale_id, page)
                for page in model.objects.filter(
                    translation_key__in=[page.translation_key for page in pages.values()]
                )
            )
            if any(locale.pk not in pages for locale in [self.en, *self.others]):
                return None
            sections[key] = pages
        self.directory = sections["directory"][self.en.pk]
        self.directories = {
            locale.language_code: sections["directory"][locale.pk] for locale in self.others
        }
        self.directory_fr = self.directories["fr"]
        self.map = sections["map"][self.en.pk]
        self.stories = sections["stories"][self.en.pk]
        return home

    def _translate(self, page, locale, title, slug, **fields):
        translation = page.get_translation_or_none(locale)
        if translation is None:
            translation = page.copy_for_translation(locale)
        translation = translation.specific
        translation.title = translation.draft_title = title
        translation.slug = slug
        for name, value in fields.items():
            setattr(translation, name, value)
        translation.save_revision().publish()
        return translation

    def site_tree(self):
        root = Page.get_first_root_node()
        en_text, fr_text = SITE_TEXT["en"], SITE_TEXT["fr"]
        home = HomePage.objects.filter(locale=self.en).first()
        if home is None:
            # Replace Wagtail's default "Welcome" page.
            Page.objects.filter(
                depth=2, content_type=ContentType.objects.get_for_model(Page)
            ).delete()
            title, hero, text = en_text["home"]
            home = HomePage(
                title=title, slug="home", hero_title=hero, hero_text=text, locale=self.en
            )
            root.add_child(instance=home)
            home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname=settings.SITE_HOSTNAME,
                port=settings.SITE_PORT,
                root_page=home,
                is_default_site=True,
                site_name="Social Tech Atlas",
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.save()
        title, hero, text = fr_text["home"]
        home_fr = home.get_translation_or_none(self.fr)
        if home_fr is None:
            home_fr = self._translate(
                home, self.fr, title, "home-fr", hero_title=hero, hero_text=text
            )

        for locale in self.others[1:]:
            if home.get_translation_or_none(locale) is None:
                title, hero, text = self._site_text(locale, "home")
                self._translate(
                    home,
                    locale,
                    title,
                    f"home-{locale.language_code}",
                    hero_title=hero,
                    hero_text=text,
                )

        self.directory = self._section(home, DirectoryIndexPage, "directory")
        self.directories = {
            locale.language_code: self.directory.get_translation(locale).specific
            for locale in self.others
        }
        self.directory_fr = self.directories["fr"]
        self.map = self._section(home, MapPage, "map")
        self.stories = self._section(home, StoryIndexPage, "stories")
        return home

    def _section(self, home, model, key):
        title, slug, intro = SITE_TEXT["en"][key]
        page = model.objects.child_of(home).filter(locale=self.en).first()
        if page is None:
            page = model(title=title, slug=slug, intro=intro, show_in_menus=True)
            home.add_child(instance=page)
            page.save_revision().publish()
        for locale in self.others:
            if page.get_translation_or_none(locale) is None:
                title, slug, intro = self._site_text(locale, key)
                self._translate(page, locale, title, slug, intro=intro, show_in_menus=True)
        return page

    def _site_text(self, locale, key):
        if locale.language_code == "de":
            return demo_translations.SITE_TEXT_DE[key]
        return SITE_TEXT.get(locale.language_code, SITE_TEXT["en"])[key]

    # --- Organisations ---
    def organisations(self, count):
        directory = DirectoryIndexPage.objects.get(pk=self.directory.pk)
        existing_ids = set(
            OrganisationPage.objects.filter(
                locale=self.en, data_source=demo_data.DEMO_SOURCE
            ).values_list("source_record_id", flat=True)
        )
        sectors = {s.slug: s for s in Sector.objects.filter(locale=self.en)}
        services = {s.slug: s for s in Service.objects.filter(locale=self.en)}
        languages = {lang.code: lang for lang in Language.objects.all()}
        sector_slugs = [row[0] for row in demo_data.SECTORS]
        service_slugs = [row[0] for row in demo_data.SERVICES]
        used_slugs = set(
            OrganisationPage.objects.child_of(directory).values_list("slug", flat=True)
        )

        rng = random.Random(self.seed)
        rows = []
        for index in range(count):
            # Draw every row, even existing ones, so row i is the same whatever N was before.
            data = demo_data.organisation_data(rng, index, sector_slugs, service_slugs)
            if data["source_record_id"] in existing_ids:
                continue
            data["slug"] = available_slug(slug_from_title(data["title"]), used_slugs)
            data["index"] = index
            rows.append(data)

        created = 0
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start : start + BATCH_SIZE]
            with transaction.atomic():
                originals = insert_organisation_pages(
                    directory, batch, self.en, sectors, services, languages
                )
                for locale in self.others:
                    insert_organisation_pages(
                        DirectoryIndexPage.objects.get(
                            pk=self.directories[locale.language_code].pk
                        ),
                        batch,
                        locale,
                        sectors,
                        services,
                        languages,
                        alias_of=originals,
                    )
                self._translations(batch, originals)
            directory.refresh_from_db()
            created += len(batch)
            self.log(f"  {created}/{len(rows)} organisations")
        return created

    def _translations(self, rows, originals):
        """Real French and German texts for a share of the organisations (others stay
        untranslated), a few of them older than their original ("needs update")."""
        translations = []
        codes = {locale.language_code for locale in self.others}
        for data, page in zip(rows, originals, strict=True):
            for language in demo_translations.translation_languages(data["index"]):
                if language not in codes:
                    continue
                row = OrganisationTranslation(
                    page=page,
                    language=language,
                    **demo_translations.organisation_text(data["text_choices"], language),
                )
                row.stamp(OrganisationPage.translated_fields, page)
                if demo_translations.is_behind_original(data["index"]):
                    row.source_fingerprints = {**row.source_fingerprints, "summary": "earlier"}
                translations.append(row)
        OrganisationTranslation.objects.bulk_create(translations)
        show_translations([page.pk for page in originals])

    def index(self):
        """Rebuild the search index for organisations (bulk inserts bypass the signals), the way
        an import does: on PostgreSQL the French aliases' entries are copies of the originals'."""

        ids = list(OrganisationPage.objects.order_by("pk").values_list("pk", flat=True))
        index_organisations.call(ids)
        self.log(f"  indexed {len(ids)} organisation pages")

    def run(self, organisations):
        with transaction.atomic():
            self.locales()
            self.vocabularies()
            self.site_tree()
            from demo.open_data import open_data_page

            open_data_page(self)
            # Moderators' rights and the Profile review workflow hang on the directory pages.

            setup_moderation()
        created = self.organisations(organisations)
        if created:
            self.index()
            self.analyze()
        # Demo stories (English and French) linked to the organisations just seeded.
        from demo.stories import seed_stories

        seed_stories(stdout=self.stdout)
        return created

    def analyze(self):
        """Refresh the planner's statistics after a bulk insert.

        Without them SQLite joins the full-text index in the wrong order and a directory
        search over 10,000 organisations takes seconds instead of milliseconds.
        """
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
