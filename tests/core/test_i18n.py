"""Objects in the reader's language: a translated term reads in French on French pages, an
untranslated one keeps its original, and the cost does not grow with the number of objects."""

from django.utils import translation

import pytest

from core.i18n import localize_all, localized_by_slug
from directory.factories import SectorFactory
from directory.models import Sector


@pytest.fixture
def sectors(en, fr):
    """Hosting and training translated into French; design in English only."""
    hosting = SectorFactory(name="Hosting", slug="hosting", locale=en)
    training = SectorFactory(name="Training", slug="training", locale=en)
    design = SectorFactory(name="Design", slug="design", locale=en)
    for original, name in ((hosting, "Hébergement"), (training, "Formation")):
        SectorFactory(
            name=name, slug=original.slug, locale=fr, translation_key=original.translation_key
        )
    return [hosting, training, design]


def names(items):
    return [item.name for item in items]


def test_localize_all_gives_french_terms_to_a_french_reader(sectors):
    with translation.override("fr"):
        assert names(localize_all(sectors)) == ["Hébergement", "Formation", "Design"]


def test_localize_all_keeps_the_originals_for_an_english_reader(sectors):
    with translation.override("en"):
        assert localize_all(sectors) == sectors


def test_localize_all_looks_up_every_translation_at_once_then_remembers(
    sectors, django_assert_num_queries
):
    # One query for the reader's locale, one for the vocabulary's translations; then none until
    # a term is saved (core.structure).
    with translation.override("fr"), django_assert_num_queries(2):
        localize_all(sectors)
    with translation.override("fr"), django_assert_num_queries(0):
        assert localize_all(sectors[:1])[0].name == "Hébergement"
    hosting_fr = Sector.objects.get(slug="hosting", locale__language_code="fr")
    hosting_fr.name = "Hébergement web"
    hosting_fr.save()
    with translation.override("fr"):
        assert localize_all(sectors[:1])[0].name == "Hébergement web"


def test_localize_all_of_nothing_costs_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert localize_all(iter(())) == []


def test_localized_by_slug_keys_french_terms_by_their_shared_slug(sectors):
    with translation.override("fr"):
        by_slug = localized_by_slug(Sector)
    assert {slug: term.name for slug, term in by_slug.items()} == {
        "hosting": "Hébergement",
        "training": "Formation",
        "design": "Design",
    }


def test_localized_by_slug_gives_an_english_reader_the_originals(sectors):
    with translation.override("en"):
        assert localized_by_slug(Sector) == {sector.slug: sector for sector in sectors}


def test_localized_by_slug_reads_the_whole_vocabulary_in_one_query(
    sectors, django_assert_num_queries
):
    with translation.override("fr"), django_assert_num_queries(1):
        localized_by_slug(Sector)


def test_localized_by_slug_keeps_to_the_queryset_it_is_given(sectors):
    with translation.override("fr"):
        by_slug = localized_by_slug(Sector, Sector.objects.exclude(slug="training"))
    assert names(by_slug.values()) == ["Hébergement", "Design"]
