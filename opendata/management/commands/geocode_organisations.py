"""`manage.py geocode_organisations [--limit N] [--dry-run]`: the "needs location" backlog."""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from opendata.imports.geocoding import geocode_pages, get_geocoder


def describe(page):
    place = ", ".join(part for part in (page.postcode, page.city, str(page.country)) if part)
    return f"#{page.pk} {page.title} ({place})"


class Command(BaseCommand):
    help = (
        "Geocode the organisations that need a location (no coordinates, not online only) with "
        "the server-side geocoder of settings.ATLAS_GEOCODER (GEOCODER_URL in the environment). "
        "Pages with a draft in progress, or with neither a city nor a postcode, are left as they "
        "are. The geocoder is asked at most once a second."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit",
            type=int,
            help="Ask the geocoder about at most N organisations (the oldest first).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Ask the geocoder and print what would be set; save nothing.",
        )

    def handle(self, *args, limit, dry_run, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be at least 1.")
        try:
            geocoder = get_geocoder()
        except ImproperlyConfigured as error:
            raise CommandError(f"The geocoder is misconfigured: {error}") from error
        if geocoder is None:
            raise CommandError(
                "No geocoder is configured: set GEOCODER_URL to a Nominatim-compatible search "
                "endpoint (or settings.ATLAS_GEOCODER), then run this again."
            )
        self.dry_run = dry_run
        outcome = geocode_pages(None, geocoder, limit=limit, dry_run=dry_run, report=self.report)
        counts = outcome.counts()
        verb = "Would locate" if dry_run else "Located"
        self.stdout.write(
            f"{verb} {counts['located']}; not found {counts['not_found']}; left alone: "
            f"{counts['drafts']} with a draft in progress, {counts['no_address']} with neither "
            "a city nor a postcode."
        )

    def report(self, kind, page, point=None):
        if kind == "located":
            verb = "Would locate" if self.dry_run else "Located"
            self.stdout.write(f"{verb} {describe(page)} at {point[0]:.5f}, {point[1]:.5f}")
        elif kind == "not_found":
            self.stdout.write(f"Not found: {describe(page)}")
        elif kind == "draft":
            self.stdout.write(f"Draft in progress, left for its editor: {describe(page)}")
        elif kind == "no_address":
            self.stdout.write(f"No city or postcode to look up: {describe(page)}")
