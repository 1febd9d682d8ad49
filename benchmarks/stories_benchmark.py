"""Benchmark of the stories and the home page: response times and SQL queries per page.

Prints figures; asserts nothing. Seeds its own SQLite file (the demo atlas plus N extra stories,
all mentioning one organisation), so the developer's database is left alone:

    .venv/bin/python benchmarks/stories_benchmark.py          # 300 organisations, 200 stories
    .venv/bin/python benchmarks/stories_benchmark.py --stories 1000 --organisations 2000

For each page: the median and 95th percentile of 30 warm requests through Django's whole stack
(test client, templates included), and the number of SQL queries of one request.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=300)
    parser.add_argument("--stories", type=int, default=200, help="extra stories to add")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--database", help="SQLite file (default: var/benchmark-stories-*.sqlite3)")
    return parser.parse_args()


def setup_django(args):
    database = args.database or (
        BASE_DIR / "var" / f"benchmark-stories-{args.organisations}-{args.stories}.sqlite3"
    )
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(database).resolve()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atlas_site.settings.dev")
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    import django

    django.setup()
    return database


def seed(args):
    import datetime

    from django.core.management import call_command

    from directory.models import OrganisationPage
    from stories.models import StoryIndexPage, StoryOrganisation, StoryPage, Theme

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_atlas", organisations=args.organisations, stdout=io.StringIO())
    index = StoryIndexPage.objects.filter(locale__language_code="en").first()
    busy = OrganisationPage.objects.filter(locale__language_code="en").order_by("pk").first()
    themes = list(Theme.objects.filter(locale__language_code="en"))
    existing = StoryPage.objects.child_of(index).filter(slug__startswith="bench-").count()
    for n in range(existing, args.stories):
        story = StoryPage(
            title=f"Benchmark story {n}",
            slug=f"bench-{n}",
            kind=["interview", "news", "analysis", "portrait"][n % 4],
            standfirst="A story written to measure how the pages scale.",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 300),
        )
        story.body = [{"type": "paragraph", "value": "<p>" + "word " * 400 + "</p>"}]
        story.themes = [themes[n % len(themes)]]
        story.related_organisations = [StoryOrganisation(organisation=busy, sort_order=0)]
        index.add_child(instance=story)
        story.save_revision().publish()
    print(f"  seeded in {time.perf_counter() - started:.0f} s")
    return busy


def measure(client, path, requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)  # warm up (renditions, caches)
    assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    # Read now: every request clears Django's query log (request_started -> reset_queries).
    query_count = len(queries.captured_queries)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return statistics.median(timings), p95, query_count, len(response.content)


def main():
    args = parse_args()
    database = setup_django(args)
    print(f"Database: {database}")
    busy = seed(args)

    from django.test import Client

    from stories.models import StoryPage

    story = StoryPage.objects.live().filter(locale__language_code="en").order_by("pk").first()
    client = Client()
    pages = [
        ("home", "/en/"),
        ("story index", "/en/stories/"),
        ("story index, page 5", "/en/stories/?page=5"),
        ("story index, kind + theme", "/en/stories/?kind=news&theme=public-policy"),
        ("demo interview", story.url),
        ("profile featured in N stories", busy.url),
        ("RSS feed", "/en/stories/feed/rss/"),
        ("Atom feed (French)", "/fr/recits/feed/atom/"),
    ]
    total = StoryPage.objects.live().count()
    print(f"{total} live stories (both languages), {args.requests} warm requests per page\n")
    print(f"{'page':32} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'KB':>6}")
    for label, path in pages:
        median, p95, queries, size = measure(client, path, args.requests)
        print(f"{label:32} {median:10.1f} {p95:8.1f} {queries:8d} {size / 1024:6.1f}")


if __name__ == "__main__":
    main()
