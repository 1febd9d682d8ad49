"""The directory's listing: one join-free row per live, public organisation page."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DirectoryListing(models.Model):
    """What the directory filters, counts and sorts by for one live, public organisation page
    (one row per page, so per language), copied from the page on publish and kept in step by
    `directory.listing`. Nothing here is edited: it is rebuilt from the pages at will
    (`manage.py rebuild_directory_listing`)."""

    page = models.OneToOneField(
        "directory.OrganisationPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="listing",
    )
    # The directory page it is listed in (its parent): each directory is one universe.
    directory_id = models.IntegerField(_("directory"))
    title = models.CharField(_("name"), max_length=255)
    last_published_at = models.DateTimeField(_("last published"), null=True)
    sector = models.CharField(_("sector"), max_length=255, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    legal_form = models.CharField(_("legal form"), max_length=40, blank=True)
    supports_transition = models.BooleanField(_("supports the transition"), default=False)
    provides_tools = models.BooleanField(_("provides tools"), default=False)
    # Space-separated slugs and codes: portable (SQLite and PostgreSQL), read whole to build
    # the in-memory bitmaps (directory.listing), never searched in SQL.
    services = models.TextField(_("services"), blank=True)
    languages = models.TextField(_("languages"), blank=True)
    # For filters on ranges rather than values (a map's bounding box, a verification date).
    latitude = models.FloatField(_("latitude"), null=True)
    longitude = models.FloatField(_("longitude"), null=True)
    online_only = models.BooleanField(_("online only"), default=False)
    last_verified = models.DateField(_("last verified"), null=True)
    # A new random number each time the row is written: the bitmaps (directory.listing) find
    # the rows changed since they were built by comparing stamps, and patch only those.
    stamp = models.BigIntegerField(_("stamp"), default=0, db_default=0)

    class Meta:
        verbose_name = _("directory listing row")
        verbose_name_plural = _("directory listing rows")
        indexes = [
            models.Index(fields=["directory_id", "title", "page"], name="listing_dir_title"),
            models.Index(fields=["directory_id", "latitude", "longitude"], name="listing_dir_geo"),
            models.Index(fields=["directory_id", "last_verified"], name="listing_dir_verified"),
        ]

    def __str__(self):
        return self.title
