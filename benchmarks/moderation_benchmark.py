"""Benchmark of moderation: the duplicate check of the public proposal form, and the admin
views whose permission rules run per page, on a seeded atlas.

Prints figures; asserts nothing. Seeds its own SQLite file so that the developer's database is
left alone:

    .venv/bin/python benchmarks/moderation_benchmark.py                    # 10,000 organisations
    .venv/bin/python benchmarks/moderation_benchmark.py --organisations 1000

What is measured (median of --repeat runs):
1. `similar_organisations()` (name similarity and same website domain), as run on every valid
   proposal;
2. a proposal's whole POST that ends on the duplicate warning;
3. the directory explorer (50 organisations a page) for an administrator, a moderator (whose
   rights go through the directory permission tester) and an organisation editor (redirected
   to its own page). Query counts are asserted in tests/moderation/test_queries.py.
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
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database", help="SQLite file (default: var/benchmark-moderation-N)")
    return parser.parse_args()


def setup_django(args):
    database = args.database or (
        BASE_DIR / "var" / f"benchmark-moderation-{args.organisations}.sqlite3"
    )
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(database).resolve()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atlas_site.settings.dev")
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    import django

    django.setup()


def timed(function, repeat):
    durations = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        durations.append((time.perf_counter() - started) * 1000)
    return statistics.median(durations), result


def main():
    args = parse_args()
    setup_django(args)
    from django.contrib.auth.models import Group, User
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from directory.duplicates import similar_organisations
    from directory.models import DirectoryIndexPage, OrganisationPage, Sector
    from moderation.models import add_editor
    from moderation.roles import MODERATORS

    call_command("migrate", verbosity=0)
    call_command("seed_atlas", organisations=args.organisations, stdout=io.StringIO())
    total = OrganisationPage.objects.filter(alias_of__isnull=True).count()
    print(f"Atlas with {total} organisations (originals), SQLite")

    sample = OrganisationPage.objects.filter(locale__language_code="en").order_by("pk")[7]
    cases = {
        "existing name": (sample.title, ""),
        "same website": ("Completely New Name", sample.website),
        "new name": ("Zyxw Brand New Cooperative", "https://zyxw.example.org"),
    }
    print("\n1. similar_organisations()")
    for label, (name, website) in cases.items():
        median, found = timed(lambda n=name, w=website: similar_organisations(n, w), args.repeat)
        print(f"   {label:15} {median:7.1f} ms  ({len(found)} found)")

    client = Client()
    sector = Sector.objects.filter(locale__language_code="en").first()
    data = {
        "title": sample.title,
        "summary": "A benchmark proposal.",
        "country": "FR",
        "sector": sector.pk,
        "legal_form": "cooperative",
        "provides_tools": "on",
        "submitter_name": "Bench",
        "submitter_email": "bench@example.org",
        "consent": "on",
    }

    def post():
        cache.clear()
        return client.post("/en/add-organisation/", data)

    median, response = timed(post, args.repeat)
    warned = "may already be on the Atlas" in response.content.decode()
    print(f"\n2. proposal POST ending on the duplicate warning: {median:.1f} ms (warned={warned})")

    moderator, _ = User.objects.get_or_create(username="bench-moderator")
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    editor, _ = User.objects.get_or_create(username="bench-editor")
    add_editor(editor, sample)
    directory = DirectoryIndexPage.objects.filter(locale__language_code="en").first()
    url = reverse("wagtailadmin_explore", args=[directory.pk])
    print("\n3. directory explorer")
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_superuser": True})
    users = (("administrator", admin), ("moderator", moderator), ("organisation editor", editor))
    for label, user in users:
        client = Client()
        client.force_login(user)
        client.get(url)
        median, response = timed(lambda c=client: c.get(url), max(3, args.repeat // 4))
        print(f"   {label:20} {median:7.1f} ms, status {response.status_code}")


if __name__ == "__main__":
    main()
