"""Fixtures shared by every test module."""

from types import SimpleNamespace

import pytest

from directory.seeding import AtlasSeeder


@pytest.fixture
def site_tree(db):
    """The Atlas's page tree in English and French, with vocabularies, and no organisation."""
    seeder = AtlasSeeder(seed=1)
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
