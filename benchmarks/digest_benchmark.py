"""Benchmark of the follow digests (following.digest.send_digests) at 10,000 organisations and
10,000 follows. Prints figures; asserts nothing. Seeds its own SQLite file:

    .venv/bin/python benchmarks/digest_benchmark.py
    .venv/bin/python benchmarks/digest_benchmark.py --organisations 10000 --follows 10000 --rounds 3

Each round: every follow is confirmed and due (its last digest a day ago), a day's changes are
made (organisations added, updated, archived), and `send_digests` runs with Django's in-memory
email backend (so the time is the job's own, not an SMTP server's). Two mixes of follows:
"realistic" (many readers share the common searches: a country, a sector, both, a word, a map
area) and "all distinct" (every follow a different map area: no sharing at all, the worst case).
"""

import argparse
import datetime
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--follows", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=300, help="Organisations changed a day.")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database")
    return parser.parse_args()


def setup_django(args):
    database = args.database or str(
        BASE_DIR / "var" / f"benchmark-digest-{args.organisations}.sqlite3"
    )
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(database).resolve()}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "atlas_site.settings.test"
    import django

    django.setup()


def seed(args):
    from django.core.management import call_command

    from directory.models import OrganisationPage

    call_command("migrate", verbosity=0)
    have = OrganisationPage.objects.filter(locale__language_code="en").count()
    if have < args.organisations:
        print(f"Seeding {args.organisations} organisations (have {have})…", flush=True)
        started = time.perf_counter()
        call_command("seed_atlas", organisations=args.organisations, stdout=io.StringIO())
        print(f"  seeded in {time.perf_counter() - started:.0f} s", flush=True)


def queries(count, distinct, rng):
    from directory.models import Sector

    sectors = sorted(set(Sector.objects.values_list("slug", flat=True)))
    countries = ["FR", "DE", "BE", "NL", "ES", "IT", "PT", "AT", "CH", "LU"]
    words = ["coop", "numérique", "hosting", "formation", "libre", "data"]
    result = []
    for _n in range(count):
        if distinct:
            west, south = rng.uniform(-10, 25), rng.uniform(36, 60)
            result.append(f"bbox={west:.4f},{south:.4f},{west + 2:.4f},{south + 1.5:.4f}")
            continue
        pick = rng.random()
        if pick < 0.3:
            result.append(f"country={rng.choice(countries)}")
        elif pick < 0.5:
            result.append(f"sector={rng.choice(sectors)}")
        elif pick < 0.7:
            result.append(f"country={rng.choice(countries)}&sector={rng.choice(sectors)}")
        elif pick < 0.8:
            result.append(f"q={rng.choice(words)}")
        else:
            west, south = rng.randint(-10, 24), rng.randint(36, 59)
            result.append(f"bbox={west},{south},{west + 2},{south + 1}")
    return result


def make_follows(args, distinct, rng, now):
    from following.models import Follow

    Follow.objects.all().delete()
    yesterday = now - datetime.timedelta(days=1)
    Follow.objects.bulk_create(
        [
            Follow(
                email=f"reader{n}@example.org",
                query=query,
                language=rng.choice(["en", "en", "fr"]),
                frequency="daily",
                token=f"benchmark-{n}",
                confirmed_at=yesterday,
                covered_until=yesterday,
                last_sent_at=yesterday,
            )
            for n, query in enumerate(queries(args.follows, distinct, rng))
        ],
        batch_size=2000,
    )
    return Follow.objects.values("query").distinct().count()


def make_changes(args, rng, now):
    """A day's changes: a third added, a half updated, the rest archived, at random."""
    from directory.models import OrganisationPage

    keys = list(
        OrganisationPage.objects.filter(
            locale__language_code="en", alias_of__isnull=True
        ).values_list("translation_key", flat=True)
    )
    changed = rng.sample(keys, args.changes)
    added, updated, archived = (
        changed[: args.changes // 3],
        changed[args.changes // 3 : args.changes * 5 // 6],
        changed[args.changes * 5 // 6 :],
    )
    pages = OrganisationPage.objects
    moment = now - datetime.timedelta(hours=2)
    pages.update(archived_at=None)
    pages.filter(translation_key__in=added).update(
        first_published_at=moment, last_published_at=moment
    )
    pages.filter(translation_key__in=updated).update(last_published_at=moment)
    pages.filter(translation_key__in=archived).update(archived_at=moment)


def run(args, distinct):
    from django.core import mail
    from django.utils import timezone

    from following.digest import send_digests

    rng = random.Random(15)
    now = timezone.now()
    distinct_queries = make_follows(args, distinct, rng, now)
    make_changes(args, rng, now)
    times, sent = [], 0
    for _round in range(args.rounds):
        from following.models import Follow

        yesterday = now - datetime.timedelta(days=1)
        Follow.objects.update(covered_until=yesterday, last_sent_at=yesterday)
        mail.outbox = []
        started = time.perf_counter()
        counts = send_digests(now=now)
        times.append(time.perf_counter() - started)
        sent = counts["sent"]
    label = "all distinct" if distinct else "realistic"
    print(f"\n== {label}: {args.follows:,} follows, {distinct_queries:,} distinct searches ==")
    print(f"digests sent per run:  {sent:,} (the others matched no change)")
    print(
        f"send_digests, median of {args.rounds}: {statistics.median(times):.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}); target: well under 60 s"
    )
    return statistics.median(times)


def main():
    args = parse_args()
    setup_django(args)
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    seed(args)
    from directory.models import OrganisationPage

    print(
        f"organisations (all languages): {OrganisationPage.objects.count():,}; "
        f"changed a day: {args.changes}"
    )
    realistic = run(args, distinct=False)
    worst = run(args, distinct=True)
    print(f"\nratio all-distinct / realistic: {worst / realistic:.1f}")


if __name__ == "__main__":
    main()
