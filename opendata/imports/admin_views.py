"""Admin views: upload (or fetch) → preview → confirm imports, the duplicates queue, erasure."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.models import OrganisationPage
from opendata.imports.erasure import erase_organisation
from opendata.imports.fetch import FetchError
from opendata.imports.forms import ImportUploadForm
from opendata.imports.importer import Importer
from opendata.imports.readers import UnreadableFile
from opendata.imports.reimport import preview_from_url, sources_with_last_reimport
from opendata.imports.report import REPORT_COLUMNS, ImportReport, RowResult, RowStatus
from opendata.imports.tasks import run_import
from opendata.models import DataSource, DuplicateCandidate, ImportRun
from opendata.models.imports import DuplicateStatus, ImportStatus
from opendata.schema import FIELD_LABELS

PREVIEW_ROWS = 500


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def import_index(request):
    _require(request, "opendata.add_importrun")
    runs = ImportRun.objects.select_related("source", "created_by").defer("content", "report")[:50]
    return TemplateResponse(
        request,
        "opendata/admin/import_index.html",
        {
            "runs": runs,
            "url_sources": sources_with_last_reimport(),
            "page_title": _("Imports"),
            "header_icon": "download",
        },
    )


def import_new(request):
    """Upload a file: it is read and previewed at once (a dry run), nothing is changed yet."""
    _require(request, "opendata.add_importrun")
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        source, upload = form.cleaned_data["source"], form.cleaned_data["file"]
        content = upload.read()
        try:
            report = Importer(source, content, filename=upload.name).run(dry_run=True)
        except UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            run = ImportRun.objects.create(
                source=source,
                filename=upload.name,
                content=content,
                summary=report.summary,
                report=report.to_json(),
                created_by=request.user,
            )
            return redirect("opendata_admin:import_detail", run.pk)
    return TemplateResponse(
        request,
        "opendata/admin/import_new.html",
        {"form": form, "page_title": _("New import"), "header_icon": "upload"},
    )


@require_POST
def reimport_source(request, pk):
    """Fetch the source's file from its URL now and preview it, as an upload would be."""
    _require(request, "opendata.add_importrun")
    source = get_object_or_404(DataSource, pk=pk)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("opendata_admin:import_index")
    if not source.import_url:
        messages.error(request, _("“%(source)s” has no re-import URL.") % {"source": source})
        return redirect(back)
    try:
        run = preview_from_url(source, user=request.user)
    except (FetchError, UnreadableFile) as error:
        messages.error(
            request,
            _("The file of “%(source)s” could not be re-imported: %(error)s")
            % {"source": source, "error": error},
        )
        return redirect(back)
    return redirect("opendata_admin:import_detail", run.pk)


def import_detail(request, pk):
    _require(request, "opendata.add_importrun")
    run = get_object_or_404(ImportRun.objects.select_related("source"), pk=pk)
    labels = dict(RowStatus.choices)
    attention = [
        {
            **row,
            "status_label": labels.get(row["status"], row["status"]),
            "changes": _field_labels(row.get("changes", "")),
            "conflicts": _field_labels(row["conflicts"]),
        }
        for row in run.report
        if row["status"] in (RowStatus.REJECTED, RowStatus.DUPLICATE, RowStatus.UPDATED)
        or row["conflicts"]
        or row["personal_data_dropped"]
        or row.get("warnings")
    ]
    return TemplateResponse(
        request,
        "opendata/admin/import_detail.html",
        {
            "run": run,
            "summary": run.summary,
            "statuses": [(status.value, status.label) for status in RowStatus],
            "attention": attention[:PREVIEW_ROWS],
            "attention_count": len(attention),
            "can_confirm": run.status == ImportStatus.PREVIEW,
            "in_progress": run.status in (ImportStatus.QUEUED, ImportStatus.RUNNING),
            "stalled": run.stalled,
            "page_title": _("Import of %(file)s") % {"file": run.filename},
            "header_icon": "download",
        },
    )


def _field_labels(names):
    """ "name, email" as the admin says them: "Name, Organisational email"."""
    return ", ".join(
        str(FIELD_LABELS.get(name.strip(), name.strip()))
        for name in names.split(",")
        if name.strip()
    )


