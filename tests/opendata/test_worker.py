"""Admin imports go through the database task queue and are run by `manage.py db_worker`."""

from django.core.management import call_command
from django.test import override_settings

import pytest
from django_tasks_db.models import DBTaskResult

from directory.models import OrganisationPage
from opendata.models import ImportRun
from tests.opendata.conftest import partner_csv
from tests.opendata.test_admin import BAD, GOOD, upload

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@override_settings(TASKS=DATABASE_QUEUE)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_confirmed_import_waits_in_the_queue_until_the_worker_runs_it(
    migrated_data, admin_client, partner, django_capture_on_commit_callbacks
):
    # A transactional test: the worker takes SQLite's write lock with BEGIN EXCLUSIVE.
    upload(admin_client, partner, partner_csv(GOOD))
    run = ImportRun.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/opendata/imports/{run.pk}/confirm/")

    run.refresh_from_db()
    assert run.status == "queued"
    assert DBTaskResult.objects.filter(task_path="opendata.imports.tasks.run_import").count() == 1
    assert not OrganisationPage.objects.exists()
    page = admin_client.get(f"/admin/opendata/imports/{run.pk}/").content.decode()
    assert "runs in the background" in page and "Confirm and import" not in page

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    run.refresh_from_db()
    assert run.status == "done" and run.summary["new"] == 1
    assert OrganisationPage.objects.filter(title="Coop Libre").count() == 3  # with its aliases
    page = admin_client.get(f"/admin/opendata/imports/{run.pk}/").content.decode()
    assert "runs in the background" not in page


@override_settings(TASKS=DATABASE_QUEUE)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_writes_the_report_in_the_language_of_the_moderator_who_confirmed(
    migrated_data, admin_client, admin_user, partner, django_capture_on_commit_callbacks
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "fr"  # a moderator who works in French
    profile.save()
    upload(admin_client, partner, partner_csv(GOOD, BAD))
    run = ImportRun.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/opendata/imports/{run.pk}/confirm/", HTTP_ACCEPT_LANGUAGE="fr")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    run.refresh_from_db()
    assert run.status == "done"
    assert [row["reasons"] for row in run.report if row["status"] == "rejected"] == ["nom manquant"]


@override_settings(TASKS=DATABASE_QUEUE)
def test_an_import_left_waiting_or_stopped_says_so_and_can_be_queued_again(
    admin_client, partner, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    upload(admin_client, partner, partner_csv(GOOD))
    run = ImportRun.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/opendata/imports/{run.pk}/confirm/")
    page = admin_client.get(f"/admin/opendata/imports/{run.pk}/").content.decode()
    assert "runs in the background" in page and "Queue it again" not in page
    # Confirming twice while it waits queues nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/opendata/imports/{run.pk}/confirm/")
    assert DBTaskResult.objects.filter(task_path="opendata.imports.tasks.run_import").count() == 1

    # No worker took it for a quarter of an hour.
    ImportRun.objects.filter(pk=run.pk).update(queued_at=timezone.now() - timedelta(minutes=15))
    page = admin_client.get(f"/admin/opendata/imports/{run.pk}/").content.decode()
    assert "check that the task worker" in page and "Queue it again" in page

    # Its worker died in the middle (nothing was committed).
    ImportRun.objects.filter(pk=run.pk).update(
        status="running", started_at=timezone.now() - timedelta(hours=1)
    )
    page = admin_client.get(f"/admin/opendata/imports/{run.pk}/").content.decode()
    assert "its worker has probably stopped" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/opendata/imports/{run.pk}/confirm/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == "queued"
    assert DBTaskResult.objects.filter(task_path="opendata.imports.tasks.run_import").count() == 2
