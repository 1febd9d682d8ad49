import time

from django.core.management.base import BaseCommand

from directory.listing import rebuild_listing


class Command(BaseCommand):
    help = (
        "Rebuild the directory's listing (one row per live, public organisation page) from the "
        "pages: after changing pages without signals (raw SQL, a restored backup)."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        rows = rebuild_listing()
        self.stdout.write(f"{rows} listing rows in {time.monotonic() - started:.1f} s.")
