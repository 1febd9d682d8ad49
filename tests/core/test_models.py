"""Sectors, services and themes are one kind of vocabulary: a named term with an optional
description, translated per language, filtered on by a slug that is the same in every language
and used once per language."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

import pytest

from directory.models import Sector, Service
from stories.models import Theme

VOCABULARIES = pytest.mark.parametrize("model", [Sector, Service, Theme], ids=lambda m: m.__name__)


def term(model, locale, name="Hosting", slug="hosting", **fields):
    return model.objects.create(name=name, slug=slug, locale=locale, **fields)


@VOCABULARIES
def test_a_term_needs_only_a_name_and_a_slug(model, en):
    new = model(name="Hosting", slug="hosting", locale=en)
    new.full_clean()
    new.save()
    assert str(new) == "Hosting"
    assert new.description == ""


@VOCABULARIES
def test_a_slug_must_be_fit_for_a_filter_url(model, en):
    with pytest.raises(ValidationError) as error:
        model(name="Hosting", slug="web hosting!", locale=en).full_clean()
    assert "slug" in error.value.message_dict


@VOCABULARIES
def test_a_translation_keeps_the_slug_so_filter_links_work_in_every_language(model, en, fr):
    original = term(model, en, description="Servers run by the organisation.")
    french = original.copy_for_translation(fr)
    french.name = "Hébergement"
    french.full_clean()
    french.save()
    assert french.slug == original.slug
    assert french.description == original.description
    with translation.override("fr"):
        assert original.localized.name == "Hébergement"
    with translation.override("en"):
        assert original.localized.name == "Hosting"


@VOCABULARIES
def test_a_slug_is_used_once_per_language(model, en, fr):
    term(model, en)
    duplicate = model(name="Web hosting", slug="hosting", locale=en)
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    term(model, fr, name="Hébergement").full_clean()


@VOCABULARIES
def test_terms_are_listed_alphabetically(model, en):
    for name in ("Training", "Design", "Hosting"):
        term(model, en, name=name, slug=name.lower())
    assert [item.name for item in model.objects.filter(locale=en)] == [
        "Design",
        "Hosting",
        "Training",
    ]
