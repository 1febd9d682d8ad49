"""Scheduled and manual re-imports from a data source's URL, served by a local HTTP server."""

import json
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

import pytest

from directory.models import OrganisationPage
from moderation.roles import ORGANISATION_EDITORS, setup_moderation
from opendata.imports.fetch import detect_fetched_format
from opendata.imports.lock import ImportAlreadyRunning
from opendata.imports.reimport import due_sources, is_due
from opendata.models import DataSource, ImportedRecord, ImportRun
from tests.opendata.conftest import PARTNER_COLUMNS, partner_csv

BRUSSELS = ZoneInfo("Europe/Brussels")
COOP = (
    "1;Coop Libre;Aide les associations;https://coop-libre.example;;;"
    "Lyon;FR;45.76;4.83;Numérique solidaire;Coopérative;"
)
FABLAB = (
    "2;Fab Commun;Un fablab solidaire;https://fab-commun.example;;;"
    "Nantes;FR;47.21;-1.55;Numérique solidaire;Association loi 1901;"
)
MB = 1024 * 1024


# --- A local file server ---
@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/csv; charset=utf-8"
    headers: dict = field(default_factory=dict)
    delay: float = 0
    send_length: bool = True


class FileServer:
    """A threaded HTTP server on 127.0.0.1 that serves `routes` and records each request."""

    def __init__(self):
        self.routes, self.requests = {}, []
        self.released = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append({"path": self.path, "headers": dict(self.headers)})
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                if route.delay:
                    server.released.wait(route.delay)
                try:
                    self.send_response(route.status)
                    self.send_header("Content-Type", route.content_type)
                    if route.send_length:
                        self.send_header("Content-Length", str(len(route.body)))
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should on a file too large

            def log_message(self, format, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return f"http://127.0.0.1:{self.httpd.server_port}{path}"

    def close(self):
        self.released.set()  # let slow answers end
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    file_server = FileServer()
    yield file_server
    file_server.close()


@pytest.fixture
def scheduled(partner, server):
    """The partner's source, re-imported daily from the local server's partner.csv."""
    server.routes["/exports/partner.csv"] = Route(partner_csv(COOP, FABLAB))
    partner.import_url = server.url("/exports/partner.csv")
    partner.reimport_every = "daily"
    partner.save()
    return partner


def english_pages():
    return OrganisationPage.objects.filter(locale__language_code="en")


def reimport_command(*args):
    """(stdout, stderr, exit code) of `manage.py reimport_sources ARGS`."""
    out, err = StringIO(), StringIO()
    try:
        call_command("reimport_sources", *args, stdout=out, stderr=err)
    except CommandError as error:
        err.write(str(error))
        return out.getvalue(), err.getvalue(), error.returncode
    return out.getvalue(), err.getvalue(), 0


def at(*args):
    return datetime(*args, tzinfo=BRUSSELS)


# --- When a source is due ---
@pytest.mark.parametrize(
    "frequency, last, now, due",
    [
        ("never", None, at(2026, 3, 11, 3), False),
        ("never", at(2025, 1, 1, 3), at(2026, 3, 11, 3), False),
        ("daily", None, at(2026, 3, 11, 3), True),
        ("weekly", None, at(2026, 3, 11, 3), True),
        ("monthly", None, at(2026, 3, 11, 3), True),
        # Yesterday's run started a few seconds later than today's cron: still due.
        ("daily", at(2026, 3, 10, 3, 0, 5), at(2026, 3, 11, 3, 0, 0), True),
        ("daily", at(2026, 3, 11, 0, 30), at(2026, 3, 11, 23, 30), False),
        # Days in Brussels, not in UTC: 23:30 UTC on the 10th is already the 11th.
        ("daily", datetime(2026, 3, 10, 23, 30, tzinfo=ZoneInfo("UTC")), at(2026, 3, 11, 3), False),
        ("weekly", at(2026, 3, 4, 3, 0, 5), at(2026, 3, 11, 3), True),
        ("weekly", at(2026, 3, 5, 3), at(2026, 3, 11, 3), False),
        ("monthly", at(2026, 2, 11, 3, 0, 5), at(2026, 3, 11, 3), True),
        ("monthly", at(2026, 2, 12, 3), at(2026, 3, 11, 3), False),
        # 31 March: a month after 28 February (February has no 31st).
        ("monthly", at(2026, 2, 28, 3), at(2026, 3, 31, 3), True),
        ("monthly", at(2026, 3, 1, 3), at(2026, 3, 31, 3), False),
        ("monthly", at(2025, 12, 15, 3), at(2026, 1, 15, 3), True),
    ],
)
def test_a_source_is_due_once_its_period_has_passed_in_calendar_days(frequency, last, now, due):
    assert is_due(frequency, last, now) is due


def test_only_successful_reimports_of_the_url_make_a_source_not_due(atlas):
    now = timezone.now()

    def source(name, every, url="https://partner.example/data.csv"):
        return DataSource.objects.create(
            name=name, licence="CC BY 4.0", import_url=url, reimport_every=every
        )

    def run(source, trigger, status, days_ago):
        created = ImportRun.objects.create(
            source=source, filename="data.csv", trigger=trigger, status=status
        )
        ImportRun.objects.filter(pk=created.pk).update(created_at=now - timedelta(days=days_ago))

    source("Never imported", "daily")
    done_today = source("Done today", "daily")
    run(done_today, "scheduled", "done", 0)
    manual_today = source("Manual today", "weekly")
    run(manual_today, "manual", "done", 0)
    failed_today = source("Failed today", "daily")
    run(failed_today, "scheduled", "done", 3)
    run(failed_today, "scheduled", "failed", 0)
    uploaded_today = source("Uploaded today", "daily")
    run(uploaded_today, "upload", "done", 0)  # an upload may be another file
    previewed = source("Previewed only", "daily")
    run(previewed, "manual", "preview", 0)
    weekly_done = source("Weekly, 3 days ago", "weekly")
    run(weekly_done, "scheduled", "done", 3)
    weekly_due = source("Weekly, 8 days ago", "weekly")
    run(weekly_due, "scheduled", "done", 8)
    source("Not scheduled", "never")

    assert {s.name for s in due_sources(now)} == {
        "Never imported",
        "Failed today",
        "Uploaded today",
        "Previewed only",
        "Weekly, 8 days ago",
    }


# --- The model ---
def test_a_schedule_needs_an_import_url(atlas):
    source = DataSource(name="Partner", licence="CC BY 4.0", reimport_every="weekly")
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert "import_url" in error.value.message_dict
    source.reimport_every = "never"
    source.full_clean()  # no schedule, no URL needed
    source.reimport_every, source.import_url = "weekly", "https://partner.example/data.csv"
    source.full_clean()


def test_the_admin_form_shows_the_missing_url_as_a_field_error(admin_client, atlas_source):
    data = {
        "name": atlas_source.name,
        "website": "",
        "licence": atlas_source.licence,
        "licence_url": "",
        "attribution": "",
        "format": "csv",
        "default_mode": "publish",
        "import_url": "",
        "reimport_every": "monthly",
        "personal_data_legal_basis": "",
    }
    for prefix in ("field_mappings", "value_mappings"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    url = f"/admin/snippets/opendata/datasource/edit/{atlas_source.pk}/"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "import_url" in response.context["form"].errors
    assert "to re-import it on a schedule" in response.content.decode()
    atlas_source.refresh_from_db()
    assert atlas_source.reimport_every == "never"

    data["import_url"] = "https://partner.example/data.csv"
    assert admin_client.post(url, data).status_code == 302
    atlas_source.refresh_from_db()
    assert atlas_source.reimport_every == "monthly"


# --- The command ---
def test_a_scheduled_reimport_imports_the_file_and_records_a_done_run(scheduled, server):
    out, err, code = reimport_command()

    assert code == 0, err
    run = ImportRun.objects.get()
    assert (run.trigger, run.status, run.filename) == ("scheduled", "done", "partner.csv")
    assert run.url == scheduled.import_url and run.created_by is None
    assert run.summary["new"] == 2 and run.content is None
    assert set(english_pages().values_list("title", flat=True)) == {"Coop Libre", "Fab Commun"}
    assert out.strip() == (
        f"Réseau Partenaire: imported partner.csv (import #{run.pk}): 2 rows — 2 new, "
        "0 updated, 0 unchanged, 0 possible duplicates, 0 rejected."
    )
    assert server.requests[0]["headers"]["User-Agent"].startswith("SocialTechAtlas/")
    # Done today: not due again until tomorrow.
    assert reimport_command() == ("No data source is due for a re-import.\n", "", 0)
    assert ImportRun.objects.count() == 1


def test_a_changed_file_updates_organisations_and_an_unchanged_one_changes_nothing(
    scheduled, server
):
    reimport_command()
    server.routes["/exports/partner.csv"] = Route(
        partner_csv(COOP.replace("Aide les associations", "Outille les associations"), FABLAB)
    )
    out, err, code = reimport_command("--force")
    assert code == 0, err
    assert "1 updated, 1 unchanged" in out
    assert english_pages().get(title="Coop Libre").summary == "Outille les associations"

    revisions = dict(english_pages().values_list("pk", "latest_revision_id"))
    out, err, code = reimport_command("--force")
    assert code == 0, err
    last = ImportRun.objects.first()
    assert (last.status, last.summary["unchanged"], last.summary["updated"]) == ("done", 2, 0)
    assert "0 new, 0 updated, 2 unchanged" in out
    assert dict(english_pages().values_list("pk", "latest_revision_id")) == revisions
    assert ImportRun.objects.filter(status="done").count() == 3


def test_the_format_comes_from_the_content_type_when_the_url_does_not_tell(partner, server):
    columns = [column for column, _ in PARTNER_COLUMNS]
    record = dict(zip(columns, COOP.split(";"), strict=True))
    server.routes["/api/export?all=1"] = Route(
        json.dumps([record]).encode(), content_type="application/json"
    )
    partner.import_url = server.url("/api/export?all=1")  # the source says CSV
    partner.reimport_every = "weekly"
    partner.save()

    out, err, code = reimport_command()

    assert code == 0, err
    run = ImportRun.objects.get()
    assert (run.status, run.format, run.filename) == ("done", "json", "export")
    assert english_pages().get().title == "Coop Libre"


@pytest.mark.parametrize(
    "content_type, names, expected",
    [
        ("text/csv; charset=utf-8", ["data.json"], "csv"),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [""], "xlsx"),
        ("application/geo+json", ["points"], "geojson"),
        ("application/octet-stream", ["", "points.geojson"], "geojson"),
        ("text/plain", ["export.xlsx"], "xlsx"),
        ("", ["export", None], "json"),  # the source's format
    ],
)
def test_format_detection_prefers_the_content_type_then_the_file_name(
    content_type, names, expected
):
    assert detect_fetched_format(content_type, names, "json") == expected


@pytest.fixture
def short_limits(monkeypatch):
    monkeypatch.setattr("opendata.imports.fetch.TIMEOUT", 0.5)
    monkeypatch.setattr("opendata.imports.fetch.INTERACTIVE_TIMEOUT", 0.5)
    monkeypatch.setattr("opendata.imports.fetch.MAX_BYTES", 1 * MB)


FAILURES = {
    "not found": (None, "/exports/partner.csv", "was not found at this address (HTTP 404)"),
    "server error": (
        Route(b"oops", status=500),
        "/exports/partner.csv",
        "answered HTTP 500 Internal Server Error",
    ),
    "timeout": (
        Route(partner_csv(COOP), delay=5),
        "/exports/partner.csv",
        "did not answer within 0.5 seconds",
    ),
    "too large (declared)": (
        Route(b"x" * (MB + 1)),
        "/exports/partner.csv",
        "larger than 1 MB",
    ),
    "too large (undeclared)": (
        Route(b"x" * (2 * MB), send_length=False),
        "/exports/partner.csv",
        "larger than 1 MB",
    ),
    "redirect to ftp": (
        Route(status=302, headers={"Location": "ftp://127.0.0.1/partner.csv"}),
        "/exports/partner.csv",
        "not an http:// or https:// address",
    ),
    "unreadable": (
        Route(b"{not json", content_type="application/json"),
        "/exports/partner.csv",
        "This is not valid JSON",
    ),
}


@pytest.mark.parametrize("case", FAILURES)
def test_a_failed_reimport_is_a_failed_run_with_a_clear_error_and_changes_nothing(
    scheduled, server, short_limits, case
):
    route, path, message = FAILURES[case]
    server.routes.pop("/exports/partner.csv")
    if route:
        server.routes[path] = route

    out, err, code = reimport_command()

    assert code == 1
    run = ImportRun.objects.get()
    assert (run.status, run.trigger, run.filename) == ("failed", "scheduled", "partner.csv")
    assert message in run.error
    assert run.content is None
    assert f"Réseau Partenaire: FAILED (import #{run.pk}): {run.error}" in err
    assert "1 of 1 re-imports failed" in err
    assert not english_pages().exists() and not ImportedRecord.objects.exists()
    assert due_sources() == [scheduled]  # tried again next time


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1/partner.csv", "file:///etc/passwd", "partner.example/data.csv"]
)
def test_only_http_addresses_are_fetched(scheduled, url):
    scheduled.import_url = url
    scheduled.save()

    out, err, code = reimport_command()

    assert code == 1
    run = ImportRun.objects.get()
    assert run.status == "failed"
    assert "Only http:// and https:// addresses can be re-imported" in run.error
    assert not english_pages().exists()


