"""What an organisation's public profile shows, computed from its fields: its roles, whether it
belongs on the map, its sector in the reader's language and the page's context (its JSON-LD
is the open data's, from `opendata.linked_data` through a template tag).

Apart from `directory.models.organisation` (the fields, editing panels and rules on saving) so
that each stays readable as organisations gain fields.
"""

from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.functional import cached_property

from core.i18n import localize, localize_all
from directory.choices import ROLE_SHORT_LABELS, Role


class OrganisationProfile:
    """The presentation of an organisation's profile, mixed into `OrganisationPage`."""

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def needs_location(self):
        """Belongs on the map but has no coordinates yet (the admin flags it "needs location")."""
        return not self.online_only and not self.has_location

    @property
    def roles(self):
        return [
            (role, ROLE_SHORT_LABELS[role])
            for role, flag in (
                (Role.SUPPORT, self.supports_transition),
                (Role.TOOLS, self.provides_tools),
            )
            if flag
        ]

    @cached_property
    def localized_sector(self):
        """The sector in the reader's language when a translation exists."""
        return localize(self.sector) if self.sector_id else None

    @property
    def verified_recently(self):
        return bool(self.last_verified) and (timezone.localdate() - self.last_verified).days <= 365

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Once for the profile, its open data block (JSON-LD) and its links.
        prefetch_related_objects([self], "services", "languages", "social_links")
        context["services"] = localize_all(self.services.all())
        context["languages"] = [language.name for language in self.languages.all()]
        return context
