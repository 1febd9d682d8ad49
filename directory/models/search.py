"""Each organisation page's search terms, in the languages its fields are written in."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationSearchEntry(models.Model):
    """The search terms of one organisation page (see directory.search): its name's, and those
    of its texts, place and vocabularies. A full-text index over these columns is created by the
    migration for each database (FTS5 on SQLite, GIN on PostgreSQL)."""

    page = models.OneToOneField(
        "directory.OrganisationPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_entry",
    )
    name_terms = models.TextField(_("name terms"), blank=True)
    body_terms = models.TextField(_("text terms"), blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return str(self.page_id)
