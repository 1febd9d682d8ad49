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
from opendata.imports.cleaning import Vocabulary
from opendata.imports.erasure import erase_organisation
from opendata.imports.fetch import FetchError
from opendata.imports.forms import DEFAULTED_FIELDS, ROLE_DEFAULTS, ImportUploadForm, MappingForm
from opendata.imports.importer import Importer
from opendata.imports.matching import is_atlas_format, samples, suggest_mapping
from opendata.imports.peers import PEER_FIELDS
from opendata.imports.readers import UnreadableFile, detect_format, read_file
from opendata.imports.reimport import preview_from_url, sources_with_last_reimport
from opendata.imports.report import (
    REPORT_COLUMNS,
    ImportReport,
    RowResult,
    RowStatus,
    importable_count,
)
from opendata.imports.tasks import run_import
from opendata.models import DataSource, DuplicateCandidate, FieldMapping, ImportRun, ValueMapping
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
            columns, _records = read_file(content, detect_format(upload.name, source.format))
            # A source without a mapping shows the file's columns first, matched for it.
            # (A peer database's format has its own mapping: straight to the preview.)
            to_map = not (
                source.has_mapping or source.format in PEER_FIELDS or is_atlas_format(columns)
            )
            report = None if to_map else Importer(source, content, upload.name).run(dry_run=True)
        except UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            run = ImportRun.objects.create(
                source=source,
                filename=upload.name,
                content=content,
                summary=report.summary if report else {},
                report=report.to_json() if report else [],
                created_by=request.user,
            )
            if to_map:
                return redirect("opendata_admin:import_mapping", run.pk)
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
    if run.status == ImportStatus.PREVIEW and not run.summary:  # its columns to map first
        return redirect("opendata_admin:import_mapping", run.pk)
    labels = dict(RowStatus.choices)
    attention = [
        {
            **row,
            "status_label": labels.get(row["status"], row["status"]),
            "changes": _field_labels(row.get("changes", "")),
            "conflicts": _field_labels(row["conflicts"]),
            "to_complete": _field_labels(row.get("to_complete", "")),
        }
        for row in run.report
        if row["status"]
        in (RowStatus.REJECTED, RowStatus.DUPLICATE, RowStatus.UPDATED, RowStatus.INCOMPLETE)
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
            "nothing_to_import": run.status == ImportStatus.PREVIEW
            and not importable_count(run.summary),
            "in_progress": run.status in (ImportStatus.QUEUED, ImportStatus.RUNNING),
            "stalled": run.stalled,
            "page_title": _("Import of %(file)s") % {"file": run.filename},
            "header_icon": "download",
        },
    )


