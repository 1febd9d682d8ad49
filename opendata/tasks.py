"""Background tasks of the open data app (django-tasks, as configured by settings.TASKS)."""

from django_tasks import task


@task()
def index_organisations(page_ids):
    """Add imported organisation pages to the search index, after their import committed.

    Bulk inserts bypass the signals that index a page on save; indexing 20,000 pages (10,000
    organisations and their aliases) takes longer than the import itself on PostgreSQL, so it
    runs after the commit instead of inside the import's transaction. On PostgreSQL a French
    alias's entry is a copy of its original's (the same content), made in SQL.
    """
    from wagtail.search.backends import get_search_backend

    from directory.models import OrganisationPage

    backend = get_search_backend()
    aliases = set()
    if _can_copy_alias_entries(backend):
        aliases = set(
            OrganisationPage.objects.filter(pk__in=page_ids, alias_of__isnull=False).values_list(
                "pk", flat=True
            )
        )
    to_index = [pk for pk in page_ids if pk not in aliases]
    for start in range(0, len(to_index), 1000):
        batch = (
            OrganisationPage.objects.filter(pk__in=to_index[start : start + 1000])
            .select_related("sector")
            .prefetch_related("services")
        )
        backend.add_bulk(OrganisationPage, list(batch))
    if aliases:
        _copy_alias_entries(sorted(aliases))
    return len(page_ids)


def _can_copy_alias_entries(backend):
    from django.db import connection

    if connection.vendor != "postgresql":
        return False
    from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

    return isinstance(backend, PostgresSearchBackend)


def _copy_alias_entries(alias_ids):
    """Give each alias the index entry of the page it is an alias of (already indexed)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from wagtail.models import Page
    from wagtail.search.models import IndexEntry

    from directory.models import OrganisationPage

    entries = IndexEntry._meta.db_table
    pages = Page._meta.db_table
    content_type = ContentType.objects.get_for_model(OrganisationPage).pk
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {entries} (content_type_id, object_id, title, autocomplete, body,
                                   title_norm, title_text, body_text)
            SELECT e.content_type_id, CAST(p.id AS varchar), e.title, e.autocomplete, e.body,
                   e.title_norm, e.title_text, e.body_text
            FROM {pages} p
            JOIN {entries} e
              ON e.content_type_id = %s AND e.object_id = CAST(p.alias_of_id AS varchar)
            WHERE p.id = ANY(%s)
            ON CONFLICT (content_type_id, object_id) DO UPDATE SET
                title = EXCLUDED.title, autocomplete = EXCLUDED.autocomplete,
                body = EXCLUDED.body, title_norm = EXCLUDED.title_norm,
                title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text
            """,
            [content_type, list(alias_ids)],
        )


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
