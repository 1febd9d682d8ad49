"""Giving back: Murmurations profiles (validated against organizations_schema-v1.0.0's fields),
the index told of every change (a local fake index), ESSGlobal codes in the JSON-LD, and
incremental sync (`modified_since=`, tombstones)."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.utils import timezone

import jsonschema
import pytest

from directory.models import OrganisationPage, Tombstone
from opendata import murmurations
from opendata.imports.erasure import erase_organisation
from opendata.linked_data import organisation_node
from opendata.rows import organisation_row, page_record, typed_row

SCHEMA = json.loads(
    (
        Path(__file__).parent / "samples" / "murmurations-organizations_schema-v1.0.0.json"
    ).read_text()
)


class FakeIndex:
    """A Murmurations index on 127.0.0.1: records POST /v2/nodes and DELETE /v2/nodes/<id>."""

    def __init__(self):
        self.calls = []
        index = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, status, body):
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length))
                index.calls.append(("POST", self.path, body))
                node = murmurations.node_id(body["profile_url"])
                self._answer(200, {"data": {"node_id": node}})

            def do_DELETE(self):
                index.calls.append(("DELETE", self.path, None))
                self._answer(200, {"meta": {"message": "deleted"}})

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def index(settings):
    server = FakeIndex()
    settings.MURMURATIONS_INDEX_URL = server.url
    yield server
    server.close()


def full(add_org, **fields):
    return add_org(
        title="Coop des Communs",
        summary="Hébergement éthique pour les associations.",
        website="https://communs.example.coop",
        city="Lyon",
        postcode="69001",
        address="1 rue de la Paix",
        country="FR",
        location=(45.76, 4.83),
        email="contact@communs.example.coop",
        legal_form="cooperative",
        founded_year=2015,
        **fields,
    )


def test_every_live_organisation_has_a_conformant_profile(atlas, add_org, client):
    page = full(add_org)
    response = client.get(
        f"/open-data/murmurations/{page.translation_key}.json",
        headers={"origin": "https://aggregator.example"},
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    profile = response.json()
    jsonschema.validate(profile, SCHEMA)
    assert profile["linked_schemas"] == ["organizations_schema-v1.0.0"]
    assert profile["name"] == "Coop des Communs"
    assert profile["primary_url"] == "https://communs.example.coop"
    assert profile["geolocation"] == {"lat": 45.76, "lon": 4.83}
    assert profile["country_iso_3166"] == "FR"
    assert profile["starts_at"] == 1420070400  # 1 January 2015
    assert profile["urls"][0]["url"].endswith(page.url)
    assert "cooperative" in profile["tags"]
    # A sparse organisation is still valid; a draft or an unknown id is not found.
    sparse = add_org(title="Sparse", website="", email="", city="")
    jsonschema.validate(
        client.get(f"/open-data/murmurations/{sparse.translation_key}.json").json(), SCHEMA
    )
    draft = add_org(title="Draft", publish=False)
    assert client.get(f"/open-data/murmurations/{draft.translation_key}.json").status_code == 404
    assert client.get("/open-data/murmurations/not-a-uuid.json").status_code == 404


def test_a_wrong_profile_fails_the_schema():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"linked_schemas": ["organizations_schema-v1.0.0"]}, SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"linked_schemas": ["x-v1.0.0"], "name": "A", "geographic_scope": "european"}, SCHEMA
        )


def test_the_index_is_off_by_default(atlas, add_org, settings, django_capture_on_commit_callbacks):
    settings.MURMURATIONS_INDEX_URL = ""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        add_org(title="Quiet")
    # Other work waits for the commit (caches), but nothing that would reach an index.
    assert [c for c in callbacks if "murmurations" in getattr(c, "__module__", "")] == []


def test_publishing_registers_and_erasure_deletes(
    atlas, add_org, index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = full(add_org)
    url = murmurations.profile_url(page.translation_key)
    assert ("POST", "/v2/nodes", {"profile_url": url}) in index.calls
    # Republishing refreshes it (the index fetches the profile again).
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert len([call for call in index.calls if call[0] == "POST"]) >= 2
    with django_capture_on_commit_callbacks(execute=True):
        erase_organisation(OrganisationPage.objects.get(pk=page.pk))
    assert ("DELETE", f"/v2/nodes/{murmurations.node_id(url)}", None) in index.calls


def test_unpublishing_deletes_from_the_index(
    atlas, add_org, index, django_capture_on_commit_callbacks
):
    page = full(add_org)
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    url = murmurations.profile_url(page.translation_key)
    assert [call[0] for call in index.calls if call[1].endswith(murmurations.node_id(url))] == [
        "DELETE"
    ]


def test_json_ld_carries_essglobal_codes(atlas, add_org):
    page = full(add_org)
    node = organisation_node(
        typed_row(organisation_row(page_record(page), "")), "https://a.example"
    )
    types = node["additionalType"]
    assert "https://dev.lod.coop/essglobal/2.1/standard/organisational-structure/OS115" in types
    assert (
        "https://dev.lod.coop/essglobal/2.1/standard/activities-ica/ICA190" in types
    )  # digital inclusion
    other = add_org(title="Autre", legal_form="foundation")
    node = organisation_node(
        typed_row(organisation_row(page_record(other), "")), "https://a.example"
    )
    assert not any("organisational-structure" in item for item in node["additionalType"])


def test_modified_since_and_tombstones_sync_incrementally(atlas, add_org, client):
    old = add_org(title="Old")
    OrganisationPage.objects.filter(pk=old.pk).update(
        last_published_at=timezone.now() - timedelta(days=10)
    )
    new = add_org(title="New")
    gone = add_org(title="Gone")
    since = (timezone.now() - timedelta(days=1)).isoformat()
    data = client.get("/api/v1/organisations", {"modified_since": since}).json()
    names = [item["name"] for item in data["results"]]
    assert "Old" not in names and {"New", "Gone"} <= set(names)
    assert client.get("/api/v1/organisations", {"modified_since": "yesterday"}).status_code == 422
    gone.unpublish()
    tombstones = client.get("/api/v1/tombstones", {"since": since}).json()
    assert tombstones["results"] == [
        {
            "atlas_id": str(gone.translation_key),
            "kind": "unpublished",
            "merged_into": None,
            "at": Tombstone.objects.get().at.isoformat(timespec="seconds"),
        }
    ]
    later = (timezone.now() + timedelta(minutes=1)).isoformat()
    assert client.get("/api/v1/tombstones", {"since": later}).json()["count"] == 0
    assert new.live
