"""The embedded database (SQLite) behind a real multi-process server: simultaneous proposals
are each accepted, never a 500 "database is locked".

The test database (in memory) is copied to a file, and gunicorn serves it with two processes of
four threads each, as `make serve` would, while twenty clients post a proposal at the same time.
"""

import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.db import connection

import pytest

from directory.models import Sector
from moderation.roles import setup_moderation

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's locking under concurrency",
)

PROPOSALS = 20
ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(migrated_data, site_tree, tmp_path):
    setup_moderation()
    database = tmp_path / "atlas.sqlite3"
    target = sqlite3.connect(database)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.close()
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "atlas_site.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        "ATLAS_PROPOSAL_RATE_LIMIT": str(PROPOSALS * 2),
    }
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "atlas_site.wsgi:application"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4"),
            *("--error-logfile", str(tmp_path / "gunicorn.log"), "--access-logfile", "/dev/null"),
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, tmp_path / "gunicorn.log")
    except BaseException:
        process.kill()  # never leave a server behind a failed start
        process.wait()
        raise
    yield base, database
    process.terminate()
    process.wait(timeout=20)


def wait_until_up(base, log):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=20)
            return
        except OSError:  # not listening yet (URLError, a reset, a timeout)
            time.sleep(0.2)
    pytest.fail("gunicorn did not start: " + log.read_text())


def propose(base, number, sector_id):
    token = secrets.token_hex(16)  # a CSRF secret, the same in the cookie and the form
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "title": f"Concurrent Commons {number} {secrets.token_hex(3)}",
            "summary": "A proposal sent at the same time as nineteen others.",
            "website": f"https://concurrent-{number}.example.org",
            "country": "BE",
            "address": "Place Saint-Lambert 1",
            "city": "Liège",
            "sector": sector_id,
            "legal_form": "association",
            "provides_tools": "on",
            "submitter_name": "Jo Tester",
            "submitter_email": f"jo{number}@concurrent-{number}.example.org",
            "consent": "on",
            "fax_number": "",
            "not_a_duplicate": "on",
        }
    ).encode()
    request = urllib.request.Request(
        base + "/en/add-organisation/",
        data=data,
        headers={"Cookie": f"csrftoken={token}", "X-Forwarded-For": f"198.51.100.{number}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


# Serialized rollback, as the other transactional tests: a plain flush would run post_migrate
# again and leave rows that the next test's restore of the migrations' data collides with.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_simultaneous_proposals_on_sqlite_are_all_accepted(server):
    base, database = server
    sector_id = Sector.objects.filter(locale__language_code="en").first().pk
    with ThreadPoolExecutor(PROPOSALS) as pool:
        statuses = list(pool.map(lambda n: propose(base, n, sector_id), range(PROPOSALS)))
    assert statuses == [200] * PROPOSALS
    with sqlite3.connect(database) as check:
        (count,) = check.execute("SELECT COUNT(*) FROM moderation_organisationproposal").fetchone()
        (mode,) = check.execute("PRAGMA journal_mode").fetchone()
    assert count == PROPOSALS
    assert mode == "wal"
