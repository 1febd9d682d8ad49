"""Fixtures for the open data tests: the site tree with its open data page, organisations."""

import pytest

from demo.open_data import open_data_page
from directory.factories import OrganisationPageFactory
from directory.models import Language, OrganisationPage, Sector, Service


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


PARTNER_COLUMNS = [
    ("ID", "source_record_id"),
    ("Nom", "name"),
    ("Présentation", "summary"),
    ("Site", "website"),
    ("Courriel", "email"),
    ("Téléphone", "phone"),
    ("Ville", "city"),
    ("Pays", "country"),
    ("Lat", "latitude"),
    ("Lon", "longitude"),
    ("Secteur", "sector"),
    ("Forme", "legal_form"),
    ("Contact", "contact_name"),
]
PARTNER_VALUES = [
    ("legal_form", "Coopérative", "cooperative"),
    ("legal_form", "Association loi 1901", "association"),
    ("sector", "Numérique solidaire", "digital-inclusion"),
    ("supports_transition", "", "true"),
    ("country", "", "FR"),
]
PARTNER_HEADER = (
    "ID;Nom;Présentation;Site;Courriel;Téléphone;Ville;Pays;Lat;Lon;Secteur;Forme;Contact"
)


@pytest.fixture
def partner(atlas):
    """A partner's source with a French column mapping, publishing at once."""
    from opendata.models import DataSource, FieldMapping, ValueMapping

    source = DataSource.objects.create(
        name="Réseau Partenaire",
        licence="CC BY 4.0",
        attribution="© Réseau Partenaire",
        default_mode="publish",
    )
    for order, (column, atlas_field) in enumerate(PARTNER_COLUMNS):
        FieldMapping.objects.create(
            source=source, column=column, atlas_field=atlas_field, sort_order=order
        )
    for order, (atlas_field, source_value, atlas_value) in enumerate(PARTNER_VALUES):
        ValueMapping.objects.create(
            source=source,
            atlas_field=atlas_field,
            source_value=source_value,
            atlas_value=atlas_value,
            sort_order=order,
        )
    return source


@pytest.fixture
def atlas_source(atlas):
    """A source that uses the Atlas's own export format (no mapping)."""
    from opendata.models import DataSource

    return DataSource.objects.create(name="Atlas", licence="ODbL 1.0", default_mode="publish")


def partner_csv(*rows, header=PARTNER_HEADER, encoding="utf-8"):
    return ("\n".join([header, *rows]) + "\n").encode(encoding)


def run_import(source, content, filename="partner.csv", dry_run=False):
    from opendata.imports.importer import Importer

    return Importer(source, content, filename=filename).run(dry_run=dry_run)


def by_name(report):
    return {row.name: row for row in report.rows}
