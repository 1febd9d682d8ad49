"""Benchmark of the open data: importing 10,000 rows, and exporting 10,000 organisations uncached.

Prints figures; asserts nothing. Builds its own SQLite file (or uses --database-url) so that
the developer's database is left alone:

    .venv/bin/python benchmarks/opendata_benchmark.py                    # 10,000 rows, SQLite
    .venv/bin/python benchmarks/opendata_benchmark.py --rows 2000
    .venv/bin/python benchmarks/opendata_benchmark.py \\
        --database-url postgres://postgres@127.0.0.1:5432/atlas_opendata_bench

What is measured:
1. a first import of N new rows (Atlas CSV format, as a partner would send), through the same
   code as `manage.py import_organisations`: the time until the import committed, the time of
   the search indexing task that follows the commit, their total (target: under 2 minutes for
   10,000) and peak memory (the process's peak RSS growth, and Python's own peak from
   tracemalloc in a separate dry run, as tracemalloc slows everything it watches);
2. the same file imported again (every row unchanged: the idempotent path);
3. each export (CSV, GeoJSON, JSON-LD) built from the database with an empty cache
   (target: under 5 s for 10,000 organisations).
"""

import argparse
import csv
import io
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument(
        "--database-url",
        help="PostgreSQL database to use: it is EMPTIED first (default: a fresh SQLite file).",
    )
    return parser.parse_args()


def setup_django(args):
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        path = BASE_DIR / "var" / "benchmark-opendata.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "atlas_site.settings.test"
    import django

    django.setup()


def prepare():
    from django.core.management import call_command
    from django.db import connection

    from opendata.models import DataSource

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # start from an empty database, every time
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)
    call_command("seed_atlas", organisations=0, stdout=io.StringIO())
    source, _ = DataSource.objects.get_or_create(
        name="Benchmark partner", defaults={"licence": "ODbL 1.0", "default_mode": "publish"}
    )
    return source


def partner_file(count):
    """N rows in the Atlas's CSV format, drawn like the demo data (deterministic)."""
    from demo import organisations as demo_data
    from opendata.schema import COLUMN_NAMES, rich_text_to_plain

    rng = random.Random(6)
    sectors = [row[0] for row in demo_data.SECTORS]
    services = [row[0] for row in demo_data.SERVICES]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMN_NAMES, delimiter=";")
    writer.writeheader()
    for index in range(count):
        data = demo_data.organisation_data(rng, index, sectors, services)
        writer.writerow(
            {
                "name": f"{data['title']} {index}",  # unique names: no row is a duplicate
                "summary": data["summary"],
                "description": rich_text_to_plain(data["description"]),
                "website": data["website"].replace("://", f"://n{index}."),
                "email": data["email"],
                "phone": data["phone"],
                "address": data["address"],
                "postcode": data["postcode"],
                "city": data["city"],
                "country": data["country"],
                # decimal commas, as spreadsheets in most of Europe write them
                "latitude": ""
                if data["latitude"] is None
                else str(data["latitude"]).replace(".", ","),
                "longitude": ""
                if data["longitude"] is None
                else str(data["longitude"]).replace(".", ","),
                "online_only": "true" if data["online_only"] else "false",
                "sector": data["sector"],
                "legal_form": data["legal_form"],
                "national_legal_form": data["national_legal_form"],
                "supports_transition": "yes" if data["supports_transition"] else "no",
                "provides_tools": "yes" if data["provides_tools"] else "no",
                "services": "|".join(data["services"]),
                "scope": data["scope"],
                "countries_served": "|".join(data["countries_served"]),
                "languages": "|".join(data["languages"]),
                "founded_year": data["founded_year"] or "",
                "staff_size": data["staff_size"],
                "open_source": "true" if data["open_source"] else "false",
                "open_source_note": data["open_source_note"],
                "social_links": "|".join(f"{kind} {url}" for kind, url in data["social_links"]),
                "source": "Benchmark partner",
                "source_record_id": f"bench-{index}",
                "source_licence": "ODbL 1.0",
            }
        )
    return buffer.getvalue().encode("cp1252", errors="replace")


def peak_rss_mb():
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class DeferredTasks:
    """Stands in for the index task: records what the import enqueues, to time it apart."""

    def __init__(self):
        self.page_ids = []

    def enqueue(self, page_ids):
        self.page_ids += page_ids


def timed_import(source, content, dry_run=False):
    """(seconds until the import committed, seconds of search indexing after it, report)."""
    from directory.indexing import index_organisations
    from opendata.imports import importer

    deferred = DeferredTasks()
    importer.index_organisations = deferred
    try:
        started = time.perf_counter()
        report = importer.Importer(source, content, filename="partner.csv").run(dry_run=dry_run)
        committed = time.perf_counter() - started
    finally:
        importer.index_organisations = index_organisations
    started = time.perf_counter()
    if deferred.page_ids:
        index_organisations.call(deferred.page_ids)
    return committed, time.perf_counter() - started, report


def main():
    args = parse_args()
    setup_django(args)
    from django.core.cache import cache
    from django.db import connection
    from django.test import RequestFactory

    from directory.models import OrganisationPage
    from opendata.export import build_export

    source = prepare()
    content = partner_file(args.rows)
    print(f"Database: {connection.vendor}; file: {len(content) / 1e6:.1f} MB, {args.rows:,} rows")

    tracemalloc.start()
    seconds, _indexing, report = timed_import(source, content, dry_run=True)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print("\n== Dry run (plan only), under tracemalloc ==")
    print(f"time (slowed by tracemalloc): {seconds:.1f} s; Python peak: {traced_peak / 1e6:.0f} MB")

    rss_before = peak_rss_mb()
    seconds, indexing, report = timed_import(source, content)
    rss_after = peak_rss_mb()
    summary = report.summary
    print("\n== First import ==")
    print(
        f"rows: {summary['rows']:,}; new {summary['new']:,}, "
        f"duplicates {summary['duplicate']:,}, rejected {summary['rejected']:,}, "
        f"personal data dropped in {summary['personal_data_dropped']:,}"
    )
    print(f"committed in:           {seconds:.1f} s")
    print(f"search index (task after the commit): {indexing:.1f} s")
    print(
        f"total:                  {seconds + indexing:.1f} s   "
        "(target: under 120 s for 10,000 rows)"
    )
    print(f"peak RSS: {rss_after:.0f} MB (grew by {max(0, rss_after - rss_before):.0f} MB)")
    pages = OrganisationPage.objects.count()
    print(f"organisation pages now: {pages:,} (English pages and their French aliases)")

    seconds, _indexing, report = timed_import(source, content)
    print("\n== Same file again (idempotent) ==")
    print(f"unchanged: {report.summary['unchanged']:,}; time: {seconds:.1f} s")

    print("\n== Exports, cache empty ==")
    request = RequestFactory().get("/open-data/organisations.csv")
    for fmt in ("csv", "geojson", "jsonld"):
        cache.clear()
        started = time.perf_counter()
        data = build_export(fmt, request)
        seconds = time.perf_counter() - started
        print(f"{fmt:8} {len(data) / 1e6:5.1f} MB in {seconds:.2f} s   (target: under 5 s)")


if __name__ == "__main__":
    main()
