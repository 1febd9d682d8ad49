"""An import killed in the middle (kill -9, a crash, a power cut) leaves nothing half-done: the
database and the page tree are as before, and `manage.py fixtree` finds no problem."""

import os
import signal
import subprocess
import sys
import time
import uuid

from django.conf import settings
from django.db import connection

import pytest

ROWS = 600

# Run in a process of its own: imports ROWS rows, stops (and tells) once every page is inserted,
# and waits there, inside the import's transaction, to be killed.
IMPORTER = """
import sys, time
from pathlib import Path
import django
django.setup()
from opendata.imports import importer
from opendata.models import DataSource

signal_file = Path(sys.argv[2])
def remember(self, rows):
    signal_file.write_text("inserted")
    time.sleep(600)
importer.Importer._remember = remember
source = DataSource.objects.get(name="Kill test")
importer.Importer(source, Path(sys.argv[1]).read_bytes(), filename="kill.csv").run()
"""

SETUP = """
import django
django.setup()
from django.core.management import call_command
from opendata.models import DataSource
call_command("migrate", verbosity=0)
call_command("seed_atlas", organisations=0, verbosity=0)
DataSource.objects.create(name="Kill test", licence="ODbL 1.0", default_mode="publish")
"""

COUNT = """
import django
django.setup()
from directory.models import OrganisationPage
from opendata.models import ImportedRecord
print(OrganisationPage.objects.count(), ImportedRecord.objects.count())
"""


def atlas_csv(count):
    header = "name;summary;country;sector;legal_form;supports_transition;city;latitude;longitude"
    rows = [
        f"Coopérative {n};Aide numérique {n};FR;digital-inclusion;cooperative;true;Lyon;45.7;4.8"
        for n in range(count)
    ]
    return ("\n".join([header, *rows]) + "\n").encode()


@pytest.fixture
def database_url(tmp_path):
    """A database of its own, of the same kind as the test run's."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'kill.sqlite3'}"
        return
    import psycopg

    name = f"atlas_kill_{uuid.uuid4().hex[:8]}"
    params = connection.settings_dict
    admin = psycopg.connect(
        dbname="postgres",
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"] or None,
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        user = params["USER"] or "postgres"
        yield f"postgres://{user}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def run_python(code, database_url, *args, **kwargs):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "atlas_site.settings.test",
        "DATABASE_URL": database_url,
    }
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        env=environment,
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def finished(process, timeout=300):
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err
    return out


def test_an_import_killed_in_the_middle_leaves_the_database_and_tree_as_before(
    database_url, tmp_path
):
    finished(run_python(SETUP, database_url))
    data, flag = tmp_path / "kill.csv", tmp_path / "inserted"
    data.write_bytes(atlas_csv(ROWS))

    process = run_python(IMPORTER, database_url, str(data), str(flag))
    deadline = time.monotonic() + 300
    while not flag.exists():
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, "the import never reached its last step"
        time.sleep(0.2)
    os.kill(process.pid, signal.SIGKILL)  # every page inserted, nothing committed
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    assert finished(run_python(COUNT, database_url)).split() == ["0", "0"]
    fixtree = finished(
        run_python(
            "import django; django.setup(); "
            "from django.core.management import call_command; call_command('fixtree')",
            database_url,
        )
    )
    assert "No problems found." in fixtree, fixtree

    # The lock died with the process: the next import runs, and completes.
    retry = run_python(
        "import sys, django; from pathlib import Path; django.setup(); "
        "from opendata.imports.importer import Importer; from opendata.models import DataSource; "
        "report = Importer(DataSource.objects.get(name='Kill test'), "
        "Path(sys.argv[1]).read_bytes(), filename='kill.csv').run(); "
        "print(report.summary['new'])",
        database_url,
        str(data),
    )
    assert finished(retry).strip() == str(ROWS)
    assert finished(run_python(COUNT, database_url)).split() == [str(3 * ROWS), str(ROWS)]
