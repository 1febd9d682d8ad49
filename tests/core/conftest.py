"""Fixtures for the shared base's tests: the two languages the migrations create, and no
vocabulary (core's helpers work on any translatable model; the tests make their own terms).
"""

from wagtail.models import Locale

import pytest


@pytest.fixture(autouse=True)
def no_vocabularies(request):
    """Without the terms of the run's seeded site tree (tests/conftest.py), in this test's
    transaction only: these tests make their own."""
    if "db" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    from directory.models import Sector, Service

    request.getfixturevalue("db")
    Sector.objects.all().delete()
    Service.objects.all().delete()


@pytest.fixture
def en(db):
    return Locale.objects.get(language_code="en")


@pytest.fixture
def fr(db):
    return Locale.objects.get(language_code="fr")
