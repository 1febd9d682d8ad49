"""The page cache (atlas_site.page_cache): anonymous readers' pages are served from the cache
and purged precisely; logged-in users and forms never get a stored page."""

import pytest

from directory.models import OrganisationPage, Sector
from tests.directory.conftest import add_organisation, sector

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.ATLAS_PAGE_CACHE = True
    from django.core.cache import cache

    cache.clear()


def state(response):
    return response.headers.get("X-Page-Cache")


def test_an_anonymous_reader_gets_the_stored_page_the_second_time(client, atlas):
    add_organisation(atlas, title="Cached Coop")
    first = client.get("/en/directory/")
    second = client.get("/en/directory/")
    assert (state(first), state(second)) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_languages_do_not_mix(client, atlas):
    add_organisation(atlas, title="Cached Coop")
    english = client.get("/en/directory/")
    french = client.get("/fr/annuaire/")
    assert state(french) == "miss"
    assert b'lang="fr"' in french.content and b'lang="en"' in english.content
    assert state(client.get("/fr/annuaire/")) == "hit"


def test_publishing_an_organisation_purges_the_directory_but_not_other_profiles(client, atlas):
    first = add_organisation(atlas, title="First Coop")
    other = add_organisation(atlas, title="Other Coop")
    for url in ("/en/directory/", first.url, other.url, "/en/"):
        client.get(url)
    assert state(client.get(first.url)) == "hit"

    page = OrganisationPage.objects.get(pk=first.pk)
    page.title = "First Cooperative"
    page.save_revision().publish()

    directory = client.get("/en/directory/")
    assert state(directory) == "miss" and "First Cooperative" in directory.content.decode()
    assert state(client.get(first.url)) == "miss"
    assert state(client.get("/en/")) == "miss"  # its live figures
    assert state(client.get(other.url)) == "hit"  # nothing of it changed


def test_unpublishing_removes_the_organisation_from_the_stored_directory(client, atlas):
    page = add_organisation(atlas, title="Leaving Coop")
    assert "Leaving Coop" in client.get("/en/directory/").content.decode()
    OrganisationPage.objects.get(pk=page.pk).unpublish()
    response = client.get("/en/directory/")
    assert state(response) == "miss" and "Leaving Coop" not in response.content.decode()


def test_renaming_a_sector_purges_every_page(client, atlas):
    page = add_organisation(atlas, title="Sector Coop", sector=sector("training"))
    client.get(page.url)
    training = Sector.objects.get(pk=page.sector_id)
    training.name = "Training and skills"
    training.save()
    response = client.get(page.url)
    assert state(response) == "miss" and "Training and skills" in response.content.decode()


def test_logged_in_users_never_get_or_leave_a_stored_page(client, admin_user, atlas):
    add_organisation(atlas, title="Cached Coop")
    client.get("/en/directory/")  # stored for anonymous readers
    client.force_login(admin_user)
    response = client.get("/en/directory/")
    assert state(response) is None
    client.logout()
    assert state(client.get("/en/directory/")) == "hit"


def test_a_page_with_a_posting_form_is_never_stored(client, atlas):
    page = add_organisation(atlas, title="Claimable Coop")
    url = f"/en/claim/{page.pk}/"
    first = client.get(url)
    assert first.status_code == 200 and b"csrfmiddlewaretoken" in first.content
    assert state(first) is None and state(client.get(url)) is None


def test_replacing_an_image_s_file_purges_the_pages_showing_it(client, atlas, settings, tmp_path):
    from wagtail.images import get_image_model

    from tests.directory.test_cards import png

    settings.MEDIA_ROOT = tmp_path
    logo = get_image_model().objects.create(title="Logo", file=png("old-logo.png", (1, 2, 3)))
    page = add_organisation(atlas, title="Pictured Coop", logo=logo)
    client.get(page.url)
    assert state(client.get(page.url)) == "hit"
    logo.get_file_size()  # Wagtail's own bookkeeping writes: nothing a reader sees
    assert state(client.get(page.url)) == "hit"

    logo.renditions.all().delete()  # as the admin does when a new file is uploaded
    logo.file = png("new-logo.png", (4, 5, 6))
    logo.save()
    profile = client.get(page.url)
    assert state(profile) == "miss"
    assert "new-logo" in profile.content.decode()
