"""Import a partner's file: plan every row (new, updated, unchanged, duplicate, rejected), then
apply the plan in one transaction that only one import at a time may hold.

A dry run (or the admin's preview) is the plan alone. New organisations are inserted in bulk
with the seed's tree-path arithmetic (`insert_organisation_pages`), so that 10,000 rows take
seconds, not the hours that one `add_child` per row would.
"""

import uuid
from contextlib import ExitStack

from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

from core.slugs import available_slug, slug_from_title
from directory.bulk import insert_organisation_pages
from directory.fields import PROVENANCE_FIELDS
from directory.indexing import index_organisations
from directory.models import DirectoryIndexPage, Language, OrganisationPage, Sector, Service
from opendata.export import invalidate_exports
from opendata.imports.cleaning import missing_values
from opendata.imports.geocoding import enqueue_geocoding
from opendata.imports.lock import ImportAlreadyRunning, acquire_import_lock
from opendata.imports.planning import COMPARED_FIELDS, ImportPlanner
from opendata.imports.publishing import save_changes
from opendata.imports.readers import detect_format, read_file
from opendata.imports.report import ImportReport, RowResult, RowStatus
from opendata.imports.values import apply_values, typed_values
from opendata.models import DuplicateCandidate, ImportedRecord
from opendata.models.sources import ImportMode
from opendata.rows import iter_records, organisation_row, organisations_with_relations

BATCH_SIZE = 500
# Rows that create an organisation: complete (published or draft, as the source says) or a draft
# to complete.
NEW_STATUSES = (RowStatus.NEW, RowStatus.INCOMPLETE)


class Importer(ImportPlanner):
    """Imports one file from one data source: plans it (`ImportPlanner`), then applies the plan."""

    def __init__(self, source, content, filename="", fmt=None, progress=None, mapping=None):
        self.source = source
        self.mapping = mapping  # else the source's own (see ImportPlanner.reading_mapping)
        self.content = content
        self.fmt = fmt or detect_format(filename, source.format)
        self.progress = progress or (lambda done, total, stage: None)
        self.locale = Locale.get_default()

    # --- Entry point ---
    def run(self, dry_run=False):
        columns, records = read_file(self.content, self.fmt)
        if dry_run:
            return self.plan(columns, records)
        with ExitStack() as stack:
            try:
                stack.enter_context(transaction.atomic())
            except OperationalError as error:
                # SQLite's transactions are IMMEDIATE (settings): one that cannot begin within
                # the busy timeout means another import (or a long write) holds the database.
                raise ImportAlreadyRunning(
                    _("Another import is running; try again later.")
                ) from error
            acquire_import_lock()
            report = self.plan(columns, records)
            report.dry_run = False
            self.apply(report)
            invalidate_exports()
            # Again once committed, in case a download rebuilt the cache in between.
            transaction.on_commit(invalidate_exports)
        return report

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

        new_pages = self._insert([row for row in rows if row.status in NEW_STATUSES])
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
            row.page for row in rows if row.status in (*NEW_STATUSES, RowStatus.UPDATED)
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
            # A record that lacks what publishing needs is always a draft, to complete.
            drafts = {
                page.translation_key
                for row, page in zip(batch, originals, strict=True)
                if not publish or missing_values(row.values)
            }
            if drafts:
                Page.objects.filter(
                    pk__in=[page.pk for page in pages if page.translation_key in drafts]
                ).update(
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
        slug = available_slug(slug_from_title(typed["title"]), used_slugs)
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
            if row.status in (*NEW_STATUSES, RowStatus.UPDATED, RowStatus.UNCHANGED)
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
