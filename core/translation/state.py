"""The state of one translated field: original, translated, needs update, not translated."""

import hashlib
import json

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _


class TranslationState(models.TextChoices):
    ORIGINAL = "original", _("original")
    TRANSLATED = "translated", _("translated")
    # The original changed after the field was translated.
    NEEDS_UPDATE = "needs_update", _("needs update")
    NOT_TRANSLATED = "not_translated", _("not translated")


def _plain(value):
    """A field's value as comparable data: text, rich text or a StreamField's raw data."""
    if value is None:
        return ""
    raw = getattr(value, "raw_data", None)  # a StreamValue
    if raw is not None:
        return json.dumps(list(raw), sort_keys=True, default=str)
    return str(value).strip()


def fingerprint(value):
    """A short digest of a field's value, stored with a translation to notice later edits of
    the original."""
    return hashlib.sha256(_plain(value).encode()).hexdigest()[:16]


def is_blank(value):
    raw = getattr(value, "raw_data", None)
    if raw is not None:
        return not list(raw)
    return not strip_tags(str(value or "")).strip()
