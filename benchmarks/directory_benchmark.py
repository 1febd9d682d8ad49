"""Benchmark of the directory at scale (issue 16): uncached page times, query counts and the
page cache's throughput behind two gunicorn instances. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/directory_benchmark.py \\
        --database empty=postgres://postgres@127.0.0.1:5432/atlas_bench_0 \\
        --database 10k=postgres://postgres@127.0.0.1:5432/atlas_bench_10k \\
        --database 100k=postgres://postgres@127.0.0.1:5432/atlas_bench_100k \\
        --seed empty=0 --seed 10k=10000 --seed 100k=100000 \\
        --redis redis://127.0.0.1:6379/15 --load 100k

1. With `--seed NAME=N`, a database that has no organisation yet is migrated and seeded with
   `manage.py seed_atlas --organisations N` (timed: the seed includes the search index and the
   directory's listing); one that has organisations is reused as it is.
2. For each database, in a fresh process with the page cache off and DEBUG off: the median and
   95th percentile of --rounds requests through Django's whole stack (test client, templates
   included) and the number of SQL queries, for directory page 1, a sector + country filter,
   searches of one word, three words and a prefix, a profile, the home page and a story — after
   one first request, whose time is printed too (it builds the per-process memo and the
   directory's bitmaps when nobody has yet); then a publish (a rename) and the first requests
   after it, for directory page 1 and a one-word search (the bitmaps patched, not rebuilt).
3. With `--load NAME`: two gunicorn instances (ports --ports) on that database sharing Redis
   (--redis), hit alternately by --clients client threads for --seconds: requests per second for
   the cached directory page, then for a static file of the same size served by WhiteNoise from
   the same instances, and their ratio. Both are measured by the same client in the same run on
   a machine that may be shared: compare the ratios, not the absolute figures.
"""

import argparse
import http.client
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
PYTHON = sys.executable

URLS = [
    ("directory, page 1", "/en/directory/"),
    ("sector + country", "/en/directory/?sector=digital-inclusion&country=FR"),
    ("search, one word", "/en/directory/?q=cooperative"),
    ("search, three words", "/en/directory/?q=digital+cooperative+hosting"),
    ("search, prefix", "/en/directory/?q=coo"),
    ("directory, page 200", "/en/directory/?page=200"),
    ("profile", "{profile}"),
    ("profile (fr)", "{profile_fr}"),
    ("home", "/en/"),
    ("story", "{story}"),
]


