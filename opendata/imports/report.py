"""What an import did or would do, row by row: the report the admin shows and downloads."""

import csv
import io
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy

from core.spreadsheets import neutralise_row


class RowStatus(models.TextChoices):
    NEW = "new", gettext_lazy("new")
    # New, but lacking what publishing needs: a draft for a moderator to complete.
    INCOMPLETE = "incomplete", gettext_lazy("new draft to complete")
    UPDATED = "updated", gettext_lazy("updated")
    UNCHANGED = "unchanged", gettext_lazy("unchanged")
    DUPLICATE = "duplicate", gettext_lazy("possible duplicate")
    REJECTED = "rejected", gettext_lazy("rejected")


# The statuses of the rows that an import writes or queues for review.
IMPORTABLE_STATUSES = (
    RowStatus.NEW,
    RowStatus.INCOMPLETE,
    RowStatus.UPDATED,
    RowStatus.DUPLICATE,
)


def importable_count(summary):
    """From a report's summary (also as stored on an ImportRun): rows an import would act on."""
    return sum(summary.get(status.value, 0) for status in IMPORTABLE_STATUSES)


REPORT_COLUMNS = [
    "row",
    "status",
    "name",
    "record_id",
    "match",
    "reasons",
    "to_complete",
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
    missing: list = field(default_factory=list)  # what a new draft lacks (TO_COMPLETE names)
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
            "to_complete": ", ".join(self.missing),
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
    # {column: Atlas field} when the file was read without a mapping, by its headers.
    auto_matched: dict = field(default_factory=dict)

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
    def importable_count(self):
        """How many rows an import would write or queue: new, drafts to complete, updated,
        possible duplicates (for review)."""
        return importable_count(self.summary)

    @property
    def has_rejections(self):
        return any(row.status == RowStatus.REJECTED for row in self.rows)

    def to_csv(self):
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=REPORT_COLUMNS)
        writer.writeheader()
        # The rows' values come from a partner's file: never a formula in the admin's spreadsheet.
        writer.writerows(neutralise_row(row.as_report()) for row in self.rows)
        return buffer.getvalue()

    def to_json(self):
        return [row.as_report() for row in self.rows]
