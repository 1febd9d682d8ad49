"""`manage.py prune_access_requests [--days 90] [--dry-run]`: forget decided access requests.

A request for a new invitation holds an email address and a message; once a moderator has
decided it, the address has served its purpose (an approved one lives on in the account it
invited). Decided requests are deleted `--days` after the decision, undecided ones a year after
they were sent. Run it daily from cron, next to `prune_imports`.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from moderation.models import AccessRequest, ReviewStatus

UNDECIDED_DAYS = 365


class Command(BaseCommand):
    help = "Delete access requests decided more than N days ago (undecided: after a year)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90, help="Age in days (default 90).")
        parser.add_argument("--dry-run", action="store_true", help="Count; change nothing.")

    def handle(self, *args, days, dry_run, **options):
        now = timezone.now()
        decided = Q(reviewed_at__lt=now - timedelta(days=max(days, 1))) & ~Q(
            status=ReviewStatus.PENDING
        )
        forgotten = Q(status=ReviewStatus.PENDING, created_at__lt=now - timedelta(UNDECIDED_DAYS))
        old = AccessRequest.objects.filter(decided | forgotten)
        count = old.count()
        if not dry_run:
            old.delete()
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {count} access requests.")
