"""`manage.py prune_imports [--days 30] [--dry-run]`: forget uploaded files nobody will import.

An upload stays in the database, with whatever personal data it holds, until it is imported. A
preview nobody confirmed is deleted after `--days`; a failed run keeps its report and error but
loses its file. Run it daily from cron, next to `reimport_sources`.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from opendata.models import ImportRun
from opendata.models.imports import ImportStatus


class Command(BaseCommand):
    help = "Delete unconfirmed import previews and the files of failed imports older than N days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="Age in days (default 30).")
        parser.add_argument("--dry-run", action="store_true", help="Count; change nothing.")

    def handle(self, *args, days, dry_run, **options):
        cutoff = timezone.now() - timedelta(days=max(days, 1))
        previews = ImportRun.objects.filter(status=ImportStatus.PREVIEW, created_at__lt=cutoff)
        failed = ImportRun.objects.filter(
            status=ImportStatus.FAILED, created_at__lt=cutoff, content__isnull=False
        )
        counts = (previews.count(), failed.count())
        if not dry_run:
            previews.delete()
            failed.update(content=None)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {counts[0]} unconfirmed previews and the files of {counts[1]} failed "
            f"imports older than {days} days."
        )