def test_a_failing_source_does_not_stop_the_others_and_the_exit_code_says_so(
    scheduled, server, atlas_source
):
    atlas_source.import_url = server.url("/gone.csv")
    atlas_source.reimport_every = "weekly"
    atlas_source.save()

    out, err, code = reimport_command()

    assert code == 1
    assert "Réseau Partenaire: imported partner.csv" in out
    assert "Atlas: FAILED" in err and "HTTP 404" in err
    assert "1 of 2 re-imports failed" in err
    assert english_pages().count() == 2


def test_an_import_already_running_skips_the_source_without_failing(scheduled, monkeypatch):
    def busy():
        raise ImportAlreadyRunning("Another import is running; try again later.")

    monkeypatch.setattr("opendata.imports.importer.acquire_import_lock", busy)

    out, err, code = reimport_command()

    assert code == 0, err
    assert "Réseau Partenaire: skipped" in out and "another import is running" in out
    run = ImportRun.objects.get()
    assert run.status == "failed" and run.error.startswith("Skipped")
    assert run.content is None
    assert not english_pages().exists()
    assert due_sources() == [scheduled]


def test_a_dry_run_fetches_and_reports_but_records_and_changes_nothing(scheduled, server):
    out, err, code = reimport_command("--dry-run")

    assert code == 0, err
    assert out.strip() == (
        "Réseau Partenaire: dry run of partner.csv: 2 rows — 2 new, 0 updated, 0 unchanged, "
        "0 possible duplicates, 0 rejected; nothing changed."
    )
    assert len(server.requests) == 1
    assert not ImportRun.objects.exists() and not english_pages().exists()

    server.routes.clear()
    out, err, code = reimport_command("--dry-run")
    assert code == 1 and "HTTP 404" in err
    assert not ImportRun.objects.exists()


