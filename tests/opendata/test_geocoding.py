"""Server-side geocoding: imports without coordinates, the Nominatim backend, the backlog command.

No test touches the network: the geocoder is a fake configured with override_settings, and the
Nominatim backend talks to an http.server on 127.0.0.1 started by the test.
"""

import json
import threading
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from types import SimpleNamespace

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.test import override_settings

import pytest

from directory import map_data
from directory.models import OrganisationPage
from opendata.export import CACHE_VERSION_KEY
from opendata.imports import geocoding
from opendata.imports.geocoding import NominatimGeocoder, geocode_organisations
from tests.opendata.conftest import partner_csv, run_import

LYON = (45.764043, 4.835659)
GRENOBLE = (45.188529, 5.724524)

# Rows of the partner's file (conftest.PARTNER_HEADER); `;;` where Lat and Lon are empty.
NO_COORDINATES = (
    "1;Coop Sans Carte;Aide les associations;;;;Lyon;FR;;;Numérique solidaire;Coopérative;"
)
WITH_COORDINATES = (
    "2;Coop Sur Carte;Aide les associations;;;;Paris;FR;48.85;2.35;Numérique solidaire;Coopérative;"
)


class FakeGeocoder(geocoding.Geocoder):
    """Answers from a {city: point or exception} table and records every question."""

    def __init__(self, answers, calls):
        self.answers, self.calls = answers, calls

    def geocode(self, address, postcode, city, country):
        self.calls.append((address, postcode, city, country))
        answer = self.answers.get(city)
        if isinstance(answer, Exception):
            raise answer
        return answer


@contextmanager
def fake_geocoder(answers):
    """Configure the fake backend; yields the list of questions it was asked."""
    calls = []
    config = {
        "BACKEND": f"{__name__}.FakeGeocoder",
        "OPTIONS": {"answers": answers, "calls": calls},
    }
    with override_settings(ATLAS_GEOCODER=config):
        yield calls


def english(title):
    return OrganisationPage.objects.get(locale__language_code="en", title=title)


def french_alias(page):
    return OrganisationPage.objects.get(alias_of=page, locale__language_code="fr")


def import_and_run_tasks(source, content, capture):
    with capture(execute=True):
        return run_import(source, content)


@pytest.fixture
def no_network(monkeypatch):
    """Fail any test that would open a URL."""
    opened = []

    def refuse(*args, **kwargs):
        opened.append(args)
        raise AssertionError("a test tried to open a URL")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    return opened


# --- Imports ---
def test_without_a_geocoder_an_import_requests_nothing_and_flags_the_row(
    partner, django_capture_on_commit_callbacks, monkeypatch, no_network
):
    enqueued = []
    spy = SimpleNamespace(enqueue=lambda *args: enqueued.append(args))
    monkeypatch.setattr(geocoding, "geocode_organisations", spy)
    with override_settings(ATLAS_GEOCODER=None):
        report = import_and_run_tasks(
            partner, partner_csv(NO_COORDINATES), django_capture_on_commit_callbacks
        )
    assert report.rows[0].status == "new"
    page = english("Coop Sans Carte")
    assert page.needs_location and french_alias(page).needs_location
    assert enqueued == [] and no_network == []


def test_with_a_geocoder_imported_rows_without_coordinates_get_a_location_in_both_languages(
    partner, django_capture_on_commit_callbacks, no_network
):
    with fake_geocoder({"Lyon": LYON, "Paris": (0.0, 0.0)}) as calls:
        report = import_and_run_tasks(
            partner,
            partner_csv(NO_COORDINATES, WITH_COORDINATES),
            django_capture_on_commit_callbacks,
        )
    assert [row.status for row in report.rows] == ["new", "new"]
    # Only the row without coordinates was looked up, by its city and country.
    assert calls == [("", "", "Lyon", "FR")]
    page = english("Coop Sans Carte")
    assert (page.latitude, page.longitude) == LYON
    assert not page.needs_location and page.live
    assert (french_alias(page).latitude, french_alias(page).longitude) == LYON
    assert (english("Coop Sur Carte").latitude, english("Coop Sur Carte").longitude) == (
        48.85,
        2.35,
    )
    assert no_network == []


