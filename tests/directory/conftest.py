"""Fixtures for the directory's tests: organisations built through Wagtail, seeded atlases.

Building the EN+FR page tree takes a couple of seconds, so modules that only read share one
tree (`atlas`, built once per module inside a transaction that is rolled back afterwards); each
test still runs in its own savepoint, so whatever a test changes is undone after it.
"""

from contextlib import contextmanager
from types import SimpleNamespace

from django.db import transaction

import pytest

from demo.seeding import AtlasSeeder
from directory.factories import OrganisationPageFactory
from directory.models import DirectoryIndexPage, Language, OrganisationPage, Sector, Service


def build_site_tree(seed=1):
    seeder = AtlasSeeder(seed=seed)
    home = seeder.load()
    if home is None:
        seeder.locales()
        seeder.vocabularies()
        home = seeder.site_tree()
    return SimpleNamespace(
        home=home,
        home_fr=home.get_translation(seeder.fr).specific,
        directory=seeder.directory,
        directory_fr=seeder.directory_fr,
        stories=seeder.stories,
        en=seeder.en,
        fr=seeder.fr,
        seeder=seeder,
    )


@contextmanager
def module_data(django_db_blocker):
    """Data that lives for a whole module, then is rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def atlas(django_db_setup, django_db_blocker):
    """The site tree (EN + FR), shared by a module's tests."""
    with module_data(django_db_blocker):
        yield build_site_tree()


def sector(slug, language="en"):
    return Sector.objects.get(slug=slug, locale__language_code=language)


def add_organisation(tree, *, services=(), languages=(), alias=True, **fields):
    """Create and publish an organisation in the English directory the way the admin does.

    `services` are slugs and `languages` ISO codes of the seeded vocabularies. With `alias` the
    page gets its alias in the French directory, as WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE does
    for pages created in the admin.
    """
    fields.setdefault("sector", sector("digital-inclusion"))
    live = fields.pop("live", True)
    # A fresh parent: an instance shared between tests may hold a stale child count.
    directory = DirectoryIndexPage.objects.get(pk=tree.directory.pk)
    page = OrganisationPageFactory(parent=directory, live=live, **fields)
    if services or languages:
        page.services = list(Service.objects.filter(slug__in=services, locale=page.locale))
        page.languages = [Language.objects.get_or_create(code=code)[0] for code in languages]
    # Saving a revision writes the many-to-many relations, then the search index sees them.
    revision = page.save_revision()
    if live:
        revision.publish()
    page = OrganisationPage.objects.get(pk=page.pk)
    if alias:
        page.copy_for_translation(tree.fr, alias=True)
    return page


def seed_organisations(tree, count):
    """Bulk-insert `count` demo organisations (EN + FR aliases) and index them."""
    tree.seeder.organisations(count)
    tree.seeder.index()
    return OrganisationPage.objects.filter(locale=tree.en)
