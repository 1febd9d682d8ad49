"""One organisation's public profile and its links to accounts elsewhere."""

import functools
import operator

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtailgeowidget.panels import GeoAddressPanel

from django_countries.fields import CountryField

from core.models import ContentTranslation, TranslatablePage
from core.panels import TranslationsPanel, TranslationStatePanel
from directory import freshness
from directory.choices import LegalFormFamily, Role, Scope, SocialNetwork, StaffSize
from directory.forms import OrganisationPageForm
from directory.identifiers import IdentifiersField
from directory.models.profile import OrganisationProfile
from directory.panels import CountryListPanel, NeedsLocationPanel, StewardPublishingPanel
from directory.permissions import DirectoryPagePermissionTester
from directory.validators import (
    format_geo_point,
    parse_geo_point,
    validate_founded_year,
    validate_latitude,
    validate_longitude,
)
from directory.widgets import LocalLeafletPanel, MultiChoiceWidget

# Fields that are not the organisation's own to set (where the data comes from, search-engine and
# menu settings, scheduled publication) are kept to the directory's stewards: moderators and
# administrators hold this permission, organisation editors do not. A field whose panel asks for
# it is left out of the form of a user without it, so a forged POST cannot change it either.
STEWARD_PERMISSION = "directory.manage_provenance"

# Organisations that belong on the map but have no coordinates yet (imports without a location):
# flagged "needs location" in the admin and tried by the server-side geocoder.
NEEDS_LOCATION = models.Q(online_only=False) & (
    models.Q(latitude__isnull=True) | models.Q(longitude__isnull=True)
)

# What an organisation needs before it can be published, and the test for each gap. Sparse
# imported records come in as drafts that lack some of these ("to complete"); the admin form
# requires all of them, so a draft cannot be published until a moderator fills them in.
TO_COMPLETE = {
    "summary": models.Q(summary=""),
    "sector": models.Q(sector__isnull=True),
    "legal_form": models.Q(legal_form=""),
    "country": models.Q(country=""),
    "role": models.Q(supports_transition=False, provides_tools=False),
}
INCOMPLETE = functools.reduce(operator.or_, TO_COMPLETE.values())


class OrganisationSocialLink(Orderable):
    """A link to one of the organisation's accounts elsewhere (Mastodon, PeerTube, LinkedIn…)."""

    page = ParentalKey(
        "directory.OrganisationPage", on_delete=models.CASCADE, related_name="social_links"
    )
    kind = models.CharField(_("network"), max_length=20, choices=SocialNetwork.choices)
    url = models.URLField(_("URL"), max_length=500)

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("url")])]

    class Meta(Orderable.Meta):
        verbose_name = _("social link")
        verbose_name_plural = _("social links")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.url}"


