"""The map's compact payload (directory.map_format): what goes in comes out, in a known order."""

import gzip
import random

from django.core.cache import cache

import pytest

from directory import map_data, map_format
from directory.factories import OrganisationPageFactory
from directory.models import Sector

VOCABULARY = {
    "sectors": ["design", "hosting", "training"],
    "forms": ["association", "cooperative"],
    "countries": ["BE", "DE", "FR"],
    "freshness": ["fresh", "ageing", "stale"],
    "roles": ["support", "tools"],
    "services": [f"service-{i}" for i in range(12)],
    "languages": [f"l{i}" for i in range(300)],  # more than a byte: a u16 column
}


def record(rng, **values):
    return {
        "lng": round(rng.uniform(-10, 30), 7),
        "lat": round(rng.uniform(35, 60), 7),
        "sector": rng.choice(VOCABULARY["sectors"]),
        "form": rng.choice(VOCABULARY["forms"]),
        "country": rng.choice(VOCABULARY["countries"]),
        "roles": rng.choice([[], ["support"], ["tools"], ["support", "tools"]]),
        "freshness": rng.choice(VOCABULARY["freshness"]),
        "services": sorted(rng.sample(VOCABULARY["services"], rng.randint(0, 3))),
        "languages": rng.sample(VOCABULARY["languages"], rng.randint(0, 2)),
        **values,
    }


def test_what_goes_in_comes_out_in_morton_order_within_a_metre():
    rng = random.Random(4)
    records = [record(rng) for _ in range(500)]
    # Two organisations at one place: both kept, in the order given.
    records.append({**records[0], "sector": "training"})
    body, permutation = map_format.encode(records, VOCABULARY)
    header, decoded = map_format.decode(body)
    assert header["count"] == len(records) == len(decoded)
    assert sorted(permutation) == list(range(len(records)))
    for position, out in enumerate(decoded):
        original = records[permutation[position]]
        assert abs(out["lng"] - original["lng"]) <= 0.5 / map_format.SCALE + 1e-9
        assert abs(out["lat"] - original["lat"]) <= 0.5 / map_format.SCALE + 1e-9
        for key in ("sector", "form", "country", "freshness"):
            assert out[key] == original[key]
        assert out["roles"] == [r for r in VOCABULARY["roles"] if r in original["roles"]]
        assert sorted(out["services"]) == sorted(original["services"])
        assert sorted(out["languages"]) == sorted(original["languages"])
    codes = [map_format.morton(*map_format.quantise(r["lng"], r["lat"])) for r in decoded]
    assert codes == sorted(codes)
    shared = [p for p, i in enumerate(permutation) if i in (0, len(records) - 1)]
    assert [permutation[p] for p in shared] == [0, len(records) - 1]
    assert {kind for name, kind, _ in header["columns"] if name == "languages"} == {"u16"}


def test_the_version_follows_the_content():
    rng = random.Random(5)
    records = [record(rng) for _ in range(20)]
    body, _ = map_format.encode(records, VOCABULARY)
    again, _ = map_format.encode(list(records), VOCABULARY)
    assert map_format.read_header(body)["version"] == map_format.read_header(again)["version"]
    moved = [{**records[0], "lat": records[0]["lat"] + 0.001}, *records[1:]]
    changed, _ = map_format.encode(moved, VOCABULARY)
    assert map_format.read_header(changed)["version"] != map_format.read_header(body)["version"]


def test_an_empty_atlas_and_a_single_organisation():
    body, permutation = map_format.encode([], VOCABULARY)
    header, decoded = map_format.decode(body)
    assert (header["count"], decoded, permutation) == (0, [], [])
    one = record(random.Random(6), lng=4.8356589, lat=45.7640456)
    body, permutation = map_format.encode([one], VOCABULARY)
    _header, [out] = map_format.decode(body)
    assert permutation == [0]
    assert (round(out["lng"], 5), round(out["lat"], 5)) == (4.83566, 45.76405)


def test_the_world_s_corners_round_trip():
    rng = random.Random(7)
    corners = [record(rng, lng=lng, lat=lat) for lng in (-180, 180) for lat in (-90, 90)]
    _body, decoded = map_format.decode(map_format.encode(corners, VOCABULARY)[0])
    assert sorted((r["lng"], r["lat"]) for r in decoded) == sorted(
        (c["lng"], c["lat"]) for c in corners
    )


@pytest.mark.parametrize(
    "body",
    [b"", b"GEOJSON{}", b"ATLM\x09\0\0\0\0\0\0\0", b"ATLM\x01\0\0\0\x20\0\0\0{}"],
)
def test_bytes_that_are_not_a_payload_are_refused(body):
    with pytest.raises(map_format.FormatError):
        map_format.decode(body)


def test_a_value_outside_the_vocabulary_is_an_error():
    with pytest.raises(KeyError):
        map_format.encode([record(random.Random(8), sector="unknown")], VOCABULARY)


@pytest.fixture
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_site_s_payload_lists_located_organisations_with_their_ids(site_tree, empty_cache):
    design = Sector.objects.get(slug="design", locale=site_tree.en)
    places = {"Lyon": (45.76, 4.83), "Berlin": (52.52, 13.40), "Brussels": (50.85, 4.35)}
    pages = {
        city: OrganisationPageFactory(
            parent=site_tree.directory, title=city, sector=design, location=place
        )
        for city, place in places.items()
    }
    OrganisationPageFactory(parent=site_tree.directory, title="Nowhere", sector=design)
    body, ids = map_data.build_payload("en")
    header, records = map_format.decode(body)
    assert header["count"] == len(ids) == 3
    by_id = {page.pk: city for city, page in pages.items()}
    for page_id, out in zip(ids, records, strict=True):
        lat, lng = places[by_id[page_id]]
        assert (round(out["lat"], 5), round(out["lng"], 5)) == (lat, lng)
    payload = map_data.get_payload("en")
    assert gzip.decompress(payload["gzip"]) == body
    assert map_data.get_index("en")["ids"] == ids
