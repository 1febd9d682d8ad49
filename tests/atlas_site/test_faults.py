"""Faults a reader must never see as a 500: ids too large for the database, the database away.

The database "away" is a connection whose every query fails as psycopg's and sqlite3's do when
the server is down (Django's OperationalError); the load-and-fault benchmark restarts a real
PostgreSQL under a real server.
"""

from django.db import OperationalError, connection
from django.test import Client

import pytest

from tests.moderation.conftest import atlas  # noqa: F401

HUGE = "99999999999999999999999"


@pytest.fixture
def reader():
    # A client that gets the error pages (handler500) instead of the view's exception.
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    "path",
    [
        f"/en/claim/{HUGE}/",
        f"/fr/revendiquer/{HUGE}/",
        f"/documents/{HUGE}/report.pdf",
        f"/en/claim/{'9' * 400}/",
        "/en/claim/-1/",
        "/en/claim/0x10/",
    ],
)
def test_odd_ids_in_public_paths_are_not_found(reader, atlas, path):  # noqa: F811
    response = reader.get(path, follow=True)
    assert response.status_code == 404


def test_odd_ids_in_admin_paths_are_not_found(reader, atlas):  # noqa: F811
    reader.force_login(atlas.admin)
    for path in (
        f"/admin/pages/{HUGE}/edit/",
        f"/admin/images/{HUGE}/",
        f"/admin/documents/edit/{HUGE}/",
        f"/admin/choose-page/{HUGE}/",
    ):
        # (An admin 404 is first redirected to /en/admin/…, by LocaleMiddleware.)
        assert reader.get(path, follow=True).status_code == 404, path


def refuse(*args, **kwargs):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


@pytest.fixture
def database_away():
    """Every new query fails as it does while the database server is down (undone before the
    test database is rolled back)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(connection, "cursor", refuse)
        patch.setattr(connection, "chunked_cursor", refuse)
        yield patch


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/en/", "Back in a moment"),
        ("/en/directory/", "Back in a moment"),
        ("/fr/annuaire/", "De retour dans un instant"),
        ("/open-data/organisations.csv", "Back in a moment"),
    ],
)
def test_pages_answer_a_friendly_translated_503_while_the_database_is_away(
    reader,
    atlas,  # noqa: F811
    database_away,
    path,
    words,
):
    response = reader.get(path)
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    text = response.content.decode()
    assert words in text
    assert "Traceback" not in text and "OperationalError" not in text


def test_the_site_recovers_as_soon_as_the_database_is_back(reader, atlas, database_away):  # noqa: F811
    assert reader.get("/en/directory/").status_code == 503
    database_away.undo()
    assert reader.get("/en/directory/").status_code == 200


def test_health_check_reports_the_database_and_the_cache(client, atlas):  # noqa: F811
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(connection, "cursor", refuse)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert response["Cache-Control"].startswith("max-age=0")


def test_health_check_reports_an_unreachable_cache(client, atlas, monkeypatch):  # noqa: F811
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unreachable"
