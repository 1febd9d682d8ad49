"""`manage.py send_renewal_reminders [--dry-run]`, run by cron (daily is right; any rhythm works).

Emails the organisations that are ageing and due a reminder (moderation.renewal). Idempotent:
a second run the same day sends nothing.
"""

from django.core.management.base import BaseCommand

from moderation.renewal import send_reminders


class Command(BaseCommand):
    help = "Send the renewal reminders that are due (at most one per period per organisation)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what is due; send and record nothing."
        )

    def handle(self, *args, dry_run, verbosity, **options):
        counts = send_reminders(dry_run=dry_run)
        if verbosity:
            self.stdout.write(
                f"{'Would send' if dry_run else 'Sent'} {counts['reminder']} reminder(s), "
                f"{counts['last']} last reminder(s); {counts['no_address']} organisation(s) "
                "without an address to write to."
            )