def test_geocoding_an_imported_page_rebuilds_the_map_and_the_exports(
    partner, django_capture_on_commit_callbacks
):
    with override_settings(ATLAS_GEOCODER=None):
        import_and_run_tasks(
            partner, partner_csv(NO_COORDINATES), django_capture_on_commit_callbacks
        )
    page = english("Coop Sans Carte")
    # Neither a revision to publish nor an alias to update: no publish signal to rely on.
    assert page.latest_revision_id is None
    french_alias(page).delete()
    cache.set(CACHE_VERSION_KEY, "before")
    map_data.invalidate()
    generation = cache.get(map_data.GENERATION_KEY)
    with fake_geocoder({"Lyon": LYON}), django_capture_on_commit_callbacks(execute=True):
        geocode_organisations.enqueue([page.pk])
    assert english("Coop Sans Carte").latitude == LYON[0]
    assert cache.get(CACHE_VERSION_KEY) != "before"
    assert cache.get(map_data.GENERATION_KEY) != generation


def test_a_geocoder_failure_leaves_the_row_flagged_and_the_import_done(
    partner, django_capture_on_commit_callbacks
):
    down = "3;Coop En Panne;Aide les associations;;;;Panne;FR;;;Numérique solidaire;Coopérative;"
    unknown = (
        "4;Coop Inconnue;Aide les associations;;;;Nulle-part;FR;;;Numérique solidaire;Coopérative;"
    )
    with fake_geocoder({"Panne": RuntimeError("geocoder down"), "Lyon": LYON}) as calls:
        report = import_and_run_tasks(
            partner, partner_csv(down, unknown, NO_COORDINATES), django_capture_on_commit_callbacks
        )
    assert [row.status for row in report.rows] == ["new", "new", "new"]
    assert len(calls) == 3  # the failure did not stop the rows after it
    assert english("Coop En Panne").needs_location
    assert english("Coop Inconnue").needs_location
    assert french_alias(english("Coop En Panne")).needs_location
    assert not english("Coop Sans Carte").needs_location


def test_a_reimport_that_updates_a_row_still_without_coordinates_geocodes_it(
    partner, django_capture_on_commit_callbacks
):
    with override_settings(ATLAS_GEOCODER=None):
        import_and_run_tasks(
            partner, partner_csv(NO_COORDINATES), django_capture_on_commit_callbacks
        )
    assert english("Coop Sans Carte").needs_location
    changed = NO_COORDINATES.replace("Aide les associations", "Aide toutes les associations")
    with fake_geocoder({"Lyon": LYON}) as calls:
        report = import_and_run_tasks(
            partner, partner_csv(changed), django_capture_on_commit_callbacks
        )
    assert report.rows[0].status == "updated"
    assert len(calls) == 1
    page = english("Coop Sans Carte")
    assert (page.latitude, page.longitude) == LYON
    assert french_alias(page).latitude == LYON[0]


# --- The task on pages edited in the admin ---
def test_geocoding_a_published_page_keeps_its_latest_revision_and_alias_in_step(add_org):
    page = add_org(title="Coop Éditée", city="Grenoble")
    assert page.needs_location
    map_data.invalidate()
    generation = cache.get(map_data.GENERATION_KEY)
    with fake_geocoder({"Grenoble": GRENOBLE}):
        result = geocode_organisations.enqueue([page.pk])
    assert result.return_value == {"located": 1, "not_found": 0, "drafts": 0, "no_address": 0}
    page.refresh_from_db()
    assert (page.latitude, page.longitude) == GRENOBLE
    assert page.live and not page.has_unpublished_changes
    # Published as a new revision, as imports do: history and "revert" hold the location too.
    assert page.revisions.count() == 2
    assert page.latest_revision.as_object().latitude == GRENOBLE[0]
    assert french_alias(page).longitude == GRENOBLE[1]
    assert cache.get(map_data.GENERATION_KEY) != generation  # the map is rebuilt


def test_a_page_with_a_draft_in_progress_is_left_for_its_editor(add_org):
    page = add_org(title="Coop En Cours", city="Grenoble")
    page.summary = "Un brouillon que quelqu'un écrit"
    page.save_revision()
    with fake_geocoder({"Grenoble": GRENOBLE}) as calls:
        result = geocode_organisations.enqueue([page.pk])
    assert result.return_value["drafts"] == 1
    assert calls == []
    page.refresh_from_db()
    assert page.needs_location and page.has_unpublished_changes


