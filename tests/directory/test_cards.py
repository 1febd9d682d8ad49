"""The directory's cards are cached HTML (directory.cards): a reader never sees a card older
than the organisation's last publication, nor one rendered for another language."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from directory import cards
from tests.directory.conftest import add_organisation, sector

pytestmark = pytest.mark.django_db


def test_a_card_shows_the_organisation_as_last_published(client, atlas):
    page = add_organisation(atlas, title="Card Coop", summary="A first summary.")
    assert "A first summary." in client.get("/en/directory/").content.decode()

    page.summary = "A second summary."
    page.save_revision().publish()
    body = client.get("/en/directory/").content.decode()
    assert "A second summary." in body
    assert "A first summary." not in body

    page.unpublish()
    assert "Card Coop" not in client.get("/en/directory/").content.decode()


def test_a_card_follows_a_change_of_its_sector(client, atlas):
    add_organisation(atlas, title="Sector Card Coop", sector=sector("training"))
    assert "Sector Card Coop" in client.get("/en/directory/").content.decode()
    training = sector("training")
    training.name = "Training and learning"
    training.save()
    assert "Training and learning" in client.get("/en/directory/").content.decode()


def test_cards_are_rendered_in_the_readers_language(client, atlas):
    add_organisation(atlas, title="Country Card Coop", country="DE")
    assert "Germany" in client.get("/en/directory/").content.decode()
    body = client.get("/fr/annuaire/").content.decode()
    assert "Allemagne" in body
    assert "Germany" not in body


class NoCache:
    """A cache that never has a card."""

    def get_many(self, keys):
        return {}

    def set_many(self, values, timeout=None):
        pass


def test_a_cached_card_spares_the_query_for_its_page(client, atlas, monkeypatch):
    add_organisation(atlas, title="Query Card Coop")
    client.get("/en/directory/")  # the cards cached
    with monkeypatch.context() as patched, CaptureQueriesContext(connection) as missed:
        patched.setattr(cards, "cache", NoCache())
        client.get("/en/directory/")
    with CaptureQueriesContext(connection) as cached:
        client.get("/en/directory/")
    assert len(cached.captured_queries) < len(missed.captured_queries)


def png(name, colour):
    import io

    from django.core.files.images import ImageFile

    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 64), colour).save(buffer, "PNG")
    return ImageFile(io.BytesIO(buffer.getvalue()), name=name)


def test_a_card_follows_its_logo_replaced_or_deleted(client, atlas, settings, tmp_path):
    from wagtail.images import get_image_model

    settings.MEDIA_ROOT = tmp_path
    logo = get_image_model().objects.create(title="Logo", file=png("first-logo.png", (1, 2, 3)))
    add_organisation(atlas, title="Logo Card Coop", logo=logo)
    assert "first-logo" in client.get("/en/directory/").content.decode()

    # As the admin's image edit view does when a new file is uploaded: renditions deleted.
    logo.renditions.all().delete()
    logo.file = png("second-logo.png", (4, 5, 6))
    logo.save()
    body = client.get("/en/directory/").content.decode()
    assert "second-logo" in body
    assert "first-logo" not in body

    logo.delete()
    body = client.get("/en/directory/").content.decode()
    assert "Logo Card Coop" in body
    assert "second-logo" not in body
