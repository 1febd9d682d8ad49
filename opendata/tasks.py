"""Background tasks of the open data app (django-tasks, as configured by settings.TASKS)."""

from django_tasks import task


@task()
def index_organisations(page_ids):
    """Add imported organisation pages to the search index, after their import committed.

    Bulk inserts bypass the signals that index a page on save; indexing 20,000 pages (10,000
    organisations and their aliases) takes longer than the import itself on PostgreSQL, so it
    runs after the commit instead of inside the import's transaction.
    """
    from wagtail.search.backends import get_search_backend

    from directory.models import OrganisationPage

    backend = get_search_backend()
    for start in range(0, len(page_ids), 1000):
        pages = (
            OrganisationPage.objects.filter(pk__in=page_ids[start : start + 1000])
            .select_related("sector")
            .prefetch_related("services")
        )
        backend.add_bulk(OrganisationPage, list(pages))
    return len(page_ids)


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

    from opendata.importer import Importer
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
