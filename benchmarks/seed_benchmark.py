"""Benchmark of the demo seed and the directory page at scale.

Prints figures; asserts nothing. Builds a FRESH database each run (a new SQLite file under var/,
or an emptied PostgreSQL database), so the developer's database is left alone:

    .venv/bin/python benchmarks/seed_benchmark.py                      # 10,000 organisations
    .venv/bin/python benchmarks/seed_benchmark.py --organisations 2000
    .venv/bin/python benchmarks/seed_benchmark.py \\
        --database-url postgres://postgres@127.0.0.1:5432/atlas_seed_bench   # DROPPED first

What is measured:
1. `manage.py migrate` on the empty database (for reference);
2. `manage.py seed_atlas --organisations N --seed 1` (the figure the issue asks for: under
   5 minutes for 10,000), run as a subprocess exactly as a developer would;
3. for several directory URLs (plain, filtered, searched, deep pages, French): the number of
   SQL queries of one request and the median / 95th percentile of warm requests through
   Django's whole stack (test client, templates included).
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

URLS = [
    ("directory, page 1", "/en/directory/"),
    ("directory, page 200", "/en/directory/?page=200"),
    ("directory, last page (out of range)", "/en/directory/?page=999999"),
    ("sorted by last update", "/en/directory/?sort=updated"),
    ("country + role", "/en/directory/?country=FR&role=support"),
    (
        "every facet",
        "/en/directory/?sector=training&country=DE&form=association"
        "&role=tools&service=hosting&language=de",
    ),
    ("full-text search", "/en/directory/?q=cooperative"),
    ("search + filters", "/en/directory/?q=digital&country=FR&country=BE&service=training"),
    ("French directory + search", "/fr/annuaire/?q=numérique&sort=updated"),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=20, help="warm requests per URL")
    parser.add_argument(
        "--database-url",
        help="PostgreSQL database to use: it is DROPPED and re-created (default: a new SQLite "
        "file var/benchmark-seed-N.sqlite3).",
    )
    return parser.parse_args()


def fresh_database(args):
    if args.database_url:
        import psycopg

        url = urlsplit(args.database_url)
        name = url.path.lstrip("/")
        admin = url._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        return args.database_url
    path = BASE_DIR / "var" / f"benchmark-seed-{args.organisations}.sqlite3"
    path.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def manage(*args, env):
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return time.perf_counter() - started, result.stdout


def measure(client, path, requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)  # warm up (site root paths, locales, renditions)
    assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    # Read now: the next requests reset connection.queries, which captured_queries slices.
    query_count = len(queries.captured_queries)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    heading = re.search(
        r'class="results-count"[^>]*>\s*([\d,. \u202f]+)', response.content.decode()
    )
    results = int(re.sub(r"\D", "", heading.group(1))) if heading else -1
    return statistics.median(timings), p95, query_count, results


def main():
    args = parse_args()
    database_url = fresh_database(args)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "atlas_site.settings.dev",
        "DEBUG": "false",
    }
    print(f"Database: {database_url}")
    migrate_time, _ = manage("migrate", "--verbosity", "0", env=env)
    print(f"migrate:                          {migrate_time:7.1f} s")
    seed_time, output = manage(
        "seed_atlas", "--organisations", str(args.organisations), "--seed", "1", env=env
    )
    print(f"seed_atlas --organisations {args.organisations}: {seed_time:7.1f} s (wall, subprocess)")
    print("  " + output.strip().splitlines()[-1])
    again_time, _ = manage(
        "seed_atlas", "--organisations", str(args.organisations), "--seed", "1", env=env
    )
    print(f"seed_atlas again (nothing to add): {again_time:6.1f} s")

    os.environ.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="atlas_site.settings.dev",
        DEBUG="false",
        ALLOWED_HOSTS="testserver,localhost",
    )
    import django

    django.setup()
    from django.test import Client

    from directory.models import OrganisationPage

    count = OrganisationPage.objects.filter(locale__language_code="en").count()
    print(f"\n{count} organisations per language; {args.requests} warm requests per URL\n")
    print(f"{'directory URL':38} {'results':>8} {'queries':>8} {'median ms':>10} {'p95 ms':>8}")
    client = Client()
    for label, path in URLS:
        median, p95, queries, results = measure(client, path, args.requests)
        print(f"{label:38} {results:8d} {queries:8d} {median:10.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