def test_source_and_force_options(scheduled, server, atlas_source):
    reimport_command()
    assert ImportRun.objects.count() == 1

    out, err, code = reimport_command("--source", "Réseau Partenaire")
    assert code == 0 and "Réseau Partenaire: not due (every day, last re-import" in out
    assert ImportRun.objects.count() == 1

    out, err, code = reimport_command("--source", "Réseau Partenaire", "--force")
    assert code == 0 and "imported partner.csv" in out
    assert ImportRun.objects.count() == 2

    # --force also re-imports a source with a URL but no schedule.
    scheduled.reimport_every = "never"
    scheduled.save()
    assert "no scheduled re-import" in reimport_command("--source", "Réseau Partenaire")[0]
    assert reimport_command("--force")[2] == 0
    assert ImportRun.objects.count() == 3

    with pytest.raises(CommandError, match="Unknown source 'Nobody'"):
        call_command("reimport_sources", "--source", "Nobody")
    with pytest.raises(CommandError, match="has no re-import URL"):
        call_command("reimport_sources", "--source", "Atlas")
    with pytest.raises(CommandError):
        call_command("reimport_sources", "--all-due", "--force")


def test_quiet_cron_runs_print_only_failures(scheduled, server, atlas_source):
    out, err, code = reimport_command("-v", "0")
    assert (out, err, code) == ("", "", 0)

    server.routes.clear()
    out, err, code = reimport_command("-v", "0", "--force")
    assert out == "" and code == 1 and "Réseau Partenaire: FAILED" in err


