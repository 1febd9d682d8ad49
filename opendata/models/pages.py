"""The open data page and the licence under which the Atlas publishes its data."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

DEFAULT_LICENCE_NAME = "Open Database License (ODbL) 1.0"
DEFAULT_LICENCE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"


@register_setting(icon="download")
class OpenDataSettings(BaseSiteSetting):
    """The licence and attribution of the Atlas's open data."""

    licence_name = models.CharField(
        _("licence name"),
        max_length=150,
        default=DEFAULT_LICENCE_NAME,
        help_text=_("The licence of the exports and of the API, e.g. ODbL 1.0."),
    )
    licence_url = models.URLField(
        _("licence URL"),
        default=DEFAULT_LICENCE_URL,
        help_text=_("Where the licence's full text can be read."),
    )
    attribution = models.CharField(
        _("attribution"),
        max_length=255,
        default="Social Tech Atlas contributors",
        help_text=_("How reusers should credit the Atlas, e.g. 'Social Tech Atlas contributors'."),
    )

    panels = [FieldPanel("licence_name"), FieldPanel("licence_url"), FieldPanel("attribution")]

    class Meta:
        verbose_name = _("open data settings")


# The vocabularies, in the order of `opendata.vocabularies.SCHEMES`.
VOCABULARY_LABELS = (_("Sectors"), _("Services"), _("Legal forms"))


class OpenDataPage(Page):
    """What the Atlas publishes as open data, under which licence, and the downloads."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text=_("What is published and why; the licence and downloads are added below it."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("open data page")

    def get_context(self, request, *args, **kwargs):
        from opendata.catalogue import dataset_description
        from opendata.linked_data import CONTEXT, catalogue_nodes
        from opendata.schema import COLUMNS
        from opendata.vocabularies import SCHEMES

        context = super().get_context(request, *args, **kwargs)
        dataset = dataset_description(request)
        context.update(
            licence=OpenDataSettings.for_request(request),
            summary={
                "organisations": dataset["organisations"],
                "last_updated": dataset["last_updated"],
            },
            sources=dataset["sources"],
            downloads=dataset["downloads"],
            dataset_schema={"@context": CONTEXT, "@graph": catalogue_nodes(dataset)},
            vocabularies=[
                {
                    "label": label,
                    "api_url": reverse(f"opendata-api:list_{scheme.replace('-', '_')}"),
                    "iri": reverse("opendata_vocabulary", args=[scheme]),
                }
                for scheme, label in zip(SCHEMES, VOCABULARY_LABELS, strict=True)
            ],
            api_url=reverse("opendata-api:list_organisations"),
            openapi_url=reverse("opendata-api:openapi-json"),
            columns=COLUMNS,
        )
        return context
