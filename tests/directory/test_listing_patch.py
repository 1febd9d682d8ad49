"""The directory's bitmaps follow a change by a patch, not a build (directory.listing): after a
publish, rename, edit, unpublish, delete, move or vocabulary change, the patched bitmaps are
exactly those a build from scratch gives, and the directory shows what plain querysets give
(searches included: the words' bitmaps are patched too)."""

import datetime

from django.http import QueryDict
from django.utils import timezone

import pytest

from directory import freshness, listing
from directory.filters import FILTERS, DirectoryFilter
from directory.listing import ListingIndex, index_for
from directory.models import DirectoryIndexPage, DirectoryListing, OrganisationPage, Service
from tests.directory.conftest import add_organisation, sector, seed_organisations

pytestmark = pytest.mark.django_db

BUILD = ListingIndex.build.__func__  # not counted by `builds`
QUERIES = [
    "",
    "sector=training",
    "country=FR&country=DE&role=support",
    "service=hosting&language=fr&form=association",
    "q=cooperative&country=FR",
    "sort=updated&role=tools",
    "q=co",
    "q=aardvark",
    "q=renamed+cooperative",
]


@pytest.fixture
def builds(monkeypatch):
    """The number of bitmap builds from scratch since the fixture started."""
    calls = []

    def counted(cls, *args, **kwargs):
        calls.append(args[0])
        return BUILD(cls, *args, **kwargs)

    monkeypatch.setattr(ListingIndex, "build", classmethod(counted))
    return calls


def directory_of(atlas):
    return DirectoryIndexPage.objects.get(pk=atlas.directory.pk)


def assert_same_as_a_build(directory_id):
    index = index_for(directory_id, FILTERS)
    built = BUILD(ListingIndex, directory_id, FILTERS, index.state)
    assert list(index.ids) == list(built.ids)
    assert list(index.stamps) == list(built.stamps)
    assert list(index.by_updated) == list(built.by_updated)
    assert index.bitmaps == built.bitmaps


def assert_same_as_querysets(directory):
    for query in QUERIES:
        params = QueryDict(query)
        by_sql = DirectoryFilter(params, directory.organisations)
        by_listing = DirectoryFilter(params, directory.organisations, listing=directory.pk)
        expected = list(by_sql.ordered(by_sql.filtered()).values_list("pk", flat=True))
        results = by_listing.results()
        assert results.count() == len(expected), query
        assert [page.pk for page in results[0 : len(expected)]] == expected, query
        for spec in FILTERS:
            if spec.options is None:
                continue
            filtered = by_sql.filtered(exclude=spec.name)
            for value, count in by_listing._counts(spec.name).items():
                assert count == filtered.filter(by_sql._facet_q(spec.name, [value])).count()


def _publish_new(atlas, pages):
    add_organisation(
        atlas, title="Aardvark Commons", sector=sector("training"), services=["hosting"]
    )


def _rename(atlas, pages):
    # From near the start of the alphabet to the end: its position and its neighbours' move.
    page = pages.order_by("title").first().specific
    page.title = "Zzz Renamed Cooperative"
    page.save_revision().publish()


def _edit_facets(atlas, pages):
    page = pages.order_by("title")[3].specific
    page.sector = sector("training")
    page.country = "LU"
    page.supports_transition = not page.supports_transition
    page.services = list(Service.objects.filter(slug="hosting", locale=page.locale))
    page.save_revision().publish()


def _unpublish(atlas, pages):
    pages.order_by("title")[5].specific.unpublish()


def _delete(atlas, pages):
    pages.order_by("-title").first().delete()


def _move(atlas, pages):
    page = pages.order_by("title")[2].specific
    page.slug = f"{page.slug}-moved"
    page.save()
    page.move(DirectoryIndexPage.objects.get(pk=atlas.directory_fr.pk), pos="last-child")


def _vocabulary(atlas, pages):
    service = Service.objects.get(slug="hosting", locale=atlas.en)
    service.slug = "web-hosting"
    service.save()


@pytest.mark.parametrize(
    "change", [_publish_new, _rename, _edit_facets, _unpublish, _delete, _move, _vocabulary]
)
def test_a_change_patches_the_bitmaps_into_what_a_build_gives(atlas, builds, change):
    seed_organisations(atlas, 30)
    directory = directory_of(atlas)
    index_for(directory.pk, FILTERS)
    index_for(atlas.directory_fr.pk, FILTERS)
    assert_same_as_querysets(directory)  # and its search words' bitmaps, carried by the patch
    builds.clear()

    change(atlas, OrganisationPage.objects.child_of(directory).live())

    assert_same_as_a_build(directory.pk)
    assert_same_as_a_build(atlas.directory_fr.pk)
    assert builds == []  # patched, both directories
    assert_same_as_querysets(directory_of(atlas))


def test_another_process_loads_the_patched_bitmaps_instead_of_building(atlas, builds):
    seed_organisations(atlas, 12)
    directory = directory_of(atlas)
    index_for(directory.pk, FILTERS)
    _rename(atlas, OrganisationPage.objects.child_of(directory).live())
    patched = index_for(directory.pk, FILTERS)
    listing.clear_memo()  # as a second process would start
    builds.clear()

    loaded = index_for(directory.pk, FILTERS)
    assert builds == []
    assert (list(loaded.ids), loaded.bitmaps) == (list(patched.ids), patched.bitmaps)


def test_many_changes_at_once_rebuild_the_bitmaps(atlas, builds, monkeypatch):
    seed_organisations(atlas, 12)
    directory = directory_of(atlas)
    index_for(directory.pk, FILTERS)
    builds.clear()
    monkeypatch.setattr(listing, "PATCH_LIMIT", 2)

    listing.rebuild_listing()  # every row written again, as after an import

    assert_same_as_a_build(directory.pk)
    assert builds == [directory.pk]
    assert_same_as_querysets(directory)


def test_the_rows_written_in_sql_are_those_of_the_pages(atlas):
    page = add_organisation(
        atlas,
        title="Rows In SQL",
        sector=sector("training"),
        country="FR",
        services=["training", "hosting"],
        languages=["fr", "de"],
    )
    row = DirectoryListing.objects.get(page=page)
    assert (row.directory_id, row.title, row.sector, row.country) == (
        atlas.directory.pk,
        "Rows In SQL",
        "training",
        "FR",
    )
    assert (row.services, row.languages) == ("hosting training", "de fr")
    assert row.last_published_at == OrganisationPage.objects.get(pk=page.pk).last_published_at


def test_a_new_day_computes_the_freshness_facet_again_without_a_build(atlas, builds, monkeypatch):
    seed_organisations(atlas, 20)
    directory = directory_of(atlas)
    before = index_for(directory.pk, FILTERS).bitmaps[freshness.PARAM]
    builds.clear()
    later = timezone.localdate() + datetime.timedelta(days=400)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)

    assert_same_as_a_build(directory.pk)
    assert builds == []
    assert index_for(directory.pk, FILTERS).bitmaps[freshness.PARAM] != before
    assert_same_as_querysets(directory)
