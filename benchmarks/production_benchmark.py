"""Load and fault benchmark of the production setup: gunicorn and the task worker, under traffic,
through an import and (on PostgreSQL) a database restart; and gunicorn's throughput against
`runserver` on the same pages in the same run.

Prints figures; asserts nothing. Loopback only, bounded in time, and on databases of its own
(never the developer's, never a shared PostgreSQL server):

    .venv/bin/python benchmarks/production_benchmark.py                  # SQLite file
    .venv/bin/python benchmarks/production_benchmark.py --postgres       # a private cluster

--postgres creates a PostgreSQL cluster of its own (initdb, as the `postgres` system user when
run as root) on --pg-port, restarts it once mid-run (`pg_ctl restart -m fast`), and removes it.

What it does:
1. a fresh database: migrate, `seed_atlas --organisations N`, collectstatic, with the production
   settings (DEBUG off, manifest static files);
2. throughput: the same clients on the same GET pages (directory, profiles, map data) for
   --compare-seconds, first against `manage.py runserver`, then against gunicorn
   (gunicorn.conf.py: WEB_CONCURRENCY processes × GUNICORN_THREADS threads);
3. load and fault: gunicorn and `manage.py db_worker` run while --clients clients send directory,
   profile, map data and proposal traffic for --seconds; at --fault-at seconds an import of N new
   organisations starts (manage.py import_organisations: a long write) and, on PostgreSQL, the
   database restarts. Printed: requests, 5xx, 500, 503, seconds from the database being back to
   the last 5xx, and whether the worker is still alive.
"""

import argparse
import csv
import io
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true", help="a private PostgreSQL cluster")
    parser.add_argument("--pg-port", type=int, default=5511)
    parser.add_argument("--port", type=int, default=8011, help="the web server's port")
    parser.add_argument("--organisations", type=int, default=300)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--fault-at", type=float, default=12)
    parser.add_argument("--compare-seconds", type=float, default=15)
    return parser.parse_args()


# --- The database ---
class PrivatePostgres:
    """A throwaway cluster in a temporary directory, on its own port."""

    def __init__(self, port):
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="atlas-bench-pg-"))
        self.data = self.dir / "data"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def run(self, *command):
        subprocess.run(
            [*self.as_postgres, *command], check=True, stdout=subprocess.DEVNULL, cwd="/tmp"
        )

    def start(self):
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self.run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")
        self.pg_ctl("start")
        self.run(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "atlas")
        return f"postgres://postgres@127.0.0.1:{self.port}/atlas"

    def pg_ctl(self, action, *extra):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        self.run(
            str(PG_BIN / "pg_ctl"),
            *("-D", str(self.data), "-o", options, "-l", str(self.dir / "log"), "-w"),
            *extra,
            action,
        )

    def restart(self):
        self.pg_ctl("restart", "-m", "fast")

    def stop(self):
        try:
            self.pg_ctl("stop", "-m", "fast")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def environment(args, database_url, var):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "atlas_site.settings.production",
        "SECRET_KEY": "benchmark-only-" + secrets.token_hex(16),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{args.port}",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url,
        "ATLAS_VAR_DIR": str(var),
        "STATIC_ROOT": str(var / "static"),
        "CACHE_DIR": str(var / "cache"),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "BIND": f"127.0.0.1:{args.port}",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "PYTHONUNBUFFERED": "1",
    }


def manage(env, *command, **kwargs):
    return subprocess.run(
        [PYTHON, "manage.py", *command], cwd=BASE_DIR, env=env, check=True, **kwargs
    )