def import_mapping(request, pk):
    """The file's columns with samples of their values, each beside the Atlas field it fills
    (matched from the headers, or the source's saved mapping), the values the import would
    not read by themselves with a suggested Atlas value, and defaults for what the file lacks.
    Saving stores the mapping on the data source (reused by its next imports) and previews."""
    _require(request, "opendata.add_importrun")
    run = get_object_or_404(
        ImportRun.objects.select_related("source"), pk=pk, status=ImportStatus.PREVIEW
    )
    source, content = run.source, bytes(run.content or b"")
    try:
        fmt = run.format or detect_format(run.filename, source.format)
        columns, records = read_file(content, fmt)
    except UnreadableFile as error:
        messages.error(request, str(error))
        return redirect("opendata_admin:import_detail", run.pk)
    vocabulary = Vocabulary.load()
    saved = source.get_mapping()
    if request.method == "POST":
        fields = {
            column: request.POST.get(f"column-{index}", "") for index, column in enumerate(columns)
        }
        fields = {column: name for column, name in fields.items() if name in FIELD_LABELS}
    elif saved["fields"]:
        fields = {c: saved["fields"][c] for c in columns if c in saved["fields"]}
    elif source.format in PEER_FIELDS:
        fields = {c: name for c, name in PEER_FIELDS[source.format].items() if c in columns}
    else:
        fields = suggest_mapping(columns, records, vocabulary).fields
    suggestion = suggest_mapping(columns, records, vocabulary, fields=fields)
    value_rows = [
        (name, value, saved["values"].get(name, {}).get(value.strip().casefold(), suggested))
        for name, table in suggestion.values.items()
        for value, suggested in table.items()
    ]
    shown = ",".join(sorted(suggestion.values))
    kwargs = {
        "columns": columns,
        "initial_fields": fields,
        "value_rows": value_rows,
        "defaults": _saved_defaults(saved),
        "value_choices": _vocabulary_choices(),
    }
    saving = request.method == "POST" and request.POST.get("action") == "save"
    if saving and request.POST.get("shown") != shown:
        # The columns changed since the values were shown: show the new ones before saving.
        messages.warning(request, _("Check the values of the fields you changed, then save."))
        saving = False
    form = MappingForm(request.POST if saving else None, **kwargs)
    if saving and form.is_valid():
        _save_mapping(source, *form.mapping(), value_rows)
        report = Importer(source, content, run.filename, fmt=run.format or None).run(dry_run=True)
        run.summary, run.report = report.summary, report.to_json()
        run.save(update_fields=["summary", "report"])
        message = _("The mapping is saved on “%(source)s” for its next imports.")
        messages.success(request, message % {"source": source})
        return redirect("opendata_admin:import_detail", run.pk)
    column_rows = [
        {"field": form[name], "column": column, "samples": samples(records, column)}
        for name, column in form.column_names
    ]
    value_groups = {}
    for name, atlas_field, value in form.value_names:
        value_groups.setdefault(atlas_field, []).append({"field": form[name], "value": value})
    return TemplateResponse(
        request,
        "opendata/admin/import_mapping.html",
        {
            "run": run,
            "form": form,
            "column_rows": column_rows,
            "value_groups": [
                {"label": FIELD_LABELS[name], "rows": rows} for name, rows in value_groups.items()
            ],
            "defaults": [
                form[f"default-{name}"] for name in DEFAULTED_FIELDS if name not in fields.values()
            ],
            "role_default": form["default-role"],
            "shown": shown,
            "record_count": len(records),
            "page_title": _("Columns of %(file)s") % {"file": run.filename},
            "header_icon": "table",
        },
    )


def _saved_defaults(saved):
    """The source's defaults (value mappings of an empty source value), as the form's."""
    values = saved["values"]
    defaults = {name: values[name][""] for name in DEFAULTED_FIELDS if "" in values.get(name, {})}
    roles = [name for name in ROLE_DEFAULTS["both"] if values.get(name, {}).get("") == "true"]
    if roles:
        defaults["role"] = "both" if len(roles) == 2 else roles[0]
    return defaults


def _vocabulary_choices():
    """Sectors and services by slug, named in the moderator's language (the default language's
    name where a term is not translated)."""
    from core.i18n import localized_by_slug
    from directory.fields import Kind
    from directory.models import Sector, Service

    def choices(model):
        terms = localized_by_slug(model).values()
        return sorted(((term.slug, term.name) for term in terms), key=lambda pair: pair[1])

    return {Kind.SECTOR: choices(Sector), Kind.SERVICES: choices(Service)}


@transaction.atomic
def _save_mapping(source, fields, values, shown_values):
    """Replace the source's column mapping; set the value mappings of the values shown (a value
    left without one loses its old one) and its defaults."""
    source.field_mappings.all().delete()
    FieldMapping.objects.bulk_create(
        FieldMapping(source=source, column=column[:150], atlas_field=name, sort_order=order)
        for order, (column, name) in enumerate(fields.items())
    )
    mappings = source.value_mappings.all()
    defaulted = [*DEFAULTED_FIELDS, *ROLE_DEFAULTS["both"]]
    mappings.filter(source_value="", atlas_field__in=defaulted).delete()
    for name, value, _suggested in shown_values:
        mappings.filter(atlas_field=name, source_value__iexact=value.strip()[:150]).delete()
    order = mappings.count()
    ValueMapping.objects.bulk_create(
        ValueMapping(
            source=source,
            atlas_field=name,
            source_value=value.strip()[:150],
            atlas_value=atlas_value,
            sort_order=order + index,
        )
        for index, (name, value, atlas_value) in enumerate(values)
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
    if not importable_count(run.summary):
        messages.error(request, _("Nothing in this file would be imported: check its mapping."))
        return redirect("opendata_admin:import_detail", run.pk)
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
