"""Background tasks of imports (django-tasks, as configured by settings.TASKS)."""

from django_tasks import task


@task()
def run_import(run_id, language=None):
    """Run a confirmed admin import; its outcome and report are saved on the ImportRun, in the
    language of the moderator who confirmed it (the report's reasons are sentences)."""
    from django.utils import translation

    from opendata.models import ImportRun

    run = ImportRun.objects.select_related("source").get(pk=run_id)
    with translation.override(language):
        execute_import(run)
    return run.status


def execute_import(run):
    """Import the run's file and record the outcome, report or error on the run.

    Shared by the task and the scheduled re-import (which runs it in its own process, to report
    each source's outcome). Returns the exception that failed the import, or None.
    """
    from django.utils import timezone

    from opendata.imports.importer import Importer
    from opendata.models.imports import ImportStatus

    run.status, run.started_at = ImportStatus.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])
    failure = None
    try:
        importer = Importer(
            run.source, bytes(run.content or b""), filename=run.filename, fmt=run.format or None
        )
        report = importer.run()
    except Exception as error:  # the transaction rolled back: say why, keep the file to retry
        failure = error
        run.status, run.error = ImportStatus.FAILED, str(error)[:2000]
    else:
        run.status, run.error = ImportStatus.DONE, ""
        run.summary, run.report = report.summary, report.to_json()
        run.content = None  # the upload may hold personal data the import dropped
    run.finished_at = timezone.now()
    run.save()
    return failure
