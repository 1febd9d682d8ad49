"""Factories for the directory, shared by the tests (and mirroring the demo data)."""

from wagtail.models import Locale

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from directory.models import DirectoryIndexPage, OrganisationPage, Sector, Service


class SectorFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Sector {n}")
    slug = factory.Sequence(lambda n: f"sector-{n}")
    colour = "#0b6e4f"
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Sector


class ServiceFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Service


class DirectoryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Directory"
    slug = "directory"

    class Meta:
        model = DirectoryIndexPage


class OrganisationPageFactory(wagtail_factories.PageFactory):
    """A live organisation: pass `parent=` (a directory) and, for the map, `location=(lat, lng)`."""

    title = factory.Sequence(lambda n: f"Organisation {n}")
    summary = factory.LazyAttribute(lambda o: f"{o.title} helps associations with open tools.")
    sector = factory.SubFactory(SectorFactory)
    legal_form = "cooperative"
    country = "FR"
    city = "Lyon"
    supports_transition = True
    provides_tools = False

    class Meta:
        model = OrganisationPage

    @classmethod
    def _create(cls, model_class, *args, location=None, **kwargs):
        instance = super()._create(model_class, *args, **kwargs)
        if location is not None:
            instance.set_location(*location)
            instance.save()
        return instance
