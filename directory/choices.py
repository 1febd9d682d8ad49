"""Controlled vocabularies that are stable enough to live in code (and be translated with it)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LegalFormFamily(models.TextChoices):
    COOPERATIVE = "cooperative", _("Cooperative")
    MUTUAL = "mutual", _("Mutual")
    ASSOCIATION = "association", _("Association")
    FOUNDATION = "foundation", _("Foundation")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
    OTHER = "other", pgettext_lazy("legal form", "Other")


class Role(models.TextChoices):
    SUPPORT = "support", _("Supports SSE organisations in their digital transition")
    TOOLS = "tools", _("Provides open / alternative digital tools and services")


ROLE_SHORT_LABELS = {
    Role.SUPPORT: _("Digital transition support"),
    Role.TOOLS: _("Open digital tools"),
}


class Scope(models.TextChoices):
    LOCAL = "local", _("Local")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")
    EUROPEAN = "european", _("European")
    INTERNATIONAL = "international", _("International")


class StaffSize(models.TextChoices):
    NONE = "0", _("Volunteers only")
    MICRO = "1-9", _("1 to 9 staff")
    SMALL = "10-49", _("10 to 49 staff")
    MEDIUM = "50-249", _("50 to 249 staff")
    LARGE = "250+", _("250 staff or more")


class SocialNetwork(models.TextChoices):
    MASTODON = "mastodon", "Mastodon"
    PEERTUBE = "peertube", "PeerTube"
    BLUESKY = "bluesky", "Bluesky"
    LINKEDIN = "linkedin", "LinkedIn"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    YOUTUBE = "youtube", "YouTube"
    X = "x", "X (Twitter)"
    GITHUB = "github", "GitHub"
    GITLAB = "gitlab", "GitLab"
    CODEBERG = "codeberg", "Codeberg"
    OTHER = "other", pgettext_lazy("social network", "Other")


class SortOrder(models.TextChoices):
    RELEVANCE = "relevance", _("Best match")
    NAME = "name", _("Name (A–Z)")
    UPDATED = "updated", _("Recently updated")


# Data sources the Atlas writes itself, stored as these English keys and shown translated.
PUBLIC_FORM_SOURCE = "Proposed through the Atlas's public form"
SOURCE_LABELS = {PUBLIC_FORM_SOURCE: _("Proposed through the Atlas's public form")}