class OrganisationTranslation(ContentTranslation):
    """The organisation's summary and description in one other language."""

    page = ParentalKey(
        "directory.OrganisationPage", on_delete=models.CASCADE, related_name="content_translations"
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = RichTextField(
        _("description"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )

    panels = [
        FieldPanel("language"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("reviewed"),
    ]

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language"], name="organisation_translation_language"
            )
        ]


class OrganisationPage(TranslatablePage, OrganisationProfile, Page):
    """The public profile of one SSE organisation working in social tech."""

    # Written once in the original language; these are translated per language (core.translation).
    translated_fields = ("summary", "description")

    # --- Identity ---
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_(
            "One or two sentences, at most 300 characters, shown on the directory card and the "
            "map popup: what the organisation does and for whom."
        ),
    )
    description = RichTextField(
        _("description"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text=_("A fuller presentation: history, projects, how to work with you."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Square or wide logo: a PNG (ideally with a transparent background), JPEG, WebP, "
            "AVIF or GIF image. SVG files are not accepted."
        ),
    )

    # --- Contact (organisational only: no personal data on public pages) ---
    website = models.URLField(_("website"), max_length=500, blank=True)
    email = models.EmailField(
        _("public email"),
        blank=True,
        help_text=_(
            "An organisational address such as contact@… or hello@…, never a person's own address."
        ),
    )
    phone = models.CharField(
        _("public phone"),
        max_length=40,
        blank=True,
        help_text=_("The organisation's switchboard, in international format (+33 1 23 45 67 89)."),
    )

    # --- Location ---
    address = models.CharField(
        _("street address"),
        max_length=255,
        blank=True,
        help_text=_("Typing an address looks it up on the map below; check the pin's position."),
    )
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), help_text=_("Country of the head office."))
    online_only = models.BooleanField(
        _("online only"),
        default=False,
        help_text=_(
            "Tick if the organisation has no public premises: it stays in the directory but is "
            "not shown on the map, and any location below is cleared."
        ),
    )
    location = models.CharField(
        _("location"),
        max_length=250,
        blank=True,
        help_text=_("Drag the pin, or type latitude, longitude (e.g. 48.8566, 2.3522)."),
    )
    # Denormalised from `location` (the map widget's text format) into indexed numbers so that
    # the map and bounding-box queries never parse strings.
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, editable=False, validators=[validate_latitude]
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, editable=False, validators=[validate_longitude]
    )

    # --- Classification ---
    sector = models.ForeignKey(
        "directory.Sector",
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        related_name="organisations",
        # Null only on an imported draft still to complete: the form requires a sector.
        null=True,
        help_text=_("Exactly one sector; its colour is the colour of the dot on the map."),
    )
    legal_form = models.CharField(
        _("legal form family"), max_length=20, choices=LegalFormFamily.choices
    )
    national_legal_form = models.CharField(
        _("national legal form"),
        max_length=80,
        blank=True,
        help_text=_("As written in the country, e.g. SCIC, eG, ASBL, CIC, BV."),
    )
    supports_transition = models.BooleanField(
        Role.SUPPORT.label,
        default=False,
        help_text=_("Change management, UX design, training, digital inclusion…"),
    )
    provides_tools = models.BooleanField(
        Role.TOOLS.label,
        default=False,
        help_text=_("Open-source software, ethical hosting, cooperative platforms…"),
    )
    services = ParentalManyToManyField(
        "directory.Service",
        verbose_name=_("services offered"),
        blank=True,
        related_name="organisations",
    )
    scope = models.CharField(
        _("scope"), max_length=20, choices=Scope.choices, default=Scope.NATIONAL
    )
    countries_served = CountryField(
        _("countries served"),
        multiple=True,
        blank=True,
        help_text=_("Leave empty if the organisation only works in its own country."),
    )
    languages = ParentalManyToManyField(
        "directory.Language",
        verbose_name=_("languages of service"),
        blank=True,
        related_name="organisations",
    )

    # --- Facts ---
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"), null=True, blank=True, validators=[validate_founded_year]
    )
    staff_size = models.CharField(
        _("staff size"), max_length=10, choices=StaffSize.choices, blank=True
    )
    open_source = models.BooleanField(
        _("committed to open source"),
        default=False,
        help_text=_("Publishes its own software under an open licence, or uses it by policy."),
    )
    open_source_note = models.CharField(
        _("open-source note"),
        max_length=255,
        blank=True,
        help_text=_("e.g. 'All our tools are AGPL on Codeberg'."),
    )

    # --- Provenance ---
    data_source = models.CharField(
        _("data source"),
        max_length=255,
        blank=True,
        help_text=_("Where this record comes from, e.g. a partner's open database."),
    )
    source_record_id = models.CharField(_("source record id"), max_length=255, blank=True)
    source_licence = models.CharField(_("source licence"), max_length=100, blank=True)
    identifiers = IdentifiersField(
        _("identifiers"),
        default=dict,
        blank=True,
        help_text=_(
            "Identifiers elsewhere, one a line as scheme: value (siret: 12345678900012, "
            "wikidata: Q42, osm: node/123). Identical identifiers match before names in imports."
        ),
    )
    last_verified = models.DateField(
        _("last verified"),
        null=True,
        blank=True,
        help_text=_("The date a moderator or the organisation last confirmed this profile."),
    )
    # Set by a moderator from the renewal queue (moderation.renewal) when the organisation says
    # it is no longer active: it leaves the map, the directory, the exports and the API, and its
    # page says so with a 410 Gone (see `serve`).
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldPanel("sector"),
                FieldRowPanel([FieldPanel("legal_form"), FieldPanel("national_legal_form")]),
                FieldRowPanel([FieldPanel("supports_transition"), FieldPanel("provides_tools")]),
                FieldPanel("services", widget=MultiChoiceWidget),
                FieldPanel("scope"),
                CountryListPanel("countries_served", widget=MultiChoiceWidget),
                FieldPanel("languages", widget=MultiChoiceWidget),
            ],
            heading=_("What the organisation does"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                InlinePanel("social_links", heading=_("Social links"), label=_("Social link")),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                NeedsLocationPanel(),
                GeoAddressPanel("address"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city"), FieldPanel("country")]),
                FieldPanel("online_only"),
                LocalLeafletPanel("location", address_field="address"),
            ],
            heading=_("Location"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("founded_year"), FieldPanel("staff_size")]),
                FieldRowPanel([FieldPanel("open_source"), FieldPanel("open_source_note")]),
            ],
            heading=_("Facts"),
        ),
    ]
    provenance_panels = [
        HelpPanel(
            content=_(
                "Where the data comes from, shown on the profile as 'Data from …'. Filled in by "
                "imports; moderators update 'last verified' when they confirm the profile."
            )
        ),
        FieldPanel("data_source", permission=STEWARD_PERMISSION),
        FieldRowPanel(
            [
                FieldPanel("source_record_id", permission=STEWARD_PERMISSION),
                FieldPanel("source_licence", permission=STEWARD_PERMISSION),
            ]
        ),
        FieldPanel("last_verified", permission=STEWARD_PERMISSION),
        FieldPanel("identifiers", permission=STEWARD_PERMISSION),
    ]
    # Wagtail's own promote and settings panels, with the steward-only fields marked. The slug
    # stays the editor's (a change shows to the moderator who reviews it).
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title", permission=STEWARD_PERMISSION),
                FieldPanel("search_description", permission=STEWARD_PERMISSION),
            ],
            heading=_("For search engines"),
        ),
        FieldPanel("show_in_menus", permission=STEWARD_PERMISSION),
    ]
    settings_panels = [
        StewardPublishingPanel(permission=STEWARD_PERMISSION),
        *Page.settings_panels[1:],  # the comments panel, when comments are enabled
    ]
    translation_panels = [
        HelpPanel(
            content=_(
                "The profile is written once, in its original language, and shown in every "
                "language of the Atlas. Translate the summary and description here: a field left "
                "empty shows the original, marked as such for readers."
            )
        ),
        TranslationStatePanel(heading=_("State of the translations")),
        TranslationsPanel(),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Profile")),
            ObjectList(translation_panels, heading=_("Translations")),
            ObjectList(provenance_panels, heading=_("Provenance"), permission=STEWARD_PERMISSION),
            ObjectList(promote_panels, heading=_("Promote")),
            ObjectList(settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = Page.search_fields + [
        index.AutocompleteField("title"),
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.SearchField("city"),
        index.SearchField("national_legal_form"),
        index.RelatedFields("sector", [index.SearchField("name")]),
        index.RelatedFields("services", [index.SearchField("name")]),
        index.FilterField("country"),
        index.FilterField("legal_form"),
    ]

    parent_page_types = ["directory.DirectoryIndexPage"]
    subpage_types = []
    base_form_class = OrganisationPageForm
    # A moderator's approval in the "Profile review" workflow confirms the data: it sets
    # `last_verified` (see moderation.workflows).
    verified_by_approval = True

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        permissions = [
            (
                "manage_provenance",
                "Can change an organisation's provenance, search and publication settings",
            )
        ]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="organisation_lat_lng"),
            models.Index(fields=["country"], name="organisation_country"),
            models.Index(fields=["legal_form"], name="organisation_legal_form"),
        ]

    # --- Validation ---
    def clean(self):
        super().clean()
        errors = {}
        if not (self.supports_transition or self.provides_tools):
            errors["supports_transition"] = _(
                "Choose at least one role: digital transition support, open digital tools, or both."
            )
        if self.online_only:
            self.location = ""
        if self.location:
            try:
                self.latitude, self.longitude = parse_geo_point(self.location)
            except ValidationError as error:
                errors["location"] = error.messages
        else:
            self.latitude = self.longitude = None
        if errors:
            raise ValidationError(errors)

    @property
    def missing_fields(self):
        """What this organisation lacks before it can be published (see TO_COMPLETE)."""
        present = {
            "summary": bool(self.summary.strip()),
            "sector": bool(self.sector_id),
            "legal_form": bool(self.legal_form),
            "country": bool(self.country),
            "role": self.supports_transition or self.provides_tools,
        }
        return [name for name in TO_COMPLETE if not present[name]]

    # --- Freshness (directory.freshness) ---
    @property
    def freshness(self):
        """fresh, ageing or stale, from `last_verified`."""
        return freshness.state(self.last_verified)

    @property
    def freshness_label(self):
        return freshness.labels()[self.freshness]

    def set_location(self, latitude, longitude):
        """Set the location from numbers (imports, seed); keeps the widget's text in step."""
        if latitude is None or longitude is None:
            self.location, self.latitude, self.longitude = "", None, None
        else:
            self.latitude, self.longitude = float(latitude), float(longitude)
            self.location = format_geo_point(self.latitude, self.longitude)

    def save(self, *args, **kwargs):
        # Saves that skip full_clean (revisions, scripts) must still keep the numbers in step.
        if self.online_only or not self.location:
            self.location, self.latitude, self.longitude = "", None, None
        elif self.latitude is None or self.longitude is None:
            try:
                self.latitude, self.longitude = parse_geo_point(self.location)
            except ValidationError:
                self.location = ""
        result = super().save(*args, **kwargs)
        # modelcluster writes `services` after post_save, when the search index has already been
        # updated from the old rows: index again so that a search by service name sees the change.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "services" in update_fields:
            index.insert_or_update_object(self)
        return result

    def with_content_json(self, content):
        # Archiving is a state of the page, like `live`, not part of a revision's content: a
        # draft saved before the archiving and published after must not bring it back.
        obj = super().with_content_json(content)
        obj.archived_at = self.archived_at
        return obj

    def serve(self, request, *args, **kwargs):
        # An archived organisation keeps its page, marked "archived" for the reader who follows
        # an old link or bookmark, but answers 410 Gone so that search engines and link checkers
        # drop it: readers expect to learn what happened, machines that it is gone for good.
        response = super().serve(request, *args, **kwargs)
        if self.archived_at:
            response.status_code = 410
        return response

    def permissions_for_user(self, user):
        # Organisation editors may edit their own profile, never delete, move or copy it.
        return DirectoryPagePermissionTester(user, self)
