"""Merges of duplicate organisations, and tombstones of organisations that went away.

A merge keeps links alive: the duplicate's pages are unpublished (not deleted, so that the merge
can be undone), each of its addresses answers 301 to the survivor (Wagtail redirects), and
the API answers `{"merged_into": …}` for its Atlas id. The merge records which side won each
field, and the survivor's revision before the merge.

A tombstone says that an Atlas id no longer answers, and why, so that aggregators syncing
incrementally (`modified_since=`) can delete what they copied.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationMerge(models.Model):
    merged_key = models.UUIDField(_("merged organisation's Atlas id"), db_index=True)
    merged_page = models.ForeignKey(
        "directory.OrganisationPage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="merges_away",
    )
    merged_title = models.CharField(_("merged organisation"), max_length=255)
    survivor = models.ForeignKey(
        "directory.OrganisationPage", on_delete=models.CASCADE, related_name="merges_in"
    )
    survivor_key = models.UUIDField(db_index=True)
    # {field: {"won": "survivor" | "merged" | "both", "source": data source name}}
    field_sources = models.JSONField(default=dict)
    survivor_revision_before = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    redirect_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.merged_title} → {self.survivor_key}"


class TombstoneKind(models.TextChoices):
    DELETED = "deleted", _("deleted")
    MERGED = "merged", _("merged")
    UNPUBLISHED = "unpublished", _("unpublished")
    ARCHIVED = "archived", _("archived")  # no longer active (moderation.renewal.archive)


class Tombstone(models.Model):
    """An Atlas id that no longer answers in the open data, and since when."""

    atlas_id = models.UUIDField(unique=True)
    kind = models.CharField(max_length=20, choices=TombstoneKind.choices)
    merged_into = models.UUIDField(null=True, blank=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("tombstone")
        verbose_name_plural = _("tombstones")

    def __str__(self):
        return f"{self.atlas_id} ({self.kind})"