# --- The admin's "Re-import now from URL" ---
def reimport_url(source):
    return f"/admin/opendata/sources/{source.pk}/reimport/"


def test_reimport_now_fetches_the_file_into_a_preview_to_confirm(
    admin_client, admin_user, scheduled, django_capture_on_commit_callbacks
):
    response = admin_client.post(reimport_url(scheduled))

    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/imports/{run.pk}/")
    assert (run.status, run.trigger, run.filename) == ("preview", "manual", "partner.csv")
    assert run.created_by == admin_user and run.summary["new"] == 2
    assert not english_pages().exists()  # nothing changes before the moderator confirms
    page = admin_client.get(response["Location"]).content.decode()
    assert "Confirm and import" in page and scheduled.import_url in page

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/opendata/imports/{run.pk}/confirm/")
    run.refresh_from_db()
    assert run.status == "done" and english_pages().count() == 2
    assert due_sources() == []  # a confirmed manual re-import counts for the schedule


def test_reimport_now_shows_the_fetch_error_and_records_nothing(
    admin_client, scheduled, server, short_limits
):
    server.routes["/exports/partner.csv"] = Route(b"x" * (MB + 1))
    edit_url = f"/admin/snippets/opendata/datasource/edit/{scheduled.pk}/"

    response = admin_client.post(
        reimport_url(scheduled), {"next": f"http://testserver{edit_url}"}, follow=True
    )

    assert response.redirect_chain[0][0].endswith(edit_url)
    assert "could not be re-imported: The file is larger than 1 MB" in response.content.decode()
    assert not ImportRun.objects.exists()

    # An outside `next` is not followed.
    response = admin_client.post(reimport_url(scheduled), {"next": "https://evil.example/"})
    assert response["Location"] == "/admin/opendata/imports/"


