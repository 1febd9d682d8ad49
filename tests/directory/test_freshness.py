"""Freshness of the data (directory.freshness): fresh → ageing → stale with a frozen clock, shown
as text, filtered with `freshness=` and `verified_since=`, on the map and in the API; archived
organisations leave the lists and their page says so."""

import datetime
import gzip
import re

from django.core.cache import cache
from django.utils import timezone

import pytest
import time_machine

from demo.open_data import open_data_page
from directory import freshness, map_format
from directory.models import OrganisationPage
from tests.opendata.conftest import make_organisation

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def orgs(site_tree):
    open_data_page(site_tree.seeder)
    with time_machine.travel(datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC), tick=False):
        fresh = make_organisation(
            site_tree,
            title="Fresh Coop",
            location=(45.7, 4.8),
            last_verified=datetime.date(2026, 1, 10),
        )
        ageing = make_organisation(
            site_tree,
            title="Ageing Coop",
            location=(45.7, 4.8),
            last_verified=datetime.date(2025, 3, 1),
        )
        stale = make_organisation(
            site_tree,
            title="Stale Coop",
            location=(45.7, 4.8),
            last_verified=datetime.date(2023, 5, 1),
        )
        never = make_organisation(
            site_tree, title="Never Coop", location=(45.7, 4.8), last_verified=None
        )
    return {"fresh": fresh, "ageing": ageing, "stale": stale, "never": never, "tree": site_tree}


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


def test_an_organisation_moves_from_fresh_to_ageing_to_stale_as_time_passes():
    verified = datetime.date(2025, 1, 31)
    timeline = [
        (datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC), freshness.FRESH),
        (datetime.datetime(2026, 1, 30, 12, tzinfo=datetime.UTC), freshness.FRESH),
        (datetime.datetime(2026, 2, 1, 12, tzinfo=datetime.UTC), freshness.AGEING),
        (datetime.datetime(2027, 1, 30, 12, tzinfo=datetime.UTC), freshness.AGEING),
        (datetime.datetime(2027, 2, 1, 12, tzinfo=datetime.UTC), freshness.STALE),
    ]
    for moment, expected in timeline:
        with time_machine.travel(moment, tick=False):
            assert freshness.state(verified) == expected, moment
            page = OrganisationPage(last_verified=verified)
            assert page.freshness == expected


def test_never_verified_counts_as_stale():
    assert freshness.state(None) == freshness.STALE


def test_thresholds_come_from_settings(settings):
    settings.ATLAS_FRESHNESS_AGEING_MONTHS = 3
    settings.ATLAS_FRESHNESS_STALE_MONTHS = 6
    today = datetime.date(2026, 6, 15)
    assert freshness.state(datetime.date(2026, 4, 1), today) == freshness.FRESH
    assert freshness.state(datetime.date(2026, 2, 1), today) == freshness.AGEING
    assert freshness.state(datetime.date(2025, 12, 1), today) == freshness.STALE


def test_directory_cards_say_how_fresh_each_entry_is_in_words(client, orgs, frozen):
    html = client.get(orgs["tree"].directory.url).content.decode()
    assert "Verified in the last 12 months" in html
    assert "Verified 12 to 24 months ago" in html
    assert "Not verified for over 24 months" in html


def test_profile_says_how_fresh_it_is(client, orgs, frozen):
    html = client.get(orgs["ageing"].url).content.decode()
    assert "Verified 12 to 24 months ago" in html


def titles(response):
    return sorted(
        re.findall(r'class="org-card__title"><a [^>]*>([^<]*)<', response.content.decode())
    )


def test_directory_filters_by_freshness_and_verified_since(client, orgs, frozen):
    url = orgs["tree"].directory.url
    assert titles(client.get(url, {"freshness": "stale"})) == ["Never Coop", "Stale Coop"]
    assert titles(client.get(url, {"freshness": ["fresh", "ageing"]})) == [
        "Ageing Coop",
        "Fresh Coop",
    ]
    assert titles(client.get(url, {"verified_since": "2025-01-01"})) == [
        "Ageing Coop",
        "Fresh Coop",
    ]
    # The facet counts each state among the other filters' results.
    html = client.get(url, {"verified_since": "2025-01-01"}).content.decode()
    assert 'name="freshness"' in html


@pytest.mark.parametrize("bad", ["yesterday", "2026-13-45", "2026-02-30", "\x00", "9" * 300])
def test_a_bad_date_is_ignored_by_the_directory_and_refused_by_the_api(client, orgs, frozen, bad):
    response = client.get(orgs["tree"].directory.url, {"verified_since": bad})
    assert response.status_code == 200
    assert len(titles(response)) == 4
    response = client.get("/api/v1/organisations", {"verified_since": bad})
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.json()["detail"]


def test_api_filters_by_freshness_and_counts_the_facet(client, orgs, frozen):
    body = client.get("/api/v1/organisations", {"verified_since": "2025-01-01"}).json()
    assert sorted(o["name"] for o in body["results"]) == ["Ageing Coop", "Fresh Coop"]
    assert body["freshness"] == {"fresh": 1, "ageing": 1, "stale": 0}
    body = client.get("/api/v1/organisations", {"freshness": "stale"}).json()
    assert sorted(o["name"] for o in body["results"]) == ["Never Coop", "Stale Coop"]
    assert body["freshness"] == {"fresh": 1, "ageing": 1, "stale": 2}
    assert client.get("/api/v1/organisations", {"freshness": "rotten"}).status_code == 422


def map_features(client):
    response = client.get("/en/api/map/organisations.bin")
    body = response.content
    if response.has_header("Content-Encoding"):
        body = gzip.decompress(body)
    return map_format.decode(body)[1]


def test_map_data_carries_each_dot_freshness_and_the_map_has_the_legend(client, orgs, frozen):
    states = sorted(record["freshness"] for record in map_features(client))
    assert states == ["ageing", "fresh", "stale", "stale"]
    html = client.get(orgs["tree"].seeder.map.url).content.decode()
    assert "map-legend__dot--stale" in html
    assert "Not verified for over 24 months" in html


def test_exports_carry_the_last_verified_date(client, orgs, frozen):
    csv = client.get("/open-data/organisations.csv").content.decode()
    assert "last_verified" in csv.splitlines()[0]
    assert "2025-03-01" in csv


def test_an_archived_organisation_leaves_lists_and_its_page_answers_410(client, orgs, frozen):
    stale = orgs["stale"]
    OrganisationPage.objects.filter(translation_key=stale.translation_key).update(
        archived_at=timezone.now()
    )
    from directory import cache as organisation_cache

    organisation_cache.invalidate()
    assert "Stale Coop" not in titles(client.get(orgs["tree"].directory.url))
    assert len(map_features(client)) == 3
    names = [o["name"] for o in client.get("/api/v1/organisations").json()["results"]]
    assert "Stale Coop" not in names
    assert "Stale Coop" not in client.get("/open-data/organisations.csv").content.decode()
    response = client.get(stale.url)
    assert response.status_code == 410
    assert "Archived" in response.content.decode()
    assert stale.url not in client.get("/sitemap.xml").content.decode()
