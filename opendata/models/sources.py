"""Partners' open databases: where they are, their licence, and how their columns map to ours."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from opendata.schema import mappable_choices, value_mapped_choices


class SourceFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX (Excel)"
    JSON = "json", "JSON"
    GEOJSON = "geojson", "GeoJSON"
    # Peer databases' own formats, read with a built-in mapping (opendata.imports.peers).
    GOGOCARTO = "gogocarto", "GoGoCarto / Transiscope (elements JSON)"
    OPENFAIRDB = "openfairdb", "OpenFairDB / Karte von morgen (entries JSON or CSV)"
    ESSGLOBAL = "essglobal", "ESSGlobal / Mykomap standard CSV"
    MURMURATIONS = "murmurations", "Murmurations index (organizations_schema-v1.0.0)"


class ImportMode(models.TextChoices):
    DRAFT = "draft", _("Draft, for a moderator to review and publish")
    PUBLISH = "publish", _("Publish at once")


class ReimportFrequency(models.TextChoices):
    NEVER = "never", _("Never")
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month")


class DataSource(index.Indexed, ClusterableModel):
    """A partner's open database that feeds the Atlas, with its licence and column mapping."""

    name = models.CharField(
        _("name"),
        max_length=150,
        unique=True,
        help_text=_("Shown on profiles as 'Data from …', and the name to give the import command."),
    )
    website = models.URLField(_("website"), blank=True)
    licence = models.CharField(
        _("licence"), max_length=100, help_text=_("The source's licence, e.g. ODbL 1.0, CC BY 4.0.")
    )
    licence_url = models.URLField(_("licence URL"), blank=True)
    attribution = models.CharField(
        _("attribution text"),
        max_length=255,
        blank=True,
        help_text=_("The credit the licence asks for, e.g. '© Partner X contributors'."),
    )
    format = models.CharField(
        _("format"),
        max_length=12,
        choices=SourceFormat.choices,
        default=SourceFormat.CSV,
        help_text=_(
            "A peer database's format is read with its built-in mapping; a CSV, XLSX or JSON "
            "file by its headers, or the mapping saved below."
        ),
    )
    default_mode = models.CharField(
        _("default mode"),
        max_length=10,
        choices=ImportMode.choices,
        default=ImportMode.DRAFT,
        help_text=_("Whether new organisations from this source wait for review or go live."),
    )
    import_url = models.URLField(
        _("re-import URL"),
        blank=True,
        help_text=_("Optional address of the file, for a scheduled re-import."),
    )
    reimport_every = models.CharField(
        _("scheduled re-import"),
        max_length=10,
        choices=ReimportFrequency.choices,
        default=ReimportFrequency.NEVER,
        help_text=_(
            "How often the file at the re-import URL is downloaded and imported again, without "
            "a preview. Needs a re-import URL."
        ),
    )
    personal_data_legal_basis = models.TextField(
        _("legal basis for personal data"),
        blank=True,
        help_text=_(
            "Leave empty unless a GDPR legal basis allows keeping personal emails or mobile "
            "numbers from this source (e.g. documented consent). When empty they are dropped."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("website"),
                FieldRowPanel([FieldPanel("licence"), FieldPanel("licence_url")]),
                FieldPanel("attribution"),
            ],
            heading=_("Source"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("format"), FieldPanel("default_mode")]),
                # Fetching from a URL on a schedule and keeping personal data are decisions
                # for administrators; moderators map and run imports.
                FieldRowPanel(
                    [
                        FieldPanel("import_url", permission="superuser"),
                        FieldPanel("reimport_every", permission="superuser"),
                    ]
                ),
                FieldPanel("personal_data_legal_basis", permission="superuser"),
            ],
            heading=_("Import"),
        ),
        InlinePanel(
            "field_mappings",
            heading=_("Column mapping"),
            label=_("Column"),
            help_text=_(
                "Which Atlas field each of the source's columns fills. With no mapping at all, "
                "the file must use the Atlas's own export columns."
            ),
        ),
        InlinePanel(
            "value_mappings",
            heading=_("Value mapping"),
            label=_("Value"),
            help_text=_(
                "Translate the source's values into Atlas values, e.g. 'Coopérative' → "
                "cooperative. Leave the source value empty to set a default for missing values."
            ),
        ),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("data source")
        verbose_name_plural = _("data sources")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.reimport_every != ReimportFrequency.NEVER and not self.import_url.strip():
            raise ValidationError(
                {
                    "import_url": _(
                        "Enter the address of the file to re-import it on a schedule, or set "
                        "the scheduled re-import to “Never”."
                    )
                }
            )

    @property
    def has_mapping(self):
        return self.field_mappings.exists()

    def get_mapping(self):
        """The mapping as plain dictionaries, read once by an import."""
        return {
            "fields": {m.column.strip(): m.atlas_field for m in self.field_mappings.all()},
            "values": _value_map(self.value_mappings.all()),
            "legal_basis": self.personal_data_legal_basis.strip(),
        }


def _value_map(rows):
    values = {}
    for row in rows:
        values.setdefault(row.atlas_field, {})[row.source_value.strip().casefold()] = (
            row.atlas_value.strip()
        )
    return values


class FieldMapping(Orderable):
    """One of the source's columns and the Atlas field it fills."""

    source = ParentalKey(DataSource, on_delete=models.CASCADE, related_name="field_mappings")
    column = models.CharField(
        _("source column"), max_length=150, help_text=_("Exactly as in the file's header row.")
    )
    atlas_field = models.CharField(_("Atlas field"), max_length=40, choices=mappable_choices)

    panels = [FieldRowPanel([FieldPanel("column"), FieldPanel("atlas_field")])]

    class Meta(Orderable.Meta):
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")

    def __str__(self):
        return f"{self.column} → {self.atlas_field}"


class ValueMapping(Orderable):
    """A source value and the Atlas value it stands for, e.g. 'Coopérative' → cooperative."""

    source = ParentalKey(DataSource, on_delete=models.CASCADE, related_name="value_mappings")
    atlas_field = models.CharField(_("Atlas field"), max_length=40, choices=value_mapped_choices)
    source_value = models.CharField(
        _("source value"),
        max_length=150,
        blank=True,
        help_text=_("Empty: the default used when the source gives no value."),
    )
    atlas_value = models.CharField(
        _("Atlas value"),
        max_length=150,
        help_text=_("A slug, code or choice value as in the Atlas's CSV export."),
    )

    panels = [
        FieldRowPanel(
            [FieldPanel("atlas_field"), FieldPanel("source_value"), FieldPanel("atlas_value")]
        )
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("value mapping")
        verbose_name_plural = _("value mappings")

    def __str__(self):
        return f"{self.atlas_field}: {self.source_value or '∅'} → {self.atlas_value}"

    def clean(self):
        if not self.atlas_value.strip():
            raise ValidationError({"atlas_value": _("Enter the Atlas value.")})
