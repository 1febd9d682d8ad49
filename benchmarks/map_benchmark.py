"""Benchmark of the map: payload size, warm response against WhiteNoise, and Chromium timings.

Prints figures; asserts nothing. Seeds its own SQLite file so that the developer's database is
left alone:

    .venv/bin/python benchmarks/map_benchmark.py                      # 10,000 organisations
    .venv/bin/python benchmarks/map_benchmark.py --organisations 100000
    .venv/bin/python benchmarks/map_benchmark.py --database var/atlas.sqlite3 --no-browser
    .venv/bin/python benchmarks/map_benchmark.py --synthetic 100000   # no seeding (see below)

`--synthetic N` seeds only a small atlas (the pages) and serves, in place of the map's cached
payload, N organisations encoded the way `directory.map_data.build_payload` encodes them (places
spread over Europe's cities, with uniformly random sectors, forms, roles, services, languages and
freshness from the seeded atlas's vocabulary: random values compress worse than real ones).
Seeding 100,000 real organisations takes a quarter of an hour on a small machine; the payload's
bytes per organisation and the browser's work depend only on the payload, not on where it came
from. Popups and the list need real ids: not measured there.

What is measured:
1. the map's payload (directory.map_format), raw and gzipped, and the time to build it (a
   cold cache);
2. warm (cached) responses of the endpoint against WhiteNoise serving a static file of the same
   bytes, both through the site's whole WSGI stack, in the same run, as requests per second and
   their ratio (the target is a ratio of at least 0.5);
3. in headless Chromium (Debian's /usr/bin/chromium): the time from navigation start to the
   first clustered dots (a `performance.mark` the map script sets after its first render), and
   the main-thread long tasks (PerformanceObserver "longtask") while panning and zooming.
"""

import argparse
import gzip
import io
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
STATIC_NAME = "benchmark-static.bin"
ENDPOINT = "/en/api/map/organisations.bin"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument(
        "--database",
        help="SQLite file to use (default: var/benchmark-map-<N>.sqlite3, seeded if needed)",
    )
    parser.add_argument("--requests", type=int, default=300, help="Requests per timing round.")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--browser-runs", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--synthetic",
        type=int,
        metavar="N",
        help="Serve a generated collection of N organisations instead of seeding N.",
    )
    args = parser.parse_args()
    if args.synthetic:
        args.organisations = 60  # the pages the map needs; the dots are synthetic
    return args


def setup_django(args, static_dir):
    database = args.database or str(
        BASE_DIR / "var" / f"benchmark-map-{args.organisations}.sqlite3"
    )
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(database).resolve()}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "atlas_site.settings.test"
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django
    from django.conf import settings

    django.setup()
    # WhiteNoise serves this folder at the site's root: the static file we compare with.
    settings.WHITENOISE_ROOT = str(static_dir)
    return database


def seed(args):
    from django.core.management import call_command

    from directory.models import MapPage, OrganisationPage

    call_command("migrate", verbosity=0)
    have = OrganisationPage.objects.filter(locale__language_code="en").count()
    if have < args.organisations or not MapPage.objects.exists():
        print(f"Seeding {args.organisations} organisations (have {have})…", flush=True)
        started = time.perf_counter()
        call_command("seed_atlas", organisations=args.organisations, stdout=io.StringIO())
        print(f"  seeded in {time.perf_counter() - started:.0f} s")


def kb(size):
    return f"{size / 1024:,.1f} KB"


def synthetic_records(count, seed=13):
    """Records shaped like build_records's: N organisations over Europe's cities."""
    import random

    from directory import map_data

    rng = random.Random(seed)
    real, _ids, vocab = map_data.build_records("en")
    sectors = vocab["sectors"] or ["design"]
    forms = vocab["forms"] or ["association"]
    cities = [
        (48.85, 2.35, "FR"), (45.76, 4.83, "FR"), (52.52, 13.40, "DE"), (50.85, 4.35, "BE"),
        (41.39, 2.17, "ES"), (40.42, -3.70, "ES"), (45.46, 9.19, "IT"), (41.90, 12.50, "IT"),
        (52.37, 4.90, "NL"), (48.21, 16.37, "AT"), (50.08, 14.44, "CZ"), (52.23, 21.01, "PL"),
        (38.72, -9.14, "PT"), (53.35, -6.26, "IE"), (55.68, 12.57, "DK"), (59.33, 18.07, "SE"),
        (60.17, 24.94, "FI"), (47.50, 19.04, "HU"), (44.43, 26.10, "RO"), (37.98, 23.73, "GR"),
        (46.95, 7.45, "CH"), (51.51, -0.13, "GB"), (43.30, 5.37, "FR"), (53.55, 9.99, "DE"),
    ]  # fmt: skip
    services, languages, roles = vocab["services"], vocab["languages"], vocab["roles"]
    records = []
    for _ in range(count):
        lat, lng, country = rng.choice(cities)
        records.append(
            {
                "lng": round(lng + rng.gauss(0, 0.6), 5),
                "lat": round(lat + rng.gauss(0, 0.4), 5),
                "sector": rng.choice(sectors),
                "form": rng.choice(forms),
                "roles": rng.choice([roles[:1], roles[1:], roles]),
                "services": rng.sample(services, min(len(services), rng.randint(0, 3))),
                "languages": rng.sample(languages, min(len(languages), rng.randint(1, 2))),
                "country": country,
                "freshness": rng.choice(vocab["freshness"]),
            }
        )
    vocab["countries"] = sorted({city[2] for city in cities})
    return records, vocab


