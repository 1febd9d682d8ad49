"""`manage.py seed_atlas --if-empty` on a database that has no atlas yet."""

import pytest

from tests.demo.test_seed_atlas import english, seed

pytestmark = pytest.mark.django_db


def test_if_empty_seeds_an_empty_database(db):
    output = seed("--organisations", "3", "--if-empty")
    assert "Demo atlas ready: 3 organisations created" in output
    assert english().count() == 3
