"""Fixtures for the open data tests: the site tree with its open data page, organisations."""

import pytest

from directory.factories import OrganisationPageFactory
from directory.models import Language, OrganisationPage, Sector, Service
from opendata.seeding import open_data_page


def make_organisation(site_tree, *, services=(), languages=(), publish=True, **fields):
    """An organisation created the way the admin does, with its French alias."""
    fields.setdefault("sector", Sector.objects.get(slug="digital-inclusion", locale=site_tree.en))
    page = OrganisationPageFactory(parent=site_tree.directory, **fields)
    if services:
        page.services = list(Service.objects.filter(slug__in=services, locale=site_tree.en))
    if languages:
        page.languages = [Language.objects.get_or_create(code=code)[0] for code in languages]
    if publish:
        page.save_revision().publish()
    else:
        page.live = False
        page.save_revision()
        page.save()
    page = OrganisationPage.objects.get(pk=page.pk)
    page.copy_for_translation(site_tree.fr, alias=True)
    return page


@pytest.fixture
def atlas(site_tree):
    """The EN + FR site tree with the open data page."""
    site_tree.open_data = open_data_page(site_tree.seeder)
    return site_tree


@pytest.fixture
def add_org(atlas):
    def make(**fields):
        return make_organisation(atlas, **fields)

    return make
