"""The directory's SQL query count does not grow with the number of organisations or results."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from directory.models import OrganisationPage
from tests.directory.conftest import seed_organisations

pytestmark = pytest.mark.django_db

# The directory page (facets, results, cards, navigation, language links) in a fixed number of
# queries: 25 on SQLite when there are results (run with -s to see the figures).
# 31: the freshness facet (directory.freshness) counts its three states in one query.
MAX_DIRECTORY_QUERIES = 31

# Each URL has results with 5 organisations too (an empty page skips the results query).
URLS = [
    "/en/directory/",
    "/en/directory/?page=2",
    "/en/directory/?sort=updated",
    "/en/directory/?q=cooperative&country=CH&country=AT&role=support&sort=updated",
    "/en/directory/?sector=training&service=training&service=hosting&language=fr",
    "/en/directory/?form=association&form=cooperative&role=support&page=2",
    "/fr/annuaire/?q=Brussels&service=training",
]


def count_queries(client, url):
    client.get(url)  # warm the per-process caches (site root paths, locales)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert len(
        response.context["object_list"] if "/admin/" in url else response.context["organisations"]
    )
    return len(captured)


@pytest.mark.parametrize("url", URLS)
def test_directory_query_count_is_the_same_with_5_and_60_organisations(
    client, atlas, url, django_assert_max_num_queries, django_assert_num_queries
):
    seed_organisations(atlas, 5)
    with_5 = count_queries(client, url)

    seed_organisations(atlas, 60)
    assert OrganisationPage.objects.filter(locale=atlas.en).count() == 60
    client.get(url)
    with django_assert_num_queries(with_5):
        client.get(url)
    with django_assert_max_num_queries(MAX_DIRECTORY_QUERIES):
        response = client.get(url)
    assert response.context["paginator"].count > 0
    print(f"\n{url}: {with_5} queries with 5 and with 60 organisations")


def test_admin_organisation_listing_query_count_stays_bounded(
    admin_client, atlas, django_assert_max_num_queries
):
    url = "/admin/organisations/?country=AT&legal_form=cooperative&locale=en"
    seed_organisations(atlas, 5)
    with_5 = count_queries(admin_client, url)
    seed_organisations(atlas, 60)
    with_60 = count_queries(admin_client, "/admin/organisations/")
    with django_assert_max_num_queries(with_5 + 10):
        admin_client.get("/admin/organisations/")
    print(f"\nadmin listing: {with_5} queries (5 orgs, filtered), {with_60} (60 orgs, 60 rows)")
    assert with_60 <= with_5 + 10
