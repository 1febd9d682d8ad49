"""The directory's listing and its bitmaps (directory.listing): the same results and counts as
the SQL filters, kept up to date on publish, unpublish, move and delete, in a number of queries
that does not grow with the organisations."""

from django.http import QueryDict

import pytest

from directory.filters import FILTERS, DirectoryFilter
from directory.listing import rebuild_listing, set_bits
from directory.models import DirectoryIndexPage, DirectoryListing, OrganisationPage
from tests.directory.conftest import add_organisation, sector, seed_organisations

pytestmark = pytest.mark.django_db

QUERIES = [
    "",
    "sector=training",
    "country=FR&country=DE&role=support",
    "service=hosting&language=fr&form=association",
    "q=cooperative&country=FR",
    "q=digital&sort=updated",
    "sort=updated&role=tools",
    "q=co",
    "q=zzzznothing",
    "q=%22%22",
]


def sql_and_listing(directory, query):
    params = QueryDict(query)
    by_sql = DirectoryFilter(params, directory.organisations)
    by_listing = DirectoryFilter(params, directory.organisations, listing=directory.pk)
    return by_sql, by_listing


@pytest.mark.parametrize("query", QUERIES)
def test_the_listing_gives_the_results_and_counts_of_the_sql_filters(atlas, query):
    seed_organisations(atlas, 40)
    directory = DirectoryIndexPage.objects.get(pk=atlas.directory.pk)
    by_sql, by_listing = sql_and_listing(directory, query)
    expected = list(by_sql.ordered(by_sql.filtered()).values_list("pk", flat=True))
    results = by_listing.results()
    assert results.count() == len(expected)
    assert [page.pk for page in results[0 : len(expected)]] == expected
    assert [page.pk for page in results[5:9]] == expected[5:9]
    for spec in FILTERS:
        if spec.options is None:
            continue
        filtered = by_sql.filtered(exclude=spec.name)
        for value, count in by_listing._counts(spec.name).items():
            assert count == filtered.filter(by_sql._facet_q(spec.name, [value])).count(), (
                spec.name,
                value,
            )


def test_the_listing_follows_publish_unpublish_move_and_delete(atlas):
    page = add_organisation(atlas, title="Listed Coop", sector=sector("training"))
    row = DirectoryListing.objects.get(page=page)
    assert (row.directory_id, row.sector) == (atlas.directory.pk, "training")
    assert DirectoryListing.objects.filter(page__alias_of=page).count() == 1  # the French alias

    page.title = "Listed Cooperative"
    page.save_revision().publish()
    assert DirectoryListing.objects.get(page=page).title == "Listed Cooperative"

    page.unpublish()
    assert not DirectoryListing.objects.filter(page=page).exists()
    page.save_revision().publish()
    assert DirectoryListing.objects.filter(page=page).exists()

    page = OrganisationPage.objects.get(pk=page.pk)
    page.slug = "listed-cooperative-moved"
    page.save()
    page.move(DirectoryIndexPage.objects.get(pk=atlas.directory_fr.pk), pos="last-child")
    assert DirectoryListing.objects.get(page=page).directory_id == atlas.directory_fr.pk

    page_id = page.pk
    OrganisationPage.objects.get(pk=page_id).delete()
    assert not DirectoryListing.objects.filter(page_id=page_id).exists()


def test_a_new_organisation_shows_in_the_directory_counts_at_once(client, atlas):
    seed_organisations(atlas, 5)
    before = client.get("/en/directory/").context["paginator"].count
    add_organisation(atlas, title="Newcomer", sector=sector("training"))
    response = client.get("/en/directory/?sector=training")
    assert "Newcomer" in [o.title for o in response.context["organisations"]]
    assert client.get("/en/directory/").context["paginator"].count == before + 1


def test_rebuilding_the_listing_gives_the_same_rows(atlas):
    seed_organisations(atlas, 12)
    before = set(DirectoryListing.objects.values_list("page_id", "directory_id", "sector"))
    assert rebuild_listing() == len(before)
    assert set(DirectoryListing.objects.values_list("page_id", "directory_id", "sector")) == before


def test_set_bits_finds_the_ranks_of_a_page_across_chunks():
    bitmap = sum(1 << position for position in range(0, 20000, 3))
    assert set_bits(bitmap, 0, 3) == [0, 3, 6]
    assert set_bits(bitmap, 5000, 2) == [15000, 15003]
    assert set_bits(bitmap, 7000, 5) == []
