"""A reader's follow: an email address, a saved view, a rhythm. Personal data: see `Follow`."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_token():
    return secrets.token_urlsafe(32)


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class Kind(models.TextChoices):
    DIRECTORY = "directory", _("Organisations (directory and map)")
    STORIES = "stories", _("Stories of a theme")


PERIOD_DAYS = {Frequency.DAILY: 1, Frequency.WEEKLY: 7}


class Follow(models.Model):
    """One reader's saved search, sent as a digest of what changed.

    The address is personal data, kept for this purpose only: never exported, never shown to
    anyone but its owner (through the secret `token` of their links), erased on unsubscribe
    (the row is deleted) and by the GDPR erasure of a person (opendata.gdpr.erase_person);
    an address not confirmed within ATLAS_FOLLOW_UNCONFIRMED_DAYS is deleted by `send_digests`.
    """

    email = models.EmailField(_("email address"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DIRECTORY)
    # The view's query string as the reader saw it (q, facets, bbox, verified_since; or theme=),
    # re-applied with the directory's own filter at each digest.
    query = models.TextField(_("query"), blank=True)
    language = models.CharField(_("language"), max_length=10)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, db_index=True)
    # The changes up to this moment have been looked at (sent, or there were none).
    covered_until = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        indexes = [models.Index(fields=["email"], name="follow_email")]

    def __str__(self):
        return f"{self.kind}?{self.query} ({self.frequency})"
