"""One URL grammar for a view (issue 13): `q`, the facets and `bbox=west,south,east,north` select
the same organisations in the directory, the API and the downloads; a malformed box is ignored
by the pages and a 400 for the data, never a 500."""

import csv
import io
import json

import pytest

from directory.geo import BBox, BBoxError, parse_bbox

pytestmark = pytest.mark.django_db

FRANCE = "-5.2,41.3,9.6,51.1"


@pytest.fixture
def spread(atlas, add_org):
    add_org(title="Lyon hosting", city="Lyon", country="FR", location=(45.76, 4.83))
    add_org(title="Paris hosting", city="Paris", country="FR", location=(48.85, 2.35))
    add_org(title="Berlin hosting", city="Berlin", country="DE", location=(52.52, 13.40))
    add_org(title="Fiji hosting", city="Suva", country="FJ", location=(-18.14, 178.44))
    add_org(title="Online only", country="FR", online_only=True)
    return atlas


@pytest.mark.parametrize(
    "value, expected",
    [
        (FRANCE, BBox(-5.2, 41.3, 9.6, 51.1)),
        ("170,-30,-170,0", BBox(170, -30, -170, 0)),  # across the antimeridian
        ("-180,-90,180,90", BBox(-180, -90, 180, 90)),
    ],
)
def test_a_bbox_is_four_numbers_west_south_east_north(value, expected):
    assert parse_bbox(value) == expected
    assert str(parse_bbox(value)).split(",")[0] == value.split(",")[0]


@pytest.mark.parametrize(
    "value",
    ["", "1,2,3", "1,2,3,4,5", "a,b,c,d", "nan,1,2,3", "inf,1,2,3", "0,60,10,50", "0,-91,1,1",
     "-181,0,1,1", "1e400,0,1,1", "1" * 500],
)  # fmt: skip
def test_a_malformed_bbox_is_refused(value):
    with pytest.raises(BBoxError):
        parse_bbox(value)


def test_the_directory_lists_the_organisations_in_the_box(client, spread):
    html = client.get(f"/en/directory/?bbox={FRANCE}").content.decode()
    assert "Lyon hosting" in html and "Paris hosting" in html
    assert "Berlin hosting" not in html and "Online only" not in html
    assert "In the map&#x27;s view" in html or "In the map's view" in html


def test_a_box_across_the_antimeridian_finds_fiji(client, spread):
    html = client.get("/en/directory/?bbox=170,-30,-170,0").content.decode()
    assert "Fiji hosting" in html and "Lyon hosting" not in html


@pytest.mark.parametrize("bbox", ["abc", "1,2,3", "nan,nan,nan,nan", "0,95,1,96"])
def test_pages_ignore_a_malformed_bbox(client, spread, bbox):
    for path in ("/en/directory/", "/en/map/", "/en/map/?embed=1&"):
        response = client.get(f"{path}{'&' if '?' in path else '?'}bbox={bbox}")
        assert response.status_code == 200, path
    assert "Berlin hosting" in client.get(f"/en/directory/?bbox={bbox}").content.decode()


@pytest.mark.parametrize("bbox", ["abc", "1,2,3", "0,95,1,96", "nan,0,1,1"])
def test_the_api_and_the_downloads_answer_400_to_a_malformed_bbox(client, spread, bbox):
    assert client.get(f"/api/v1/organisations?bbox={bbox}").status_code == 400
    for fmt in ("csv", "geojson", "jsonld"):
        assert client.get(f"/open-data/organisations.{fmt}?bbox={bbox}").status_code == 400


def test_the_api_and_the_downloads_hold_exactly_the_view(client, spread):
    query = f"bbox={FRANCE}&country=FR&q=hosting"
    api = client.get(f"/api/v1/organisations?{query}").json()
    assert sorted(row["name"] for row in api["results"]) == ["Lyon hosting", "Paris hosting"]
    rows = list(csv.DictReader(io.StringIO(client.get(f"/open-data/organisations.csv?{query}")
                                           .content.decode())))  # fmt: skip
    assert sorted(row["name"] for row in rows) == ["Lyon hosting", "Paris hosting"]
    geojson = json.loads(client.get(f"/open-data/organisations.geojson?{query}").content)
    assert len(geojson["features"]) == 2
    response = client.get(f"/open-data/organisations.jsonld?{query}")
    assert response.status_code == 200
    assert "Berlin hosting" not in response.content.decode()
    # Without parameters, the whole dataset as before.
    everything = client.get("/open-data/organisations.csv").content.decode()
    assert "Berlin hosting" in everything and "Fiji hosting" in everything


def test_the_map_page_opens_on_a_shared_view_and_offers_its_downloads(client, spread):
    html = client.get(f"/en/map/?bbox={FRANCE}&sector=digital-inclusion").content.decode()
    assert '"bbox": [-5.2, 41.3, 9.6, 51.1]' in html
    bbox = FRANCE.replace(",", "%2C")
    assert f"/open-data/organisations.csv?bbox={bbox}&amp;sector=digital-inclusion" in html
    assert "embed=1" in html  # the iframe code