def test_online_only_located_and_addressless_pages_are_not_looked_up(add_org):
    online = add_org(title="Coop En Ligne", online_only=True)
    located = add_org(title="Coop Placée", location=(45.0, 4.0))
    addressless = add_org(title="Coop Sans Adresse", city="")
    with fake_geocoder({"Lyon": LYON}) as calls:
        result = geocode_organisations.enqueue([online.pk, located.pk, addressless.pk])
    assert calls == []
    assert result.return_value["no_address"] == 1
    online.refresh_from_db()
    assert online.latitude is None and not online.needs_location


def test_the_task_does_nothing_without_a_geocoder(add_org, no_network):
    page = add_org(title="Coop Sans Géocodeur", city="Lyon")
    with override_settings(ATLAS_GEOCODER=None):
        result = geocode_organisations.enqueue([page.pk])
    assert result.return_value == {"geocoder": False}
    assert english("Coop Sans Géocodeur").needs_location and no_network == []


# --- The backlog command ---
def command(*args):
    out = StringIO()
    call_command("geocode_organisations", *args, stdout=out)
    return out.getvalue()


def test_the_command_says_clearly_when_no_geocoder_is_configured(atlas):
    with override_settings(ATLAS_GEOCODER=None), pytest.raises(CommandError) as error:
        command()
    assert "No geocoder is configured" in str(error.value)
    assert "GEOCODER_URL" in str(error.value)


def test_the_command_dry_run_reports_and_saves_nothing(add_org):
    first = add_org(title="Coop Un", city="Lyon")
    add_org(title="Coop Sans Adresse", city="")
    with fake_geocoder({"Lyon": LYON}):
        out = command("--dry-run")
    assert f"Would locate #{first.pk} Coop Un (Lyon, FR) at 45.76404, 4.83566" in out
    assert "No city or postcode to look up: " in out and "Coop Sans Adresse" in out
    assert "Would locate 1; not found 0;" in out
    assert english("Coop Un").needs_location


def test_the_command_locates_the_backlog_up_to_its_limit(add_org):
    first = add_org(title="Coop Un", city="Lyon")
    second = add_org(title="Coop Deux", city="Grenoble")
    unknown = add_org(title="Coop Trois", city="Nulle-part")
    with fake_geocoder({"Lyon": LYON, "Grenoble": GRENOBLE}) as calls:
        out = command("--limit", "1")
    assert len(calls) == 1
    assert f"Located #{first.pk} Coop Un" in out and "Located 1;" in out
    assert not english("Coop Un").needs_location and english("Coop Deux").needs_location
    with fake_geocoder({"Lyon": LYON, "Grenoble": GRENOBLE}) as calls:
        out = command()
    assert [call[2] for call in calls] == ["Grenoble", "Nulle-part"]
    assert f"Not found: #{unknown.pk} Coop Trois" in out
    assert "Located 1; not found 1;" in out
    second.refresh_from_db()
    assert (second.latitude, second.longitude) == GRENOBLE


# --- The Nominatim backend, against a local server ---
CANNED = [
    {
        "place_id": 83741722,
        "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
        "osm_type": "relation",
        "osm_id": 120965,
        "lat": "45.7578137",
        "lon": "4.8320114",
        "category": "boundary",
        "type": "administrative",
        "place_rank": 12,
        "importance": 0.79,
        "addresstype": "city",
        "name": "Lyon",
        "display_name": "Lyon, Métropole de Lyon, Rhône, Auvergne-Rhône-Alpes, France",
        "boundingbox": ["45.7073666", "45.8082628", "4.7718134", "4.8983774"],
    }
]


