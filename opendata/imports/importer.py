"""Import a partner's file: plan every row (new, updated, unchanged, duplicate, rejected), then
apply the plan in one transaction that only one import at a time may hold.

A dry run (or the admin's preview) is the plan alone. New organisations are inserted in bulk
with the seed's tree-path arithmetic (`insert_organisation_pages`), so that 10,000 rows take
seconds, not the hours that one `add_child` per row would.
"""

import csv
import io
import uuid
from dataclasses import dataclass, field
from datetime import date

from django.db import OperationalError, connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Locale, Page

from directory.bulk import insert_organisation_pages
from directory.duplicates import DuplicateIndex, normalise
from directory.indexing import index_organisations
from directory.models import (
    DirectoryIndexPage,
    Language,
    OrganisationPage,
    OrganisationSocialLink,
    Sector,
    Service,
)
from opendata.export import (
    CHUNK_SIZE,
    invalidate_exports,
    iter_records,
    organisation_row,
    organisations_with_relations,
)
from opendata.imports.cleaning import RecordCleaner, Vocabulary
from opendata.imports.geocoding import enqueue_geocoding
from opendata.imports.publishing import save_changes
from opendata.imports.readers import detect_format, read_file
from opendata.models import DuplicateCandidate, ImportedRecord, ImportLock
from opendata.models.sources import ImportMode
from opendata.schema import IMPORTABLE, TRUE, plain_to_rich_text

BATCH_SIZE = 500
LOCK_KEY = 604_106  # any constant: the advisory lock's id on PostgreSQL
COMPARED_FIELDS = [name for name in IMPORTABLE if name != "atlas_id"]
# Where a record comes from: written by the source that created the organisation, never
# compared with a record another source contributes to it (after a merge).
PROVENANCE_FIELDS = ("source", "source_record_id", "source_licence")


class RowStatus(models.TextChoices):
    NEW = "new", gettext_lazy("new")
    UPDATED = "updated", gettext_lazy("updated")
    UNCHANGED = "unchanged", gettext_lazy("unchanged")
    DUPLICATE = "duplicate", gettext_lazy("possible duplicate")
    REJECTED = "rejected", gettext_lazy("rejected")


class ImportAlreadyRunning(RuntimeError):
    """Another import holds the lock."""


REPORT_COLUMNS = [
    "row",
    "status",
    "name",
    "record_id",
    "match",
    "reasons",
    "changes",
    "conflicts",
    "personal_data_dropped",
    "warnings",
]


@dataclass
class RowResult:
    number: int
    status: str = ""
    name: str = ""
    record_id: str = ""
    match: str = ""
    reasons: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    dropped: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    values: dict = field(default_factory=dict, repr=False)
    page_key: str = ""
    page: object = field(default=None, repr=False)
    imported: object = field(default=None, repr=False)
    match_ref: tuple = ()

    def as_report(self):
        return {
            "row": self.number,
            "status": self.status,
            "name": self.name,
            "record_id": self.record_id,
            "match": self.match,
            "reasons": "; ".join(self.reasons),
            "changes": ", ".join(self.changes),
            "conflicts": ", ".join(self.conflicts),
            "personal_data_dropped": "; ".join(str(item) for item in self.dropped),
            "warnings": "; ".join(str(item) for item in self.warnings),
        }


@dataclass
class ImportReport:
    source: str
    rows: list
    columns: list
    ignored_columns: list
    personal_columns: list
    dry_run: bool = True

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def summary(self):
        counts = {status.value: self.count(status) for status in RowStatus}
        counts["conflicts"] = sum(1 for row in self.rows if row.conflicts)
        counts["personal_data_dropped"] = sum(1 for row in self.rows if row.dropped)
        counts["rows"] = len(self.rows)
        return counts

    @property
    def has_rejections(self):
        return any(row.status == RowStatus.REJECTED for row in self.rows)

    def to_csv(self):
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=REPORT_COLUMNS)
        writer.writeheader()
        writer.writerows(row.as_report() for row in self.rows)
        return buffer.getvalue()

    def to_json(self):
        return [row.as_report() for row in self.rows]


