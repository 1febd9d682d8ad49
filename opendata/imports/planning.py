"""Planning an import: each record cleaned, matched with the atlas and classified (new, updated,
unchanged, possible duplicate, rejected), before anything is written."""

from django.utils.translation import gettext as _

from directory.duplicates import DuplicateIndex
from directory.fields import PROVENANCE_FIELDS
from directory.identifiers import pairs as identifier_pairs
from directory.identifiers import parse as parse_identifiers
from directory.models import OrganisationPage
from opendata.gdpr import looks_like_personal_column
from opendata.imports.cleaning import RecordCleaner, Vocabulary, missing_values, without_missing
from opendata.imports.keys import record_key
from opendata.imports.matching import is_atlas_format, suggest_mapping
from opendata.imports.peers import PEER_FIELDS
from opendata.imports.report import ImportReport, RowResult, RowStatus
from opendata.models import ImportedRecord
from opendata.rows import CHUNK_SIZE, iter_records, organisation_row
from opendata.schema import IMPORTABLE, TRUE

COMPARED_FIELDS = [name for name in IMPORTABLE if name != "atlas_id"]


def record_location(values):
    if values.get("latitude") and values.get("longitude"):
        return float(values["latitude"]), float(values["longitude"])
    return None, None


class ImportPlanner:
    """The planning half of an `Importer` (its source, locale and progress callback)."""

    def plan(self, columns, records):
        vocabulary = Vocabulary.load()
        mapping, auto_matched = self.reading_mapping(columns, records, vocabulary)
        # Without a legal basis personal data never comes in: compare what an export shows.
        self.legal_basis = bool(mapping["legal_basis"])
        atlas_format = not mapping["fields"]
        cleaner = RecordCleaner(self.source, mapping, vocabulary, atlas_format)
        used = set(IMPORTABLE) if atlas_format else set(mapping["fields"])
        ignored = [column for column in columns if column not in used]
        report = ImportReport(
            source=self.source.name,
            rows=[],
            columns=columns,
            ignored_columns=ignored,
            personal_columns=[column for column in ignored if looks_like_personal_column(column)],
            auto_matched=auto_matched,
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
            "identifiers",
        )
        keys, by_source_id, duplicates = set(), {}, DuplicateIndex()
        by_identifier = {}  # (scheme, value): page key; an identical identifier is the same
        for pk, key, title, city, website, lat, lng, data_source, record_id, ids in existing:
            keys.add(str(key))
            if data_source and record_id:
                by_source_id[(data_source, record_id)] = str(key)
            for pair in identifier_pairs(ids):
                by_identifier.setdefault(pair, str(key))
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
                or record_key(values["name"], values.get("city", ""))
            )
            if row.record_id in seen:
                row.status = RowStatus.REJECTED
                row.reasons = [
                    _("the same record is already on row %(row)s") % {"row": seen[row.record_id]}
                ]
                continue
            seen[row.record_id] = row.number
            row.imported = imported.get(row.record_id)
            row_identifiers = parse_identifiers(values.get("identifiers", ""))[0]
            key = None
            if row.imported and str(row.imported.translation_key) in keys:
                key = str(row.imported.translation_key)
            elif values.get("atlas_id") in keys:
                key = values["atlas_id"]
            elif (values["source"], values["source_record_id"]) in by_source_id:
                key = by_source_id[(values["source"], values["source_record_id"])]
            else:  # identical identifiers before names and distance
                key = next(
                    (
                        by_identifier[p]
                        for p in identifier_pairs(row_identifiers)
                        if p in by_identifier
                    ),
                    None,
                )
            missing = missing_values(values)
            if key:
                # An update writes what the record has: what it lacks stays as it is.
                row.values = without_missing(values, missing)
                row.page_key = key
                matched.append(row)
                continue
            row.missing = missing
            location = record_location(values)
            hit = duplicates.find(
                values["name"],
                values.get("city", ""),
                values.get("website", ""),
                *location,
                identifiers=row_identifiers,
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
                row.status = RowStatus.INCOMPLETE if missing else RowStatus.NEW
                if location[0] is None and values.get("online_only") != TRUE:
                    row.warnings.append(_("no coordinates: flagged “needs location”"))
                duplicates.add(
                    ("row", row.number, values["name"]),
                    values["name"],
                    values.get("city", ""),
                    values.get("website", ""),
                    *location,
                    identifiers=row_identifiers,
                )
        self._compare(matched)
        self.progress(total, total, "plan")
        return report

    def reading_mapping(self, columns, records, vocabulary):
        """The mapping to read the file with, and what was matched automatically.

        The mapping given to the importer (the admin's mapping screen), else the source's saved
        mapping; a source without one reads the Atlas's own format as it is, and any other file
        by its headers and values (`matching`), with the source's value mappings and defaults
        on top."""
        mapping = self.mapping or self.source.get_mapping()
        preset = PEER_FIELDS.get(self.fmt)
        if mapping["fields"] or (preset is None and is_atlas_format(columns)):
            return mapping, {}
        fields = None  # matched from the headers
        if preset is not None:
            fields = {column: name for column, name in preset.items() if column in columns}
        suggestion = suggest_mapping(columns, records, vocabulary, fields)
        auto = suggestion.as_mapping(mapping["legal_basis"])
        for name, table in mapping["values"].items():
            auto["values"].setdefault(name, {}).update(table)
        return auto, suggestion.fields

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
