"""`manage.py import_organisations FILE --source NAME [--dry-run]`: import a partner's file."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from opendata.imports.importer import Importer
from opendata.imports.lock import ImportAlreadyRunning
from opendata.imports.readers import UnreadableFile
from opendata.models import DataSource


class Command(BaseCommand):
    help = (
        "Import organisations from a CSV, XLSX, JSON or GeoJSON file of a data source. Exits "
        "with status 1 when rows are rejected; the per-row report is written as CSV."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The file to import.")
        parser.add_argument("--source", required=True, help="Name of the data source (snippet).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; change nothing."
        )
        parser.add_argument(
            "--format", choices=["csv", "xlsx", "json", "geojson"], help="Override the format."
        )
        parser.add_argument("--report", help="Where to write the report (CSV).")

    def handle(self, *args, file, source, dry_run, format, report, **options):
        try:
            data_source = DataSource.objects.get(name=source)
        except DataSource.DoesNotExist as error:
            known = ", ".join(DataSource.objects.values_list("name", flat=True)) or "none"
            raise CommandError(f"Unknown source {source!r}. Known sources: {known}.") from error
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")

        importer = Importer(
            data_source,
            path.read_bytes(),
            filename=path.name,
            fmt=format,
            progress=self.progress,
        )
        try:
            result = importer.run(dry_run=dry_run)
        except UnreadableFile as error:
            raise CommandError(str(error)) from error
        except ImportAlreadyRunning as error:
            raise CommandError(str(error)) from error
        finally:
            if self.stderr.isatty():
                self.stderr.write("")

        report_path = Path(report) if report else self.default_report_path(data_source)
        report_path.parent.mkdir(parents=True, exist_ok=True)
        report_path.write_text(result.to_csv(), encoding="utf-8")

        summary = result.summary
        mode = "Dry run" if dry_run else "Imported"
        if result.auto_matched:
            matched = ", ".join(f"{col} → {name}" for col, name in result.auto_matched.items())
            self.stdout.write(
                f"{data_source.name} has no mapping: columns matched by their headers: {matched}. "
                "Save a mapping in the admin (Imports) to change it."
            )
        self.stdout.write(
            f"{mode}: {summary['rows']} rows — {summary['new']} new, "
            f"{summary['incomplete']} new drafts to complete, {summary['updated']} updated, "
            f"{summary['unchanged']} unchanged, {summary['duplicate']} possible duplicates, "
            f"{summary['rejected']} rejected; {summary['conflicts']} with conflicts, "
            f"{summary['personal_data_dropped']} with personal data dropped."
        )
        if result.ignored_columns:
            self.stdout.write("Columns not imported: " + ", ".join(result.ignored_columns))
        if result.personal_columns:
            self.stdout.write(
                "Columns that look personal (not imported): " + ", ".join(result.personal_columns)
            )
        self.stdout.write(f"Report: {report_path}")
        if result.has_rejections:
            raise CommandError(
                f"{summary['rejected']} rows rejected: see the report {report_path}", returncode=1
            )

    def default_report_path(self, source):
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        name = "".join(c if c.isalnum() else "-" for c in source.name.lower()).strip("-")
        return Path(settings.VAR_DIR) / "import-reports" / f"{name}-{stamp}.csv"

    def progress(self, done, total, stage):
        if not self.stderr.isatty() or not total:
            return
        width = 30
        filled = int(width * done / total)
        bar = "#" * filled + "-" * (width - filled)
        self.stderr.write(f"\r{stage:>6} [{bar}] {done}/{total}", ending="")
        self.stderr.flush()
