"""Benchmark of directory search: the per-language search entries (directory.search) against
Wagtail's database search backend (what the directory used before), in the same run.

Prints figures; asserts nothing. Seeds its own database (10,000 organisations with their French
and German pages) unless it is already seeded:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/atlas_bench_search \\
        .venv/bin/python benchmarks/search_benchmark.py
    .venv/bin/python benchmarks/search_benchmark.py          # SQLite: var/benchmark-search.sqlite3

For each query and language: the median (of --rounds) time to count the matches and fetch the
first page of 24 results ordered as the directory orders them, with the old backend (whole-word
search, one configuration) and the new one (stems in the field's language, prefixes), their ratio,
and how many organisations each finds.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

QUERIES = [
    ("en", "cooperative"),
    ("en", "hosting"),
    ("en", "coope"),
    ("en", "Vien"),
    ("fr", "hébergement"),
    ("fr", "données"),
    ("fr", "coope"),
    ("de", "Genossenschaft"),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=7)
    return parser.parse_args()


def setup(args):
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{BASE_DIR / 'var' / 'benchmark-search.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atlas_site.settings.dev")
    os.environ.setdefault("TASKS_BACKEND", "immediate")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from directory.models import OrganisationPage

    existing = OrganisationPage.objects.filter(locale__language_code="en").count()
    if existing < args.organisations:
        print(f"seeding {args.organisations} organisations (once)…", flush=True)
        call_command("seed_atlas", organisations=args.organisations, verbosity=0)


def timed(function, rounds):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main():
    args = parse_args()
    setup(args)
    from django.db import connection
    from django.http import QueryDict
    from django.utils import translation

    from directory.filters import DirectoryFilter
    from directory.models import DirectoryIndexPage, OrganisationPage

    print(f"database: {connection.vendor}; {args.rounds} rounds, medians in ms")
    print(
        f"{'lang':4} {'query':15} {'before ms':>9} {'found':>6} {'after ms':>9} {'found':>6} ratio"
    )
    for language, query in QUERIES:
        with translation.override(language):
            directory = DirectoryIndexPage.objects.get(locale__language_code=language)
            organisations = directory.organisations

            def before(organisations=organisations, query=query):
                # What the directory did before: Wagtail's database backend as a subquery.
                results = OrganisationPage.objects.search(query, order_by_relevance=False)
                matching = organisations.filter(pk__in=results.get_queryset().values("pk"))
                return matching.count(), list(matching.order_by("title", "pk")[:24])

            def after(organisations=organisations, query=query):
                directory_filter = DirectoryFilter(QueryDict(f"q={query}"), organisations)
                matching = directory_filter.filtered()
                return matching.count(), list(directory_filter.ordered(matching)[:24])

            before_ms, (before_count, _) = timed(before, args.rounds)
            after_ms, (after_count, _) = timed(after, args.rounds)
        print(
            f"{language:4} {query:15} {before_ms:9.1f} {before_count:6} "
            f"{after_ms:9.1f} {after_count:6} {after_ms / before_ms:5.2f}"
        )


if __name__ == "__main__":
    main()