@require_POST
def import_cancel(request, pk):
    """Drop a previewed import and its file (which may hold personal data)."""
    _require(request, "opendata.add_importrun")
    run = get_object_or_404(ImportRun, pk=pk, status=ImportStatus.PREVIEW)
    run.delete()
    messages.success(request, _("The import of %(file)s was cancelled.") % {"file": run.filename})
    return redirect("opendata_admin:import_index")


@require_POST
def import_confirm(request, pk):
    """Run the previewed import as a background task (the file is read again, afresh)."""
    _require(request, "opendata.add_importrun")
    run = get_object_or_404(ImportRun, pk=pk)
    if not (run.status == ImportStatus.PREVIEW or run.stalled):
        raise Http404
    run.status, run.queued_at = ImportStatus.QUEUED, timezone.now()
    run.save(update_fields=["status", "queued_at"])
    language = translation.get_language()  # the worker writes the report in the same language
    transaction.on_commit(lambda: run_import.enqueue(run.pk, language))
    messages.success(request, _("The import is queued; this page shows its outcome."))
    return redirect("opendata_admin:import_detail", run.pk)


def import_report(request, pk):
    """The per-row report as CSV, as the command writes it."""
    _require(request, "opendata.add_importrun")
    run = get_object_or_404(ImportRun, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-report-{run.pk}.csv"'
    response.write("\ufeff")  # so that spreadsheets read it as UTF-8
    writer = csv.DictWriter(response, fieldnames=REPORT_COLUMNS)
    writer.writeheader()
    writer.writerows(run.report)
    return response


# --- Duplicates ---
def duplicate_index(request):
    _require(request, "opendata.change_duplicatecandidate")
    pending = DuplicateCandidate.objects.filter(status=DuplicateStatus.PENDING).select_related(
        "source", "match"
    )
    return TemplateResponse(
        request,
        "opendata/admin/duplicate_index.html",
        {
            "duplicates": pending[:200],
            "page_title": _("Possible duplicates"),
            "header_icon": "warning",
        },
    )


@require_POST
def duplicate_resolve(request, pk):
    """Merge (the record now updates the existing organisation) or keep apart (create it)."""
    _require(request, "opendata.change_duplicatecandidate")
    candidate = get_object_or_404(
        DuplicateCandidate.objects.select_related("source", "match"),
        pk=pk,
        status=DuplicateStatus.PENDING,
    )
    decision = request.POST.get("decision")
    with transaction.atomic():
        if decision == "merge":
            Importer(candidate.source, b"").merge(
                candidate.record_id, candidate.values, candidate.match
            )
            candidate.status = DuplicateStatus.MERGED
            message = _("“%(name)s” is now the same organisation as “%(match)s”.")
        elif decision == "keep_apart":
            importer = Importer(candidate.source, b"")
            row = RowResult(
                number=0,
                status=RowStatus.NEW,
                name=candidate.name,
                record_id=candidate.record_id,
                values=candidate.values,
            )
            importer.apply(
                ImportReport(
                    source=candidate.source.name,
                    rows=[row],
                    columns=[],
                    ignored_columns=[],
                    personal_columns=[],
                )
            )
            candidate.status = DuplicateStatus.KEPT_APART
            message = _("“%(name)s” was added as an organisation of its own.")
        else:
            messages.error(request, _("Choose merge or keep apart."))
            return redirect("opendata_admin:duplicate_index")
        candidate.resolved_at = timezone.now()
        candidate.save(update_fields=["status", "resolved_at"])
    messages.success(request, message % {"name": candidate.name, "match": candidate.match.title})
    return redirect("opendata_admin:duplicate_index")


# --- Erasure ---
def erase(request, page_id):
    """Confirm, then remove an organisation from every place it is stored."""
    page = get_object_or_404(OrganisationPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_delete():
        raise PermissionDenied
    if request.method == "POST":
        title = page.title
        erase_organisation(page)
        messages.success(
            request,
            _("“%(title)s” was erased from the Atlas, its history and its exports.")
            % {"title": title},
        )
        return redirect("wagtailadmin_home")
    return TemplateResponse(
        request,
        "opendata/admin/erase.html",
        {
            "page": page,
            "page_title": _("Erase %(title)s") % {"title": page.title},
            "header_icon": "bin",
        },
    )
