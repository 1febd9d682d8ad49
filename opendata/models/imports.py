"""What imports leave behind: values last imported per record, runs, duplicates to review."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opendata.models.sources import SourceFormat


class ImportedRecord(models.Model):
    """The values a source last gave for one record, to tell its updates from local edits."""

    source = models.ForeignKey(
        "opendata.DataSource",
        verbose_name=_("source"),
        on_delete=models.CASCADE,
        related_name="records",
    )
    record_id = models.CharField(_("record id in the source"), max_length=255)
    translation_key = models.UUIDField(
        _("organisation"), db_index=True, help_text=_("The organisation's Atlas id.")
    )
    values = models.JSONField(_("values last imported"), default=dict)
    imported_at = models.DateTimeField(_("last imported"), auto_now=True)

    class Meta:
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")
        constraints = [
            models.UniqueConstraint(fields=["source", "record_id"], name="unique_source_record"),
        ]

    def __str__(self):
        return f"{self.source} #{self.record_id}"


STALLED_QUEUED = timedelta(minutes=10)
STALLED_RUNNING = timedelta(minutes=30)


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Previewed, waiting for confirmation")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportTrigger(models.TextChoices):
    UPLOAD = "upload", _("Upload")
    SCHEDULED = "scheduled", _("Scheduled re-import")
    MANUAL = "manual", _("Manual re-import from URL")


class ImportRun(models.Model):
    """One import of a file from a source, from the preview to its outcome."""

    source = models.ForeignKey(
        "opendata.DataSource",
        verbose_name=_("source"),
        on_delete=models.CASCADE,
        related_name="runs",
    )
    filename = models.CharField(_("file name"), max_length=255)
    trigger = models.CharField(
        _("origin"), max_length=10, choices=ImportTrigger.choices, default=ImportTrigger.UPLOAD
    )
    url = models.URLField(_("fetched from"), max_length=2000, blank=True)
    # Fetched files are read in the format their server announced, which their name may not
    # tell; empty: from the file name, else the source's format.
    format = models.CharField(_("format"), max_length=12, blank=True, choices=SourceFormat.choices)
    # The upload stays in the database, not in public media: it may hold personal data until
    # the import drops it, and it is deleted once the import has run.
    content = models.BinaryField(_("file content"), blank=True, null=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    report = models.JSONField(_("report"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.source} · {self.filename} · {self.get_status_display()}"

    @property
    def stalled_after_minutes(self):
        """How long a run may wait (queued) or run before it counts as stalled."""
        limit = STALLED_QUEUED if self.status == ImportStatus.QUEUED else STALLED_RUNNING
        return int(limit.total_seconds() // 60)

    @property
    def stalled(self):
        """Queued with no worker taking it, or running so long that its worker must have died
        (an import takes a minute or two; one that dies changes nothing)."""
        now = timezone.now()
        if self.status == ImportStatus.QUEUED and self.queued_at:
            return now - self.queued_at > STALLED_QUEUED
        if self.status == ImportStatus.RUNNING and self.started_at:
            return now - self.started_at > STALLED_RUNNING
        return False


class DuplicateStatus(models.TextChoices):
    PENDING = "pending", _("To review")
    MERGED = "merged", _("Merged into the existing organisation")
    KEPT_APART = "kept_apart", _("Kept apart (created as a new organisation)")


class DuplicateCandidate(models.Model):
    """An imported record that looks like an organisation already on the Atlas, for a moderator."""

    source = models.ForeignKey(
        "opendata.DataSource",
        verbose_name=_("source"),
        on_delete=models.CASCADE,
        related_name="duplicates",
    )
    record_id = models.CharField(_("record id in the source"), max_length=255)
    name = models.CharField(_("name"), max_length=255)
    values = models.JSONField(_("imported values"), default=dict)
    match = models.ForeignKey(
        "directory.OrganisationPage",
        verbose_name=_("possible match"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reasons = models.CharField(_("why it matches"), max_length=255)
    status = models.CharField(
        _("status"), max_length=12, choices=DuplicateStatus.choices, default=DuplicateStatus.PENDING
    )
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["status", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "record_id"],
                condition=models.Q(status="pending"),
                name="unique_pending_duplicate",
            ),
        ]

    def __str__(self):
        return f"{self.name} ≈ {self.match.title}"


class ImportLock(models.Model):
    """A single row an import locks for its whole transaction, so two imports never overlap."""

    name = models.CharField(_("name"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("import lock")

    def __str__(self):
        return self.name