@pytest.fixture
def local_server(monkeypatch):
    """A Nominatim stand-in on 127.0.0.1; `server.respond(query)` says what to answer."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            parsed = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(parsed.query))
            requests.append(
                {
                    "path": parsed.path,
                    "query": query,
                    "user_agent": self.headers.get("User-Agent"),
                    "at": time.monotonic(),
                }
            )
            status, body, delay = server.respond(query)
            time.sleep(delay)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body if isinstance(body, bytes) else json.dumps(body).encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.block_on_close = False
    # The timeout test's handler writes to a socket the client has closed: that is expected.
    server.handle_error = lambda request, client_address: None
    server.respond = lambda query: (200, CANNED, 0)
    server.requests = requests
    server.url = f"http://127.0.0.1:{server.server_address[1]}/search"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def nominatim(server, **options):
    options.setdefault("user_agent", "SocialTechAtlas-tests/1.0 (+http://testserver)")
    options.setdefault("min_interval", 0)
    return NominatimGeocoder(url=server.url, **options)


def test_nominatim_sends_a_structured_query_and_parses_the_first_result(local_server):
    geocoder = nominatim(local_server, email="atlas@example.org")
    point = geocoder.geocode("1 rue de la République", "69001", "Lyon", "FR")
    assert point == (45.7578137, 4.8320114)
    (request,) = local_server.requests
    assert request["path"] == "/search"
    assert request["user_agent"] == "SocialTechAtlas-tests/1.0 (+http://testserver)"
    assert request["query"] == {
        "street": "1 rue de la République",
        "postalcode": "69001",
        "city": "Lyon",
        "countrycodes": "fr",
        "format": "jsonv2",
        "limit": "1",
        "email": "atlas@example.org",
    }


def test_nominatim_falls_back_to_the_town_when_the_street_is_unknown(local_server):
    local_server.respond = lambda query: (200, [] if "street" in query else CANNED, 0)
    point = nominatim(local_server).geocode("Rue Introuvable", "", "Lyon", "FR")
    assert point == (45.7578137, 4.8320114)
    assert [sorted(r["query"]) for r in local_server.requests] == [
        ["city", "countrycodes", "format", "limit", "street"],
        ["city", "countrycodes", "format", "limit"],
    ]


def test_nominatim_returns_none_when_nothing_is_found(local_server):
    local_server.respond = lambda query: (200, [], 0)
    assert nominatim(local_server).geocode("", "", "Nulle-part", "FR") is None


@pytest.mark.parametrize(
    "answer",
    [
        (500, {"error": "Internal Server Error"}, 0),
        (503, b"<html>Service unavailable</html>", 0),
        (200, b"<html>not json</html>", 0),
        (200, [{"lat": "north", "lon": "4.8"}], 0),
        (200, [{"lat": "95.0", "lon": "4.8"}], 0),
    ],
    ids=["500", "503", "not-json", "bad-number", "out-of-range"],
)
def test_nominatim_errors_are_logged_and_give_none(local_server, answer, caplog):
    local_server.respond = lambda query: answer
    assert nominatim(local_server).geocode("", "", "Lyon", "FR") is None
    assert "Geocoder 127.0.0.1" in caplog.text


def test_nominatim_gives_up_after_its_timeout(local_server):
    local_server.respond = lambda query: (200, CANNED, 2)
    started = time.monotonic()
    assert nominatim(local_server, timeout=0.3).geocode("", "", "Lyon", "FR") is None
    assert time.monotonic() - started < 1.5


def test_nominatim_unreachable_gives_none(local_server):
    geocoder = nominatim(local_server)
    local_server.shutdown()
    local_server.server_close()
    assert geocoder.geocode("", "", "Lyon", "FR") is None


def test_nominatim_waits_between_requests(local_server):
    geocoder = nominatim(local_server, min_interval=0.4)
    geocoder.geocode("", "", "Lyon", "FR")
    # A new instance (each task makes one) still waits its turn for the same server.
    nominatim(local_server, min_interval=0.4).geocode("", "", "Lyon", "FR")
    first, second = (request["at"] for request in local_server.requests)
    assert second - first >= 0.38


def test_the_public_nominatim_server_is_never_asked_more_than_once_a_second():
    geocoder = NominatimGeocoder(
        url="https://nominatim.openstreetmap.org/search", user_agent="Atlas", min_interval=0
    )
    assert geocoder.min_interval == 1.0


@pytest.mark.parametrize(
    ("url", "user_agent"),
    [("file:///etc/passwd", "Atlas"), ("", "Atlas"), ("https://geo.example/search", "")],
)
def test_nominatim_refuses_a_bad_configuration(url, user_agent):
    with pytest.raises(ImproperlyConfigured):
        NominatimGeocoder(url=url, user_agent=user_agent)
