"""`manage.py send_digests`, run by cron (hourly or daily): the due digests of followed searches
and themes, one email per follow and period, only when something changed; purges addresses
never confirmed within 7 days. Idempotent: a second run the same day sends nothing more."""

from django.core.management.base import BaseCommand

from following.digest import send_digests


class Command(BaseCommand):
    help = "Send the digests that are due and purge unconfirmed addresses."

    def handle(self, *args, verbosity, **options):
        counts = send_digests()
        if verbosity:
            self.stdout.write(
                f"Sent {counts['sent']} digest(s) of {counts['checked']} due follow(s); "
                f"purged {counts['purged']} unconfirmed address(es)."
            )