def install_synthetic(count):
    """Serve a synthetic payload from the map's endpoint (its cache entry, patched)."""
    from directory import map_data, map_format

    records, vocab = synthetic_records(count)
    body, _permutation = map_format.encode(records, vocab)
    payload, index = map_data.package(body, list(range(count)))
    map_data.get_payload = lambda language_code: payload
    map_data.get_index = lambda language_code: index
    map_data.is_fresh = lambda language_code: True


def measure_payload():
    from django.core.cache import cache

    from directory import map_data

    cache.clear()
    started = time.perf_counter()
    payload = map_data.get_payload("en")
    build = time.perf_counter() - started
    raw = gzip.decompress(payload["gzip"])
    print(f"\n== Payload ({ENDPOINT}, directory.map_format) ==")
    print(f"organisations on the map: {payload['count']:,}")
    print(f"raw:                      {kb(len(raw))}")
    print(f"gzipped (as served):      {kb(len(payload['gzip']))}   (target <= 150 KB at 10,000)")
    print(
        f"per organisation:         {len(payload['gzip']) / max(1, payload['count']):.2f} bytes "
        "gzipped (target <= 8 at 100,000)"
    )
    print(f"build on a cold cache:    {build * 1000:,.0f} ms")
    return payload, raw


def wsgi_environ(path, **headers):
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
        "HTTP_HOST": "localhost",
        "HTTP_ACCEPT_ENCODING": "gzip",
    }
    environ.update({f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()})
    return environ


def call(app, path):
    status = {}

    def start_response(code, headers, exc_info=None):
        status["code"] = code
        status["headers"] = dict(headers)

    body = app(wsgi_environ(path), start_response)
    size = sum(len(chunk) for chunk in body)
    if hasattr(body, "close"):
        body.close()
    return status, size


def measure_warm_vs_static(args, payload, raw, static_dir):
    from django.core.wsgi import get_wsgi_application

    (static_dir / STATIC_NAME).write_bytes(raw)
    (static_dir / f"{STATIC_NAME}.gz").write_bytes(payload["gzip"])
    app = get_wsgi_application()
    endpoint, static = ENDPOINT, f"/{STATIC_NAME}"
    for path in (endpoint, static):  # warm both, and check they serve the same gzipped bytes
        status, size = call(app, path)
        assert status["code"].startswith("200"), (path, status)
        assert status["headers"].get("Content-Encoding") == "gzip", (path, status["headers"])
        assert size == len(payload["gzip"]), (path, size)

    def rate(path):
        started = time.perf_counter()
        for _ in range(args.requests):
            call(app, path)
        return args.requests / (time.perf_counter() - started)

    endpoint_rates, static_rates = [], []
    for _ in range(args.rounds):  # interleaved, so that machine load hits both alike
        endpoint_rates.append(rate(endpoint))
        static_rates.append(rate(static))
    endpoint_rate, static_rate = statistics.median(endpoint_rates), statistics.median(static_rates)
    print("\n== Warm response vs WhiteNoise (same bytes, whole WSGI stack, in-process) ==")
    print(f"endpoint (cached):        {endpoint_rate:,.0f} requests/s")
    print(f"WhiteNoise static file:   {static_rate:,.0f} requests/s")
    print(f"ratio endpoint/static:    {endpoint_rate / static_rate:.2f}   (target >= 0.5)")


def serve(port_holder, ready):
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    server.set_app(StaticFilesHandler(get_wsgi_application()))
    port_holder.append(server)
    ready.set()
    server.serve_forever()


LONGTASK_OBSERVER = """
window.__longtasks = [];
new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
        window.__longtasks.push({ start: entry.startTime, duration: entry.duration });
    }
}).observe({ type: "longtask", buffered: true });
"""


