"""Re-imports from a data source's URL: which sources are due, then fetch and import.

Shared by `manage.py reimport_sources` (run by cron) and the admin's "Re-import now from URL",
so that both leave the same ImportRun behind for moderators to read.
"""

import calendar
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from opendata.imports.fetch import INTERACTIVE_TIMEOUT, FetchError, fetch, url_filename
from opendata.imports.importer import Importer
from opendata.imports.lock import ImportAlreadyRunning
from opendata.imports.readers import UnreadableFile
from opendata.imports.tasks import execute_import
from opendata.models import DataSource, ImportRun
from opendata.models.imports import ImportStatus, ImportTrigger
from opendata.models.sources import ReimportFrequency

# The runs that took the file from the URL: an upload may have been another file altogether.
REIMPORT_TRIGGERS = [ImportTrigger.SCHEDULED, ImportTrigger.MANUAL]

DONE, DRY_RUN, FAILED, SKIPPED = "done", "dry run", "failed", "skipped"


@dataclass
class Outcome:
    """What became of one source's re-import, for the command's one line."""

    source: DataSource
    status: str
    run: ImportRun | None = None
    filename: str = ""
    summary: dict = field(default_factory=dict)
    error: str = ""

    @property
    def failed(self):
        return self.status == FAILED


# --- Schedule ---
def sources_with_last_reimport(queryset=None):
    """Sources with an import URL, annotated with `last_reimport` (the last successful one)."""
    queryset = DataSource.objects.all() if queryset is None else queryset
    return queryset.exclude(import_url="").annotate(
        last_reimport=Max(
            "runs__created_at",
            filter=Q(runs__status=ImportStatus.DONE, runs__trigger__in=REIMPORT_TRIGGERS),
        )
    )


def is_due(frequency, last_reimport, now=None):
    """Whether a source re-imported at `frequency`, last at `last_reimport`, is due at `now`.

    Calendar days in the site's time zone, not durations: cron starts the command at about the
    same time each day, and yesterday's run may have started a few seconds later than today's.
    """
    if frequency == ReimportFrequency.NEVER:
        return False
    if last_reimport is None:
        return True
    today = timezone.localdate(now or timezone.now())
    return timezone.localdate(last_reimport) <= latest_date_due(frequency, today)


def latest_date_due(frequency, today):
    """The last day on which a previous re-import makes the source due again today."""
    if frequency == ReimportFrequency.DAILY:
        return today - timedelta(days=1)
    if frequency == ReimportFrequency.WEEKLY:
        return today - timedelta(days=7)
    # Monthly: the same day last month, or that month's last day (31 March → 28 February).
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return today.replace(
        year=year, month=month, day=min(today.day, calendar.monthrange(year, month)[1])
    )


def due_sources(now=None, queryset=None):
    sources = sources_with_last_reimport(queryset).exclude(reimport_every=ReimportFrequency.NEVER)
    return [
        source for source in sources if is_due(source.reimport_every, source.last_reimport, now)
    ]


# --- Fetch and import ---
def reimport(source, *, dry_run=False, trigger=ImportTrigger.SCHEDULED):
    """Fetch the source's file and import it, recorded as an ImportRun (unless a dry run)."""
    try:
        fetched = fetch(source.import_url, source.format)
    except FetchError as error:
        run = None
        if not dry_run:  # moderators see in the imports list that the download failed
            run = ImportRun.objects.create(
                source=source,
                filename=url_filename(source.import_url),
                url=source.import_url,
                trigger=trigger,
                status=ImportStatus.FAILED,
                error=str(error),
                finished_at=timezone.now(),
            )
        return Outcome(source, FAILED, run, url_filename(source.import_url), error=str(error))

    if dry_run:
        importer = Importer(source, fetched.content, filename=fetched.filename, fmt=fetched.format)
        try:
            report = importer.run(dry_run=True)
        except UnreadableFile as error:
            return Outcome(source, FAILED, filename=fetched.filename, error=str(error))
        return Outcome(source, DRY_RUN, filename=fetched.filename, summary=report.summary)

    run = ImportRun.objects.create(
        source=source,
        filename=fetched.filename,
        url=fetched.url,
        format=fetched.format,
        content=fetched.content,
        trigger=trigger,
        status=ImportStatus.QUEUED,
    )
    failure = execute_import(run)
    if failure is None:
        return Outcome(source, DONE, run, run.filename, summary=run.summary)
    # The next re-import downloads the file afresh: keeping this copy would only keep any
    # personal data it holds.
    run.content = None
    if isinstance(failure, ImportAlreadyRunning):
        run.error = _("Skipped: another import was running. The next re-import will try again.")
    run.save(update_fields=["content", "error"])
    status = SKIPPED if isinstance(failure, ImportAlreadyRunning) else FAILED
    return Outcome(source, status, run, run.filename, error=run.error)


def preview_from_url(source, user=None):
    """Fetch the source's file and plan its import, as a run awaiting a moderator's confirmation.

    Raises FetchError or UnreadableFile, whose messages say what went wrong.
    """
    fetched = fetch(source.import_url, source.format, timeout=INTERACTIVE_TIMEOUT)
    importer = Importer(source, fetched.content, filename=fetched.filename, fmt=fetched.format)
    report = importer.run(dry_run=True)
    return ImportRun.objects.create(
        source=source,
        filename=fetched.filename,
        url=fetched.url,
        format=fetched.format,
        content=fetched.content,
        trigger=ImportTrigger.MANUAL,
        summary=report.summary,
        report=report.to_json(),
        created_by=user,
    )
