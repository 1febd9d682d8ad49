import time

from django.core.management.base import BaseCommand, CommandError

from demo.seeding import AtlasSeeder
from directory.models import OrganisationPage


class Command(BaseCommand):
    help = "Build the demo atlas (site tree, vocabularies and N organisations), idempotently."

    def add_arguments(self, parser):
        parser.add_argument(
            "--organisations", type=int, default=300, help="How many organisations."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed (same seed, same atlas)."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the directory already has organisations (used by `make run`).",
        )

    def handle(self, *args, organisations, seed, if_empty=False, **options):
        if organisations < 0:
            raise CommandError("--organisations must be zero or more.")
        if if_empty and OrganisationPage.objects.exists():
            self.stdout.write("The atlas already has organisations: nothing to seed.")
            return
        started = time.monotonic()
        created = AtlasSeeder(seed=seed, stdout=self.stdout).run(organisations)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo atlas ready: {created} organisations created in {elapsed:.1f} s "
                f"(seed {seed}, {organisations} requested)."
            )
        )
