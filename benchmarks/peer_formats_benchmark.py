"""Benchmark of the peer formats: importing 10,000 records of each, with its built-in mapping.

Prints figures; asserts nothing. Each format runs in its own process on a fresh SQLite file (or
on --database-url, EMPTIED first), so that one format's pages do not slow the next:

    .venv/bin/python benchmarks/peer_formats_benchmark.py                 # 10,000 of each
    .venv/bin/python benchmarks/peer_formats_benchmark.py --rows 2000 --formats gogocarto

Formats: GoGoCarto elements JSON, OpenFairDB entries JSON, OpenFairDB CSV export, ESSGlobal
standard CSV, and a Murmurations index answer whose 10,000 profiles are fetched one by one
from a local server (as from the nodes' own sites: that fetching is most of its time).

For each: a first import (all new; the time until it committed, and the search indexing task
that follows), then the same records again (every row matched by its source id: unchanged).
"""

import argparse
import csv
import io
import json
import os
import random
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
FORMATS = ["gogocarto", "openfairdb-json", "openfairdb-csv", "essglobal", "murmurations"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--formats", nargs="+", default=FORMATS, choices=FORMATS)
    parser.add_argument("--database-url", help="PostgreSQL database: EMPTIED before each format.")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # the child process: one format
    return parser.parse_args()


def setup_django(args):
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        path = BASE_DIR / "var" / "benchmark-peers.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "atlas_site.settings.test"
    import django

    django.setup()


def records(count):
    """Demo-like organisations, deterministic, each with a unique name and website."""
    from demo import organisations as demo_data
    from opendata.schema import rich_text_to_plain

    rng = random.Random(14)
    sectors = [row[1] for row in demo_data.SECTORS]  # the sectors' names, as peers write them
    services = [row[0] for row in demo_data.SERVICES]
    for index in range(count):
        data = demo_data.organisation_data(rng, index, sectors, services)
        data["index"] = index
        data["title"] = f"{data['title']} {index}"
        data["website"] = data["website"].replace("://", f"://n{index}.")
        data["text"] = rich_text_to_plain(data["description"])
        yield data


def gogocarto(items):
    data = [
        {
            "id": f"g{item['index']}",
            "name": item["title"],
            "description": item["summary"],
            "descriptionMore": item["text"],
            "geo": {"latitude": item["latitude"], "longitude": item["longitude"]},
            "address": {
                "streetAddress": item["address"],
                "postalCode": item["postcode"],
                "addressLocality": item["city"],
                "addressCountry": item["country"],
            },
            "categories": [item["sector"]],
            "website": item["website"],
            "email": item["email"],
            "telephone": item["phone"],
        }
        for item in items
    ]
    return json.dumps({"licence": "ODbL", "data": data}).encode(), "elements.json"


def _kvm(item):
    return {
        "id": f"{item['index']:032x}",
        "title": item["title"],
        "description": item["text"] or item["summary"],
        "lat": item["latitude"],
        "lng": item["longitude"],
        "street": item["address"],
        "zip": item["postcode"],
        "city": item["city"],
        "country": item["country"],
        "homepage": item["website"],
        "email": item["email"],
        "telephone": item["phone"],
        "tags": [item["sector"].lower()],
        "license": "CC0-1.0",
    }


def openfairdb_json(items):
    return json.dumps([_kvm(item) for item in items]).encode(), "entries.json"


def openfairdb_csv(items):
    buffer = io.StringIO()
    columns = [
        "id", "title", "description", "lat", "lng", "street", "zip", "city", "country",
        "homepage", "email", "telephone", "tags", "license",
    ]  # fmt: skip
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for item in items:
        row = _kvm(item)
        row["tags"] = ",".join(row["tags"])
        writer.writerow(row)
    return buffer.getvalue().encode(), "export.csv"


def essglobal(items):
    buffer = io.StringIO()
    columns = [
        "Identifier", "Name", "Description", "Organisational Structure", "Primary Activity",
        "Street Address", "Locality", "Postcode", "Country Name", "Website", "Phone", "Email",
        "Latitude", "Longitude",
    ]  # fmt: skip
    structures = {"cooperative": "Co-operative", "association": "Charity", "mutual": "Mutual"}
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    for item in items:
        writer.writerow(
            {
                "Identifier": f"R{item['index']:06d}",
                "Name": item["title"],
                "Description": item["summary"],
                "Organisational Structure": structures.get(item["legal_form"], "Other"),
                "Primary Activity": item["sector"],
                "Street Address": item["address"],
                "Locality": item["city"],
                "Postcode": item["postcode"],
                "Country Name": item["country"],
                "Website": item["website"],
                "Phone": item["phone"],
                "Email": item["email"],
                "Latitude": item["latitude"] or "",
                "Longitude": item["longitude"] or "",
            }
        )
    return buffer.getvalue().encode(), "standard.csv"


class ProfileServer:
    """Serves the Murmurations profiles, as the nodes' sites would, from 127.0.0.1."""

    def __init__(self):
        self.profiles = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                body = server.profiles.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path):
        return f"http://127.0.0.1:{self.httpd.server_port}{path}"


