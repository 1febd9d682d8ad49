"""The task worker outlives a database restart: it waits, reconnects and runs what is queued."""

from django.core.management import call_command
from django.db import OperationalError
from django.test import override_settings

import pytest
from django_tasks import task
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from atlas_site.management.commands import db_worker

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
RAN = []


@task()
def note(word):
    RAN.append(word)


@pytest.fixture
def database_restarting(monkeypatch):
    """The first three polls fail as they do while PostgreSQL restarts; later ones work."""
    failures = {"left": 3}
    original = DBTaskResultQuerySet.get_locked

    def get_locked(self):
        if failures["left"]:
            failures["left"] -= 1
            raise OperationalError("server closed the connection unexpectedly")
        return original(self)

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", get_locked)
    waits = []
    monkeypatch.setattr(db_worker.time, "sleep", waits.append)
    return waits


@override_settings(TASKS=DATABASE_QUEUE)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_survives_database_errors_and_runs_the_queued_task(
    migrated_data, database_restarting
):
    RAN.clear()
    note.enqueue("after the restart")
    call_command("db_worker", "--no-startup-delay", "--no-reload", "--max-tasks", "1", verbosity=0)
    assert RAN == ["after the restart"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    # It waited longer each time, never more than the longest wait.
    backoff = [wait for wait in database_restarting if wait >= db_worker.FIRST_WAIT]
    assert backoff[:3] == [0.5, 1.0, 2.0]


@override_settings(TASKS=DATABASE_QUEUE)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_batch_run_still_stops_at_a_database_error(migrated_data, database_restarting):
    with pytest.raises(OperationalError):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
