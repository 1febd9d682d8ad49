"""What an organisation's public profile shows, computed from its fields: its roles, whether it
belongs on the map, its sector in the reader's language, its JSON-LD and the page's context.

Apart from `directory.models.organisation` (the fields, editing panels and rules on saving) so
that each stays readable as organisations gain fields.
"""

from django.utils import timezone
from django.utils.functional import cached_property

from core.i18n import localize_all
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
        return self.sector.localized if self.sector_id else None

    @property
    def verified_recently(self):
        return bool(self.last_verified) and (timezone.localdate() - self.last_verified).days <= 365

    def schema_org(self, request=None):
        """schema.org Organization data for the profile's JSON-LD."""
        data = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": self.title,
            "description": self.summary,
            "url": self.website or self.get_full_url(request),
            "mainEntityOfPage": self.get_full_url(request),
            "address": {
                "@type": "PostalAddress",
                "addressCountry": str(self.country),
                **({"streetAddress": self.address} if self.address else {}),
                **({"postalCode": self.postcode} if self.postcode else {}),
                **({"addressLocality": self.city} if self.city else {}),
            },
        }
        if self.email:
            data["email"] = self.email
        if self.phone:
            data["telephone"] = self.phone
        if self.founded_year:
            data["foundingDate"] = str(self.founded_year)
        if self.has_location:
            data["location"] = {
                "@type": "Place",
                "geo": {
                    "@type": "GeoCoordinates",
                    "latitude": round(self.latitude, 5),
                    "longitude": round(self.longitude, 5),
                },
            }
        same_as = [link.url for link in self.social_links.all()]
        if same_as:
            data["sameAs"] = same_as
        if self.legal_form:
            data["additionalType"] = self.get_legal_form_display()
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["services"] = localize_all(self.services.all())
        context["languages"] = [language.name for language in self.languages.all()]
        context["schema_org"] = self.schema_org(request)
        return context