def murmurations(items, server):
    nodes = []
    for item in items:
        path = f"/profiles/{item['index']}.json"
        profile = {
            "linked_schemas": ["organizations_schema-v1.0.0"],
            "name": item["title"],
            "primary_url": item["website"],
            "mission": item["summary"],
            "description": item["text"],
            "locality": item["city"],
            "country_name": item["country"],
            "email": item["email"],
            "tags": [item["sector"]],
        }
        if item["latitude"] is not None:
            profile["geolocation"] = {"lat": item["latitude"], "lon": item["longitude"]}
        server.profiles[path] = json.dumps(profile).encode()
        nodes.append({"profile_url": server.url(path), "name": item["title"], "status": "posted"})
    return json.dumps({"data": nodes}).encode(), "nodes.json"


def build(fmt, count):
    items = list(records(count))
    if fmt == "murmurations":
        return murmurations(items, ProfileServer())
    return {
        "gogocarto": gogocarto,
        "openfairdb-json": openfairdb_json,
        "openfairdb-csv": openfairdb_csv,
        "essglobal": essglobal,
    }[fmt](items)


def run_one(args):
    setup_django(args)
    from django.conf import settings

    from benchmarks.opendata_benchmark import DeferredTasks, prepare
    from directory.indexing import index_organisations
    from opendata.imports import importer
    from opendata.models import DataSource

    settings.ATLAS_FETCH_PRIVATE_ADDRESSES = True  # the profiles' local server
    fmt = args.one
    prepare()
    source = DataSource.objects.create(
        name=f"Benchmark {fmt}", licence="ODbL 1.0", format=fmt.split("-")[0]
    )
    content, filename = build(fmt, args.rows)

    def timed():
        deferred = DeferredTasks()
        importer.index_organisations = deferred
        try:
            started = time.perf_counter()
            report = importer.Importer(source, content, filename=filename).run()
            committed = time.perf_counter() - started
        finally:
            importer.index_organisations = index_organisations
        started = time.perf_counter()
        if deferred.page_ids:
            index_organisations.call(deferred.page_ids)
        return committed, time.perf_counter() - started, report.summary

    first, indexing, summary = timed()
    again, _none, summary_again = timed()
    print(
        json.dumps(
            {
                "format": fmt,
                "bytes": len(content),
                "first": first,
                "indexing": indexing,
                "again": again,
                "summary": summary,
                "unchanged_again": summary_again["unchanged"],
            }
        )
    )


def main():
    args = parse_args()
    if args.one:
        run_one(args)
        return
    results = []
    for fmt in args.formats:
        command = [sys.executable, __file__, "--one", fmt, "--rows", str(args.rows)]
        if args.database_url:
            command += ["--database-url", args.database_url]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        result = json.loads(output.strip().splitlines()[-1])
        results.append(result)
        summary = result["summary"]
        print(
            f"{fmt:16} {result['bytes'] / 1e6:5.1f} MB  first import {result['first']:6.1f} s "
            f"+ search index {result['indexing']:5.1f} s  "
            f"(new {summary['new']:,}, drafts {summary['incomplete']:,}, "
            f"duplicates {summary['duplicate']:,}, rejected {summary['rejected']:,});  "
            f"again {result['again']:6.1f} s (unchanged {result['unchanged_again']:,})",
            flush=True,
        )
    firsts = sorted(result["first"] + result["indexing"] for result in results)
    if firsts:
        median = firsts[len(firsts) // 2]
        print(f"median first import + index: {median:.1f} s for {args.rows:,} records")


if __name__ == "__main__":
    main()