def test_reimport_now_is_post_only(admin_client, scheduled, server):
    assert admin_client.get(reimport_url(scheduled)).status_code == 405
    assert not server.requests and not ImportRun.objects.exists()


def test_reimport_now_is_refused_without_the_import_permission(
    client, django_user_model, scheduled, server
):
    setup_moderation()
    editor = django_user_model.objects.create_user("org-editor", password="pw")
    editor.groups.add(Group.objects.get(name=ORGANISATION_EDITORS))

    # Anonymous: sent to the login page.
    response = client.post(reimport_url(scheduled))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

    # An organisation editor (admin access, no import permission): Wagtail answers 403 to a
    # script and sends a browser back to the dashboard with "no permission".
    client.force_login(editor)
    xhr = client.post(reimport_url(scheduled), headers={"x-requested-with": "XMLHttpRequest"})
    assert xhr.status_code == 403
    response = client.post(reimport_url(scheduled))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert "do not have permission" in client.get("/admin/").content.decode()

    assert not server.requests and not ImportRun.objects.exists()


def test_the_data_source_editor_and_the_imports_list_offer_reimport_now(
    admin_client, scheduled, atlas_source
):
    page = admin_client.get(f"/admin/snippets/opendata/datasource/edit/{scheduled.pk}/")
    html = page.content.decode()
    assert "Re-import now from URL" in html
    assert f'data-w-action-url-value="{reimport_url(scheduled)}"' in html
    # No URL, no button.
    page = admin_client.get(f"/admin/snippets/opendata/datasource/edit/{atlas_source.pk}/")
    assert "Re-import now from URL" not in page.content.decode()

    html = admin_client.get("/admin/opendata/imports/").content.decode()
    assert f'action="{reimport_url(scheduled)}" method="post"' in html
    assert reimport_url(atlas_source) not in html


# --- The Atlas's own network is out of reach ---
@pytest.mark.parametrize(
    "host", ["127.0.0.1", "localhost", "10.1.2.3", "192.168.0.10", "169.254.169.254", "[::1]"]
)
def test_addresses_of_private_or_local_networks_are_refused(settings, host):
    from opendata.imports.fetch import FetchError, fetch

    settings.ATLAS_FETCH_PRIVATE_ADDRESSES = False
    with pytest.raises(FetchError, match="private or local network"):
        fetch(f"http://{host}:9/partner.csv")


def test_a_private_address_is_refused_before_any_request(settings, server, scheduled):
    from opendata.imports.fetch import FetchError, refuse_private_address

    settings.ATLAS_FETCH_PRIVATE_ADDRESSES = False
    refuse_private_address("93.184.216.34")  # a public address passes (no DNS for a literal)
    with pytest.raises(FetchError, match="private or local network"):
        refuse_private_address("127.0.0.1")
    # A scheduled re-import from a private address records the refusal, and changes nothing.
    out, err, code = reimport_command("--force")
    assert code == 1 and "private or local network" in err
    assert ImportRun.objects.get().status == "failed" and not english_pages().exists()
    assert server.requests == []  # nothing was asked of the local server