AFTER_PUBLISH = ["page 1 after a publish", "search after a publish"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", action="append", default=[], help="NAME=DATABASE_URL")
    parser.add_argument("--seed", action="append", default=[], help="NAME=N organisations")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--load", help="NAME of the database to run the load test on")
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", ""))
    parser.add_argument("--ports", type=int, nargs=2, default=[8016, 8116])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # internal: one database
    return parser.parse_args()


def pairs(values):
    return dict(value.split("=", 1) for value in values)


def environment(database_url, var, **extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "atlas_site.settings.production",
        "SECRET_KEY": "benchmark-only-" + secrets.token_hex(16),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(var.parent / "static"),
        "CACHE_DIR": str(var / "cache"),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def manage(env, *command, **kwargs):
    return subprocess.run(
        [PYTHON, "manage.py", *command], cwd=BASE_DIR, env=env, check=True, **kwargs
    )


def has_organisations(env):
    result = manage(
        env,
        "shell",
        "-c",
        "from directory.models import OrganisationPage as O; print(O.objects.exists())",
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().endswith("True")


def seed(name, env, organisations):
    manage(env, "migrate", "-v", "0")
    if has_organisations(env) or organisations == 0 and has_seeded_site(env):
        print(f"{name}: reusing the seeded database")
        return
    started = time.monotonic()
    manage(env, "seed_atlas", "--organisations", str(organisations), "--seed", "1")
    print(f"{name}: seeded {organisations} organisations in {time.monotonic() - started:.0f} s")


def has_seeded_site(env):
    result = manage(
        env,
        "shell",
        "-c",
        "from directory.models import DirectoryIndexPage as D; print(D.objects.exists())",
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().endswith("True")


# --- In-process times (run in a child process per database) ---
def measure(rounds):
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from directory.models import OrganisationPage
    from stories.models import StoryPage

    client = Client()
    profile = (
        OrganisationPage.objects.live().filter(locale__language_code="en").order_by("pk").first()
    )
    profile_fr = (
        profile
        and OrganisationPage.objects.live()
        .filter(translation_key=profile.translation_key, locale__language_code="fr")
        .first()
    )
    story = StoryPage.objects.live().filter(locale__language_code="en").order_by("pk").first()
    places = {
        "profile": profile.url if profile else None,
        "profile_fr": profile_fr.url if profile_fr else None,
        "story": story.url if story else None,
    }

    def timed(label, url):
        started = time.perf_counter()
        client.get(url, HTTP_HOST="localhost")
        first = time.perf_counter() - started
        timings = []
        for _ in range(rounds):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, HTTP_HOST="localhost")
                timings.append(time.perf_counter() - started)
        timings.sort()
        return {
            "label": label,
            "status": response.status_code,
            "first_ms": first * 1000,
            "median_ms": statistics.median(timings) * 1000,
            "p95_ms": timings[max(0, int(len(timings) * 0.95 + 0.5) - 1)] * 1000,
            "queries": len(queries),
            "bytes": len(response.content),
        }

    results = []
    for label, template in URLS:
        url = template.format(**places) if "{" in template else template
        if url and url != "None":
            results.append(timed(label, url))
    # A publish as an editor makes it (a rename: the row moves in the name order), then the
    # first requests after it: the bitmaps are patched (directory.listing), not rebuilt.
    page = (
        OrganisationPage.objects.live().filter(locale__language_code="en").order_by("title").last()
    )
    if page is not None:
        page.title = f"AAA renamed {time.time_ns()}"
        page.save_revision().publish()
        results.append(timed("page 1 after a publish", "/en/directory/"))
        results.append(timed("search after a publish", "/en/directory/?q=cooperative"))
    print(json.dumps(results))


def run_measure(name, env, rounds):
    result = subprocess.run(
        [PYTHON, __file__, "--measure", name, "--rounds", str(rounds)],
        cwd=BASE_DIR,
        env={**env, "ATLAS_PAGE_CACHE": "0"},
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"measuring {name} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Load: two gunicorn instances, one Redis ---
def start_gunicorn(env, port):
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn"],
        cwd=BASE_DIR,
        env={**env, "BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise SystemExit(f"gunicorn on {port} did not come up")


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# Both instances are asked for the same public host, as a load balancer in front would.
HEADERS = {"Host": "localhost", "Accept-Encoding": "identity"}


def fetch(port, path):
    """(body, X-Page-Cache) of a GET to one instance."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=HEADERS)
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read(), response.headers.get("X-Page-Cache")


def hammer(ports, path, clients, seconds):
    """Requests per second (200s only) from `clients` threads, each alternating between the
    instances on keep-alive connections."""
    stop_at = time.monotonic() + seconds
    counts, errors = [0] * clients, [0] * clients

    def client(number):
        connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=30) for port in ports]
        turn = number
        while time.monotonic() < stop_at:
            connection = connections[turn % len(connections)]
            turn += 1
            try:
                connection.request("GET", path, headers=HEADERS)
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    counts[number] += 1
                else:
                    errors[number] += 1
            except (OSError, http.client.HTTPException):
                errors[number] += 1
                connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return sum(counts) / elapsed, sum(errors)


def load(env, args, var):
    static = var.parent / "static" / "benchmark"
    env = {**env, "REDIS_URL": args.redis} if args.redis else env
    processes = [start_gunicorn(env, port) for port in args.ports]
    try:
        page = "/en/directory/"
        body, first_state = fetch(args.ports[0], page)
        _body, second_state = fetch(args.ports[1], page)
        print(
            f"  directory page {len(body)} bytes: instance 1 {first_state}, "
            f"instance 2 {second_state} (one cache for both)"
        )
    finally:
        for process in processes:
            stop(process)
    # A static file of the same size, served by WhiteNoise (it indexes files at start-up).
    static.mkdir(parents=True, exist_ok=True)
    (static / "same-size.html").write_bytes(body)
    processes = [start_gunicorn(env, port) for port in args.ports]
    try:
        hammer(args.ports, page, args.clients, 2)  # warm every worker
        hammer(args.ports, "/static/benchmark/same-size.html", args.clients, 2)
        cached, cached_errors = hammer(args.ports, page, args.clients, args.seconds)
        whitenoise, static_errors = hammer(
            args.ports, "/static/benchmark/same-size.html", args.clients, args.seconds
        )
        across_processes(env, args.ports)
    finally:
        for process in processes:
            stop(process)
    print(f"  cached directory page: {cached:8.1f} req/s ({cached_errors} errors)")
    print(f"  WhiteNoise, same size: {whitenoise:8.1f} req/s ({static_errors} errors)")
    print(f"  cached ÷ WhiteNoise:   {cached / whitenoise:8.2f}")


RENAME = """
from directory.models import OrganisationPage
page = OrganisationPage.objects.live().filter(locale__language_code="en").order_by("title").first()
page.title = "{title}"
page.save_revision().publish()
"""


def across_processes(env, ports):
    """A publish made by a third process (as the admin or the worker would) is seen at once by
    both instances: the page cache, the per-process memo and the bitmaps follow it."""
    title = "AAA renamed " + secrets.token_hex(4)
    manage(env, "shell", "-c", RENAME.format(title=title), stdout=subprocess.DEVNULL)
    for port in ports:
        body, state = fetch(port, "/en/directory/")
        seen = title in body.decode()
        print(
            f"  after a publish in another process, instance on {port}: {state}, shows it: {seen}"
        )


def main():
    args = parse_args()
    if args.measure:
        measure(args.rounds)
        return
    databases, seeds = pairs(args.database), pairs(args.seed)
    var = Path(tempfile.mkdtemp(prefix="directory-benchmark-"))
    try:
        figures = {}
        for number, (name, url) in enumerate(databases.items()):
            env = environment(url, var / name)
            (var / name).mkdir(parents=True, exist_ok=True)
            if number == 0:
                manage(env, "collectstatic", "--noinput", "-v", "0")
            if name in seeds:
                seed(name, env, int(seeds[name]))
            figures[name] = run_measure(name, env, args.rounds)
        print("\nUncached, in-process (median / p95 ms, queries; first request in brackets):")
        names = list(figures)
        print(f"  {'':22}" + "".join(f"{name:>30}" for name in names))
        found = {row["label"] for rows in figures.values() for row in rows}
        labels = [label for label, _url in URLS if label in found]
        labels += [label for label in AFTER_PUBLISH if label in found]
        for label in labels:
            cells = []
            for name in names:
                row = next((r for r in figures[name] if r["label"] == label), None)
                cells.append(
                    f"{row['median_ms']:6.1f} / {row['p95_ms']:6.1f}, {row['queries']:2}q "
                    f"[{row['first_ms']:6.0f}]"
                    if row
                    else "-"
                )
            print(f"  {label:22}" + "".join(f"{cell:>30}" for cell in cells))
        if "empty" in figures:
            empty = {row["label"]: row["median_ms"] for row in figures["empty"]}
            for name in names:
                if name == "empty":
                    continue
                ratios = [
                    f"{row['label']} {row['median_ms'] / empty[row['label']]:.2f}×"
                    for row in figures[name]
                    if row["label"] in empty and row["label"].startswith("directory")
                ]
                print(f"  {name} ÷ empty directory: " + ", ".join(ratios))
        if args.load:
            print(
                f"\nLoad on {args.load}: two gunicorn instances, one Redis, {args.clients} clients"
            )
            load(environment(databases[args.load], var / args.load), args, var / args.load)
    finally:
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
