"""Query counts: the permission rules and the dashboard panel do not cost a query per row."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from moderation.models import add_editor
from tests.moderation.conftest import make_organisation


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_directory_explorer_costs_no_query_per_organisation(client, atlas):
    client.force_login(atlas.moderator)
    url = reverse("wagtailadmin_explore", args=[atlas.site.directory.pk])
    count_queries(client, url)  # warm caches (content types, site root paths)
    few = count_queries(client, url)
    for n in range(10):
        make_organisation(atlas.site, f"Extra Organisation {n}")
    many = count_queries(client, url)
    assert many <= few + 2, (few, many)


def test_organisations_listing_costs_no_query_per_organisation(client, atlas):
    client.force_login(atlas.moderator)
    url = reverse("organisations:index")
    count_queries(client, url)
    few = count_queries(client, url)
    for n in range(10):
        make_organisation(atlas.site, f"Extra Organisation {n}")
    many = count_queries(client, url)
    assert many <= few + 2, (few, many)


def test_dashboard_of_an_organisation_editor(client, atlas, django_assert_max_num_queries):
    for n in range(3):
        page, _alias = make_organisation(atlas.site, f"Editor's Organisation {n}")
        add_editor(atlas.editor_a, page)
    client.force_login(atlas.editor_a)
    client.get(reverse("wagtailadmin_home"))
    with django_assert_max_num_queries(60):
        response = client.get(reverse("wagtailadmin_home"))
    assert response.text.count("Edit Editor&#x27;s Organisation") == 3