def acquire_import_lock():
    """Hold the import lock until the current transaction ends, or raise ImportAlreadyRunning.

    PostgreSQL: a transaction-level advisory lock, released even if the process is killed.
    SQLite: writing the lock row takes the database's write lock for the whole transaction.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
            if not cursor.fetchone()[0]:
                raise ImportAlreadyRunning(_("Another import is running; try again later."))
        return
    try:
        lock, created = ImportLock.objects.get_or_create(name="import")
        if not created:
            ImportLock.objects.filter(pk=lock.pk).update(name="import")
    except OperationalError as error:
        raise ImportAlreadyRunning(_("Another import is running; try again later.")) from error


class Importer:
    """Imports one file from one data source."""

    def __init__(self, source, content, filename="", fmt=None, progress=None):
        self.source = source
        self.content = content
        self.fmt = fmt or detect_format(filename, source.format)
        self.progress = progress or (lambda done, total, stage: None)
        self.locale = Locale.get_default()

    # --- Entry point ---
    def run(self, dry_run=False):
        columns, records = read_file(self.content, self.fmt)
        if dry_run:
            return self.plan(columns, records)
        with transaction.atomic():
            acquire_import_lock()
            report = self.plan(columns, records)
            report.dry_run = False
            self.apply(report)
            invalidate_exports()
            # Again once committed, in case a download rebuilt the cache in between.
            transaction.on_commit(invalidate_exports)
        return report

    # --- Plan ---
    def plan(self, columns, records):
        mapping = self.source.get_mapping()
        # Without a legal basis personal data never comes in: compare what an export shows.
        self.legal_basis = bool(mapping["legal_basis"])
        atlas_format = not mapping["fields"]
        cleaner = RecordCleaner(self.source, mapping, Vocabulary.load(), atlas_format)
        used = set(IMPORTABLE) if atlas_format else set(mapping["fields"])
        ignored = [column for column in columns if column not in used]
        from opendata.gdpr import looks_like_personal_column

        report = ImportReport(
            source=self.source.name,
            rows=[],
            columns=columns,
            ignored_columns=ignored,
            personal_columns=[column for column in ignored if looks_like_personal_column(column)],
        )

        existing = OrganisationPage.objects.filter(locale=self.locale).values_list(
            "pk",
            "translation_key",
            "title",
            "city",
            "website",
            "latitude",
            "longitude",
            "data_source",
            "source_record_id",
        )
        keys, by_source_id, duplicates = set(), {}, DuplicateIndex()
        for pk, key, title, city, website, lat, lng, data_source, record_id in existing:
            keys.add(str(key))
            if data_source and record_id:
                by_source_id[(data_source, record_id)] = str(key)
            duplicates.add(("page", pk, title), title, city, website, lat, lng)
        imported = {
            record.record_id: record for record in ImportedRecord.objects.filter(source=self.source)
        }

        seen, matched, total = {}, [], len(records)
        for done, record in enumerate(records, start=1):
            cleaned = cleaner.clean(record.values)
            values = cleaned.values
            row = RowResult(
                number=record.number,
                name=values.get("name", ""),
                values=values,
                dropped=cleaned.dropped,
                warnings=cleaned.warnings,
            )
            report.rows.append(row)
            if done % 500 == 0:
                self.progress(done, total, "plan")
            if cleaned.reasons:
                row.status, row.reasons = RowStatus.REJECTED, cleaned.reasons
                row.record_id = values.get("source_record_id", "")  # to find it in the file
                continue
            row.record_id = (
                (values.get("atlas_id") if atlas_format else "")
                or values["source_record_id"]
                or f"{normalise(values['name'])}|{normalise(values.get('city', ''))}"
            )
            if row.record_id in seen:
                row.status = RowStatus.REJECTED
                row.reasons = [
                    _("the same record is already on row %(row)s") % {"row": seen[row.record_id]}
                ]
                continue
            seen[row.record_id] = row.number
            row.imported = imported.get(row.record_id)
            key = None
            if row.imported and str(row.imported.translation_key) in keys:
                key = str(row.imported.translation_key)
            elif values.get("atlas_id") in keys:
                key = values["atlas_id"]
            elif (values["source"], values["source_record_id"]) in by_source_id:
                key = by_source_id[(values["source"], values["source_record_id"])]
            if key:
                row.page_key = key
                matched.append(row)
                continue
            location = _location(values)
            hit = duplicates.find(
                values["name"], values.get("city", ""), values.get("website", ""), *location
            )
            if hit:
                ref, reason = hit
                row.status, row.match_ref, row.reasons = RowStatus.DUPLICATE, ref, [reason]
                row.match = (
                    _("row %(row)s: %(name)s") % {"row": ref[1], "name": ref[2]}
                    if ref[0] == "row"
                    else f"#{ref[1]} {ref[2]}"
                )
            else:
                row.status = RowStatus.NEW
                if location[0] is None and values.get("online_only") != TRUE:
                    row.warnings.append(_("no coordinates: flagged “needs location”"))
                duplicates.add(
                    ("row", row.number, values["name"]),
                    values["name"],
                    values.get("city", ""),
                    values.get("website", ""),
                    *location,
                )
        self._compare(matched)
        self.progress(total, total, "plan")
        return report

    def _compare(self, matched):
        """Updated or unchanged: each field against the page, and against the last import."""
        for start in range(0, len(matched), CHUNK_SIZE):
            batch = matched[start : start + CHUNK_SIZE]
            pages = OrganisationPage.objects.filter(
                locale=self.locale, translation_key__in=[row.page_key for row in batch]
            )
            records = {str(record["translation_key"]): record for record in iter_records(pages)}
            # A pending draft is someone's edit in progress: never overwrite it.
            drafts = {
                str(key)
                for key in pages.filter(has_unpublished_changes=True, live=True).values_list(
                    "translation_key", flat=True
                )
            }
            for row in batch:
                record = records[row.page_key]
                row.match = f"#{record['pk']} {record['title']}"
                current = organisation_row(record, public=not self.legal_basis)
                last = row.imported.values if row.imported else None
                other_source = current["source"] != row.values["source"]
                for name in COMPARED_FIELDS:
                    if name not in row.values or row.values[name] == current[name]:
                        continue
                    if other_source and name in PROVENANCE_FIELDS:
                        continue
                    edited_here = last is not None and name in last and last[name] != current[name]
                    if edited_here or row.page_key in drafts:
                        row.conflicts.append(name)
                    else:
                        row.changes.append(name)
                row.status = RowStatus.UPDATED if row.changes else RowStatus.UNCHANGED

    # --- Merge ---
    def merge(self, record_id, values, page):
        """Make this source's record `values` (queued as a possible duplicate) a record of the
        existing organisation `page`: it fills the fields the organisation leaves empty, and is
        remembered as imported, so that its later imports update only the fields it supplied;
        the others stay as they are, reported as conflicts."""
        record = next(iter_records(OrganisationPage.objects.filter(pk=page.pk)))
        current = organisation_row(record, public=False)
        gaps = [
            name
            for name in COMPARED_FIELDS
            if name not in PROVENANCE_FIELDS and values.get(name) and not current[name]
        ]
        if "latitude" in gaps or "longitude" in gaps:  # a location comes whole, or not at all
            gaps = [name for name in gaps if name not in ("latitude", "longitude")]
            if not current["latitude"] and not current["longitude"]:
                gaps += ["latitude", "longitude"]
        row = RowResult(
            number=0,
            status=RowStatus.UPDATED if gaps else RowStatus.UNCHANGED,
            name=values.get("name", ""),
            record_id=record_id,
            values=values,
            changes=gaps,
            page_key=str(page.translation_key),
            imported=ImportedRecord.objects.filter(source=self.source, record_id=record_id).first(),
        )
        self.apply(
            ImportReport(
                source=self.source.name,
                rows=[row],
                columns=[],
                ignored_columns=[],
                personal_columns=[],
                dry_run=False,
            )
        )
        return row

    # --- Apply ---
    def apply(self, report):
        rows = report.rows
        self.sectors = {s.slug: s for s in Sector.objects.filter(locale=self.locale)}
        self.services = {s.slug: s for s in Service.objects.filter(locale=self.locale)}
        codes = {
            code for row in rows for code in row.values.get("languages", "").split("|") if code
        }
        for code in codes - set(Language.objects.values_list("code", flat=True)):
            Language.objects.create(code=code)
        self.languages = {language.code: language for language in Language.objects.all()}

        new_pages = self._insert([row for row in rows if row.status == RowStatus.NEW])
        updated = [row for row in rows if row.status == RowStatus.UPDATED]
        for start in range(0, len(updated), BATCH_SIZE):
            batch = updated[start : start + BATCH_SIZE]
            pages = organisations_with_relations().filter(
                locale=self.locale, translation_key__in=[row.page_key for row in batch]
            )
            by_key = {str(page.translation_key): page for page in pages}
            for row in batch:
                row.page = by_key[row.page_key]
        for done, row in enumerate(updated, start=1):
            self._update(row)
            if done % 100 == 0:
                self.progress(done, len(updated), "update")
        self._remember(rows)
        self._queue_duplicates(rows)
        page_ids = [page.pk for page in new_pages]
        if page_ids:
            transaction.on_commit(lambda: index_organisations.enqueue(page_ids))
        # Rows without coordinates stay flagged "needs location" unless a geocoder places them.
        enqueue_geocoding(
            row.page for row in rows if row.status in (RowStatus.NEW, RowStatus.UPDATED)
        )

    def _insert(self, rows):
        if not rows:
            return []
        directory = DirectoryIndexPage.objects.filter(locale=self.locale).first()
        if directory is None:
            raise RuntimeError(_("There is no directory page to add organisations to."))
        translations = list(directory.get_translations())
        parents = [directory, *translations]
        used_slugs = set()
        for parent in parents:
            used_slugs.update(Page.objects.child_of(parent).values_list("slug", flat=True))
        publish = self.source.default_mode == ImportMode.PUBLISH
        created = []
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start : start + BATCH_SIZE]
            data = [self._seed_row(row, used_slugs) for row in batch]
            originals = insert_organisation_pages(
                directory,
                data,
                self.locale,
                self.sectors,
                self.services,
                self.languages,
            )
            pages = list(originals)
            for parent in translations:
                pages += insert_organisation_pages(
                    parent,
                    data,
                    parent.locale,
                    self.sectors,
                    self.services,
                    self.languages,
                    alias_of=originals,
                )
            self._keep_atlas_ids(batch, pages, len(originals))
            if not publish:
                Page.objects.filter(pk__in=[page.pk for page in pages]).update(
                    live=False,
                    has_unpublished_changes=True,
                    first_published_at=None,
                    last_published_at=None,
                )
            for row, page in zip(batch, originals, strict=True):
                row.page, row.page_key = page, str(page.translation_key)
            created += pages
            self.progress(start + len(batch), len(rows), "insert")
        return created

    def _keep_atlas_ids(self, batch, pages, count):
        """A record from an Atlas export keeps its Atlas id (in every language)."""
        new_keys = {}
        for row, page in zip(batch, pages[:count], strict=True):
            if row.values.get("atlas_id"):
                new_keys[page.translation_key] = uuid.UUID(row.values["atlas_id"])
        if not new_keys:
            return
        changed = [page for page in pages if page.translation_key in new_keys]
        for page in changed:
            page.translation_key = new_keys[page.translation_key]
        Page.objects.bulk_update(changed, ["translation_key"], batch_size=BATCH_SIZE)

    def _seed_row(self, row, used_slugs):
        typed = typed_values(row.values)
        base = slugify(typed["title"])[:60].strip("-") or "organisation"
        slug, n = base, 2
        while slug in used_slugs:
            slug, n = f"{base}-{n}", n + 1
        used_slugs.add(slug)
        typed["slug"] = slug
        typed["published_at"] = timezone.now()
        return typed

    def _update(self, row):
        page = row.page
        apply_values(page, row.values, row.changes, self)
        save_changes(page)

    def _remember(self, rows):
        keep = [
            row
            for row in rows
            if row.status in (RowStatus.NEW, RowStatus.UPDATED, RowStatus.UNCHANGED)
        ]
        existing = [row for row in keep if row.imported]
        for row in existing:
            row.imported.values = row.values
            row.imported.translation_key = row.page_key
        ImportedRecord.objects.bulk_update(
            [row.imported for row in existing], ["values", "translation_key"], batch_size=500
        )
        ImportedRecord.objects.bulk_create(
            [
                ImportedRecord(
                    source=self.source,
                    record_id=row.record_id,
                    translation_key=row.page_key,
                    values=row.values,
                )
                for row in keep
                if not row.imported
            ],
            batch_size=500,
        )

    def _queue_duplicates(self, rows):
        by_number = {row.number: row for row in rows}
        for row in rows:
            if row.status != RowStatus.DUPLICATE:
                continue
            kind, ref, _name = row.match_ref
            match_id = ref if kind == "page" else getattr(by_number[ref].page, "pk", None)
            if match_id is None:
                continue
            DuplicateCandidate.objects.update_or_create(
                source=self.source,
                record_id=row.record_id,
                status="pending",
                defaults={
                    "name": row.values["name"],
                    "values": row.values,
                    "match_id": match_id,
                    "reasons": "; ".join(row.reasons)[:255],
                },
            )


def _location(values):
    if values.get("latitude") and values.get("longitude"):
        return float(values["latitude"]), float(values["longitude"])
    return None, None


def typed_values(values):
    """The model's attribute values for a cleaned record (missing fields get the defaults)."""

    def flag(name):
        return values.get(name) == TRUE

    latitude, longitude = _location(values)
    social_links = []
    for pair in filter(None, values.get("social_links", "").split("|")):
        kind, _sep, url = pair.partition(" ")
        social_links.append((kind, url))
    return {
        "title": values["name"],
        "summary": values["summary"],
        "description": plain_to_rich_text(values.get("description", "")),
        "website": values.get("website", ""),
        "email": values.get("email", ""),
        "phone": values.get("phone", ""),
        "address": values.get("address", ""),
        "postcode": values.get("postcode", ""),
        "city": values.get("city", ""),
        "country": values["country"],
        "online_only": flag("online_only"),
        "latitude": None if flag("online_only") else latitude,
        "longitude": None if flag("online_only") else longitude,
        "sector": values["sector"],
        "legal_form": values["legal_form"],
        "national_legal_form": values.get("national_legal_form", ""),
        "supports_transition": flag("supports_transition"),
        "provides_tools": flag("provides_tools"),
        "services": [slug for slug in values.get("services", "").split("|") if slug],
        "scope": values.get("scope") or "national",
        "countries_served": [c for c in values.get("countries_served", "").split("|") if c],
        "languages": [code for code in values.get("languages", "").split("|") if code],
        "founded_year": int(values["founded_year"]) if values.get("founded_year") else None,
        "staff_size": values.get("staff_size", ""),
        "open_source": flag("open_source"),
        "open_source_note": values.get("open_source_note", ""),
        "social_links": social_links,
        "data_source": values.get("source", ""),
        "source_record_id": values.get("source_record_id", ""),
        "source_licence": values.get("source_licence", ""),
        "last_verified": (
            date.fromisoformat(values["last_verified"]) if values.get("last_verified") else None
        ),
    }


FIELD_ATTRIBUTES = {"name": "title", "source": "data_source"}


def apply_values(page, values, fields, importer):
    """Set the changed fields of an existing page from a cleaned record."""
    typed = typed_values(values)
    for name in fields:
        if name in ("latitude", "longitude"):
            page.set_location(typed["latitude"], typed["longitude"])
        elif name == "name":
            page.title = page.draft_title = typed["title"]
        elif name == "sector":
            page.sector = importer.sectors[typed["sector"]]
        elif name == "services":
            page.services = [importer.services[slug] for slug in typed["services"]]
        elif name == "languages":
            page.languages = [importer.languages[code] for code in typed["languages"]]
        elif name == "social_links":
            page.social_links = [
                OrganisationSocialLink(kind=kind, url=url, sort_order=order)
                for order, (kind, url) in enumerate(typed["social_links"])
            ]
        else:
            attribute = FIELD_ATTRIBUTES.get(name, name)
            setattr(page, attribute, typed[attribute])
    if "online_only" in fields and page.online_only:
        page.set_location(None, None)
