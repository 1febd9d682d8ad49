"""`manage.py reimport_sources [--source NAME] [--all-due | --force] [--dry-run]`, run by cron.

Fetches each due data source's file from its re-import URL and imports it; every run, failed
or not, is an ImportRun in the admin's imports list.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from opendata.imports.reimport import (
    DONE,
    DRY_RUN,
    SKIPPED,
    is_due,
    reimport,
    sources_with_last_reimport,
)
from opendata.models import DataSource


class Command(BaseCommand):
    help = (
        "Re-import the data sources whose scheduled re-import is due, from their re-import URL. "
        "Prints one line per source (failures on stderr, the rest unless -v 0); exits with "
        "status 1 if any source failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", help="Only this data source (its name).")
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--all-due",
            action="store_true",
            help="Every source whose schedule is due (the default).",
        )
        which.add_argument(
            "--force",
            action="store_true",
            help="Ignore the schedule: every source with a re-import URL, or --source, now.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Fetch and report what would happen; change and record nothing.",
        )

    def handle(self, *args, source, all_due, force, dry_run, verbosity, **options):
        sources = sources_with_last_reimport()
        if source:
            try:
                data_source = DataSource.objects.get(name=source)
            except DataSource.DoesNotExist as error:
                known = ", ".join(DataSource.objects.values_list("name", flat=True)) or "none"
                raise CommandError(f"Unknown source {source!r}. Known sources: {known}.") from error
            if not data_source.import_url:
                raise CommandError(f"The source {source!r} has no re-import URL.")
            sources = sources.filter(pk=data_source.pk)

        now = timezone.now()
        selected = []
        for candidate in sources:
            if force or is_due(candidate.reimport_every, candidate.last_reimport, now):
                selected.append(candidate)
            elif source and verbosity:
                self.stdout.write(f"{candidate}: {self.not_due(candidate)}")
        if not selected:
            if verbosity and not source:
                self.stdout.write("No data source is due for a re-import.")
            return

        failed = 0
        for candidate in selected:
            outcome = reimport(candidate, dry_run=dry_run)
            line = f"{candidate}: {self.describe(outcome)}"
            if outcome.failed:
                failed += 1
                self.stderr.write(line)
            elif verbosity:
                self.stdout.write(line)
        if failed:
            raise CommandError(
                f"{failed} of {len(selected)} re-imports failed; see the admin's imports list.",
                returncode=1,
            )

    def not_due(self, source):
        if source.reimport_every == "never":
            return "no scheduled re-import (use --force to re-import now)."
        last = timezone.localtime(source.last_reimport).strftime("%Y-%m-%d %H:%M")
        return f"not due ({source.get_reimport_every_display().lower()}, last re-import {last})."

    def describe(self, outcome):
        run = f" (import #{outcome.run.pk})" if outcome.run else ""
        if outcome.status == DONE:
            return f"imported {outcome.filename}{run}: {self.counts(outcome.summary)}."
        if outcome.status == DRY_RUN:
            return (
                f"dry run of {outcome.filename}: {self.counts(outcome.summary)}; nothing changed."
            )
        if outcome.status == SKIPPED:
            return f"skipped{run}: another import is running; the next run will try again."
        return f"FAILED{run}: {outcome.error}"

    def counts(self, summary):
        return (
            f"{summary['rows']} rows — {summary['new']} new, {summary['updated']} updated, "
            f"{summary['unchanged']} unchanged, {summary['duplicate']} possible duplicates, "
            f"{summary['rejected']} rejected"
        )