# --- Traffic ---
class Traffic:
    """Clients that send a mix of requests and record (time, kind, status) of each."""

    def __init__(self, base, profiles, sector_id, proposals=True):
        self.base = base
        self.profiles = profiles
        self.sector_id = sector_id
        self.proposals = proposals
        self.results = []
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def request(self, kind, path, data=None, headers=None):
        started = time.monotonic()
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            error.read()
            status = error.code
        except OSError:  # refused, reset, timed out
            status = "error"
        with self.lock:
            self.results.append((started, time.monotonic(), kind, status))

    def propose(self, rng):
        token = secrets.token_hex(16)
        number = rng.randrange(10**9)
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "title": f"Load Test Commons {number}",
                "summary": "Sent by the production benchmark.",
                "website": f"https://load-{number}.example.org",
                "country": "BE",
                "city": "Namur",
                "sector": self.sector_id,
                "legal_form": "association",
                "provides_tools": "on",
                "submitter_name": "Benchmark",
                "submitter_email": f"bench{number}@load-{number}.example.org",
                "consent": "on",
                "fax_number": "",
                "not_a_duplicate": "on",
            }
        ).encode()
        self.request(
            "proposal",
            "/en/add-organisation/",
            data,
            {"Cookie": f"csrftoken={token}", "Referer": self.base + "/en/add-organisation/"},
        )

    def client(self, seed):
        rng = random.Random(seed)
        while not self.stop.is_set():
            roll = rng.random()
            if self.proposals and roll < 0.08:
                self.propose(rng)
            elif roll < 0.4:
                page = rng.randint(1, 5)
                self.request("directory", f"/en/directory/?page={page}")
            elif roll < 0.8:
                self.request("profile", rng.choice(self.profiles))
            else:
                self.request("map data", "/en/api/map/organisations.bin")

    def run(self, clients, seconds, during=None):
        threads = [threading.Thread(target=self.client, args=(n,)) for n in range(clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        if during:
            during(started)
        remaining = seconds - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)
        self.stop.set()
        for thread in threads:
            thread.join()
        return time.monotonic() - started


def wait_until_up(base, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{base} did not come up")


def start_server(kind, env, port):
    if kind == "runserver":
        command = [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    else:
        command = [PYTHON, "-m", "gunicorn"]
    process = subprocess.Popen(
        command,
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_until_up(f"http://127.0.0.1:{port}")
    return process


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def site_facts(base):
    """Profile URLs (from the open data CSV) and an English sector id (from the form)."""
    with urllib.request.urlopen(base + "/open-data/organisations.csv", timeout=60) as response:
        rows = list(csv.DictReader(io.StringIO(response.read().decode("utf-8"))))
    profiles = [urllib.parse.urlsplit(row["profile_url"]).path for row in rows]
    with urllib.request.urlopen(base + "/en/add-organisation/", timeout=30) as response:
        form = response.read().decode("utf-8")
    sector_id = form.split('name="sector"', 1)[1].split('<option value="', 2)[2].split('"', 1)[0]
    return rows, profiles, sector_id


def import_file(rows, path):
    """The exported organisations again, as new ones from a partner (no id, other names)."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for number, row in enumerate(rows):
            writer.writerow(
                {
                    **row,
                    "atlas_id": "",
                    "name": f"Imported Partner {number} {row['name']}"[:200],
                    "website": f"https://partner-{number}.example.net",
                    "source_record_id": f"bench-{number}",
                    "profile_url": "",
                }
            )


def throughput(kind, env, args, profiles, sector_id):
    process = start_server(kind, env, args.port)
    try:
        base = f"http://127.0.0.1:{args.port}"
        # Every process and thread warmed (templates, caches) before measuring.
        warm = Traffic(base, profiles, sector_id, proposals=False)
        warm.run(args.clients, 5)
        traffic = Traffic(base, profiles, sector_id, proposals=False)
        elapsed = traffic.run(args.clients, args.compare_seconds)
    finally:
        stop(process)
    statuses = Counter(status for *_, status in traffic.results)
    latencies = [end - start for start, end, _kind, status in traffic.results if status == 200]
    rate = statuses[200] / elapsed
    median = statistics.median(latencies) * 1000 if latencies else float("nan")
    print(
        f"  {kind:10} {rate:7.1f} req/s (200s only), median {median:6.0f} ms, "
        f"{len(traffic.results)} requests, statuses {dict(statuses)}"
    )
    return rate


def load_and_fault(env, args, database, rows, profiles, sector_id, var):
    base = f"http://127.0.0.1:{args.port}"
    server = start_server("gunicorn", env, args.port)
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--no-reload", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,
    )
    partner_file = var / "partner.csv"
    import_file(rows, partner_file)
    manage(
        env,
        "shell",
        "-c",
        "from opendata.models import DataSource; "
        "DataSource.objects.get_or_create(name='Benchmark partner')",
        stdout=subprocess.DEVNULL,
    )
    events = {}

    def fault(started):
        time.sleep(max(0, args.fault_at - (time.monotonic() - started)))
        events["import"] = subprocess.Popen(
            [PYTHON, "manage.py", "import_organisations", str(partner_file)]
            + ["--source", "Benchmark partner"],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        if isinstance(database, PrivatePostgres):
            time.sleep(2)
            events["down"] = time.monotonic()
            database.restart()
            events["up"] = time.monotonic()

    traffic = Traffic(base, profiles, sector_id)
    try:
        elapsed = traffic.run(args.clients, args.seconds, during=fault)
        importer = events["import"]
        try:
            _out, import_errors = importer.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            importer.kill()
            import_errors = "(killed after 600 s)"
        worker_alive = worker.poll() is None
        if importer.returncode:
            # Cut by the restart (an import is all or nothing): again, now that the database
            # is back, so that the worker has its indexing task to run.
            manage(
                env,
                *("import_organisations", str(partner_file), "--source", "Benchmark partner"),
                stdout=subprocess.DEVNULL,
            )
        tasks = wait_for_tasks(env)
    finally:
        stop(server)
        stop(worker)
    report(traffic, elapsed, events, importer, import_errors, worker_alive)
    print(f"  tasks after the run: {tasks} (run by the worker that lived through it)")


TASK_STATUSES = (
    "from collections import Counter; from django_tasks_db.models import DBTaskResult; "
    "print(dict(Counter(DBTaskResult.objects.values_list('status', flat=True))), "
    "dict(Counter((r.task_path.rsplit('.', 1)[-1], "
    "(r.exception_class_path or '').rsplit('.', 1)[-1]) "
    "for r in DBTaskResult.objects.filter(status='FAILED'))) or '')"
)


def wait_for_tasks(env, seconds=180):
    """The queue's statuses once nothing is waiting or running (or after `seconds`)."""
    deadline = time.monotonic() + seconds
    while True:
        output = manage(env, "shell", "-c", TASK_STATUSES, capture_output=True, text=True)
        statuses = output.stdout.strip().splitlines()[-1]
        if ("READY" not in statuses and "RUNNING" not in statuses) or time.monotonic() > deadline:
            return statuses
        time.sleep(2)


def report(traffic, elapsed, events, importer, import_errors, worker_alive):
    results = traffic.results
    statuses = Counter(status for *_, status in results)
    by_kind = Counter(kind for _s, _e, kind, _status in results)
    server_errors = [r for r in results if isinstance(r[3], int) and r[3] >= 500]
    print(f"  requests:            {len(results)} in {elapsed:.0f} s {dict(by_kind)}")
    print(f"  statuses:            {dict(sorted(statuses.items(), key=str))}")
    print(f"  5xx:                 {len(server_errors)}")
    print(f"  500:                 {statuses[500]}")
    print(f"  503:                 {statuses[503]}")
    print(f"  connection errors:   {statuses['error']}")
    proposals = Counter(status for _s, _e, kind, status in results if kind == "proposal")
    print(f"  proposals:           {dict(proposals)} (429: refused by the rate limit)")
    if "up" in events:
        down, up = events["down"], events["up"]
        outage = [r for r in server_errors if r[1] >= down]
        last_error = max((r[1] for r in outage), default=up)
        print(f"  database restart:    {up - down:.1f} s (pg_ctl restart -m fast)")
        print(f"  5xx during/after it: {len(outage)}")
        print(f"  seconds to recover:  {max(0.0, last_error - up):.2f} (database back → last 5xx)")
    print(
        f"  import during load:  exit {importer.returncode}"
        + (f" ({import_errors.strip().splitlines()[-1]})" if importer.returncode else "")
    )
    print(f"  worker alive:        {'yes' if worker_alive else 'NO'}")


def main():
    args = parse_args()
    var = Path(tempfile.mkdtemp(prefix="atlas-bench-var-"))
    database = PrivatePostgres(args.pg_port) if args.postgres else None
    try:
        sqlite_url = f"sqlite:///{var / 'atlas.sqlite3'}"
        database_url = database.start() if database else sqlite_url
        env = environment(args, database_url, var)
        print(f"Database: {'PostgreSQL (private cluster)' if database else 'SQLite'}; ", end="")
        print(f"{args.organisations} organisations; {args.clients} clients", flush=True)
        started = time.monotonic()
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "seed_atlas", "--organisations", str(args.organisations), "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        print(f"Prepared in {time.monotonic() - started:.0f} s", flush=True)

        gunicorn = start_server("gunicorn", env, args.port)
        try:
            rows, profiles, sector_id = site_facts(f"http://127.0.0.1:{args.port}")
        finally:
            stop(gunicorn)

        print(f"\n1. Throughput, same pages, {args.compare_seconds:.0f} s each (GET only):")
        slow = throughput("runserver", env, args, profiles, sector_id)
        fast = throughput("gunicorn", env, args, profiles, sector_id)
        print(f"  gunicorn ÷ runserver: {fast / slow:.2f}")

        print(f"\n2. Load and fault, {args.seconds:.0f} s (fault at {args.fault_at:.0f} s):")
        load_and_fault(env, args, database, rows, profiles, sector_id, var)
    finally:
        if database:
            database.stop()
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