def measure_browser(args):
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        print("\n(no Chromium at /usr/bin/chromium: browser figures skipped)")
        return
    holder, ready = [], threading.Event()
    threading.Thread(target=serve, args=(holder, ready), daemon=True).start()
    ready.wait()
    server = holder[0]
    base = f"http://127.0.0.1:{server.server_address[1]}"
    first_clusters, load_tasks, pan_tasks, stages = [], [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for run in range(args.browser_runs + 1):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.route(
                "**/*",
                lambda route: (
                    route.continue_() if route.request.url.startswith(base) else route.abort()
                ),  # no tiles from a third party during the benchmark
            )
            page.add_init_script(LONGTASK_OBSERVER)
            page.goto(f"{base}/en/map/")
            page.wait_for_selector("#atlas-map[data-ready]", timeout=120_000)
            first = page.evaluate(
                "performance.getEntriesByName('atlas-map-first-clusters')[0].startTime"
            )
            loading = page.evaluate("window.__longtasks.map((t) => t.duration)")
            stages.append(
                page.evaluate(
                    """["atlas-map-data", "atlas-map-filtered", "atlas-map-indexed",
                        "atlas-map-first-clusters"].map(
                        (name) => performance.getEntriesByName(name)[0].startTime)"""
                )
            )
            page.wait_for_timeout(500)
            started = page.evaluate("performance.now()")
            box = page.locator("#atlas-map").bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            page.mouse.move(x, y)
            zooms = [page.locator("#atlas-map").get_attribute("data-zoom")]
            for step in range(4):  # zoom in, pan, and again
                page.mouse.wheel(0, -300)
                page.wait_for_timeout(450)
                zooms.append(page.locator("#atlas-map").get_attribute("data-zoom"))
                page.mouse.down()
                page.mouse.move(x + 120 * (-1) ** step, y + 80, steps=8)
                page.mouse.up()
                page.mouse.move(x, y)
                page.wait_for_timeout(300)
            for _step in range(4):  # and back out
                page.mouse.wheel(0, 300)
                page.wait_for_timeout(450)
                zooms.append(page.locator("#atlas-map").get_attribute("data-zoom"))
            markers = page.locator(".map-cluster, .map-dot").count()
            panning = page.evaluate(
                f"window.__longtasks.filter((t) => t.start >= {started}).map((t) => t.duration)"
            )
            context.close()
            if run == 0:
                continue  # the first run warms the server's cache and the OS file cache
            first_clusters.append(first)
            load_tasks.append(max(loading, default=0))
            pan_tasks.append(panning)
        browser.close()
    server.shutdown()
    longest_pan = max((max(tasks, default=0) for tasks in pan_tasks), default=0)
    over_200 = sum(1 for tasks in pan_tasks for duration in tasks if duration > 200)
    over_50 = sum(1 for tasks in pan_tasks for duration in tasks if duration > 50)
    print(f"\n== Headless Chromium ({args.browser_runs} runs, empty browser cache each) ==")
    print(
        "first clustered dots:     "
        + ", ".join(f"{ms:,.0f}" for ms in first_clusters)
        + f" ms after navigation start (median {statistics.median(first_clusters):,.0f} ms;"
        " target <= 1,500 ms)"
    )
    data, filtered, indexed, drawn = (statistics.median(s[i] for s in stages[1:]) for i in range(4))
    print(
        f"  of which (median):      data fetched and parsed at {data:,.0f} ms; filtered in "
        f"{filtered - data:,.0f} ms; clustered in {indexed - filtered:,.0f} ms; "
        f"drawn in {drawn - indexed:,.0f} ms"
    )
    print(
        "longest task while loading: "
        + ", ".join(f"{ms:,.0f}" for ms in load_tasks)
        + " ms (not part of the target)"
    )
    print(f"zoom levels visited:      {' → '.join(zooms)} (last run; {markers} markers at the end)")
    print(
        f"panning and zooming:      longest main-thread task {longest_pan:,.0f} ms; "
        f"{over_200} task(s) over 200 ms, {over_50} over 50 ms (target: none over 200 ms)"
    )


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as static_dir:
        static_dir = Path(static_dir)
        database = setup_django(args, static_dir)
        print(f"Database: {database}")
        seed(args)
        if args.synthetic:
            print(f"Synthetic collection: {args.synthetic:,} organisations")
            install_synthetic(args.synthetic)
        payload, raw = measure_payload()
        measure_warm_vs_static(args, payload, raw, static_dir)
        if not args.no_browser:
            measure_browser(args)


if __name__ == "__main__":
    main()
