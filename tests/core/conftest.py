"""Fixtures for the shared base's tests: the two languages the migrations create, no page tree
(core's helpers work on any translatable model; building the site tree would only slow them)."""

from wagtail.models import Locale

import pytest


@pytest.fixture
def en(db):
    return Locale.objects.get(language_code="en")


@pytest.fixture
def fr(db):
    return Locale.objects.get(language_code="fr")
