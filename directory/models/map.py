"""The map page and its site-wide settings (which tile server draws the background)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page, Site
from wagtail.search import index

from core.structure import MemoisedSiteSetting
from directory.validators import validate_latitude, validate_longitude


def validate_tile_url(value):
    """A tile URL template must be https and contain the {z}, {x} and {y} placeholders."""
    from django.core.exceptions import ValidationError

    missing = [part for part in ("{z}", "{x}", "{y}") if part not in value]
    if missing:
        raise ValidationError(
            _(
                "The tile URL must contain the placeholders {z}, {x} and {y} "
                "(missing: %(missing)s)."
            ),
            code="tile_placeholders",
            params={"missing": ", ".join(missing)},
        )
    probe = value.replace("{s}", "a").replace("{z}", "1").replace("{x}", "1").replace("{y}", "1")
    probe = probe.replace("{r}", "")
    URLValidator(schemes=["https"], message=_("Enter an https:// address."))(probe)


def validate_pmtiles_url(value):
    """A PMTiles archive is served by this site: a path such as /media/basemap/europe.pmtiles."""
    from django.core.exceptions import ValidationError

    if not value.startswith("/") or value.startswith("//") or not value.endswith(".pmtiles"):
        raise ValidationError(
            _("Enter a path on this site ending in .pmtiles, e.g. /media/basemap/europe.pmtiles."),
            code="pmtiles_path",
        )


@register_setting(icon="site")
class MapSettings(MemoisedSiteSetting, BaseSiteSetting):
    """Where every map's background tiles come from (a self-hosted or EU server, for example)."""

    tile_url = models.CharField(
        _("tile URL"),
        max_length=300,
        blank=True,
        validators=[validate_tile_url],
        help_text=_(
            "Template of the tile server's URLs, e.g. "
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png. Leave empty to use the server "
            "configured for this installation."
        ),
    )
    tile_attribution = models.CharField(
        _("tile attribution"),
        max_length=200,
        blank=True,
        help_text=_(
            "Credit required by the tile server, shown in the corner of every map, e.g. "
            "'© OpenStreetMap contributors'. Plain text."
        ),
    )
    tile_attribution_url = models.URLField(
        _("tile attribution link"),
        blank=True,
        help_text=_("Where the credit links to, e.g. https://www.openstreetmap.org/copyright."),
    )

    pmtiles_url = models.CharField(
        _("PMTiles archive"),
        max_length=300,
        blank=True,
        validators=[validate_pmtiles_url],
        help_text=_(
            "Address on this site of a PMTiles basemap archive for street-level detail, e.g. "
            "/media/basemap/europe.pmtiles (see the README to produce one). Leave empty to draw "
            "the built-in map of countries."
        ),
    )

    panels = [
        HelpPanel(
            content=_(
                "These settings apply to the map page, the small map on each organisation's "
                "profile and the location picker in the admin. By default the maps draw their "
                "own basemap of countries, and readers' browsers contact no other server. A "
                "tile server is a third party: it sees the address of every reader."
            )
        ),
        FieldPanel("pmtiles_url"),
        FieldPanel("tile_url"),
        FieldRowPanel([FieldPanel("tile_attribution"), FieldPanel("tile_attribution_url")]),
    ]

    class Meta:
        verbose_name = _("map settings")

    @property
    def tiles(self):
        """The tile URL and its attribution (as safe HTML), falling back to the settings file."""
        if not self.tile_url:
            return default_tiles()
        if self.tile_attribution_url:
            attribution = format_html(
                '<a href="{}">{}</a>', self.tile_attribution_url, self.tile_attribution
            )
        else:
            attribution = format_html("{}", self.tile_attribution)
        return {"url": self.tile_url, "attribution": attribution}

    @classmethod
    def pmtiles_for_request(cls, request=None):
        """The PMTiles archive's address for the request's site, or the settings file's."""
        try:
            if request is not None:
                return cls.for_request(request).pmtiles_url or settings.MAP_PMTILES_URL
        except (cls.DoesNotExist, Site.DoesNotExist):
            pass
        return settings.MAP_PMTILES_URL

    @classmethod
    def tiles_for_request(cls, request=None):
        """Tiles for the request's site (or the default site), never failing a page for it."""
        try:
            if request is not None:
                return cls.for_request(request).tiles
            site = Site.objects.filter(is_default_site=True).first()
            return cls.for_site(site).tiles if site else default_tiles()
        except (cls.DoesNotExist, Site.DoesNotExist):
            return default_tiles()


def default_tiles():
    # The settings file's attribution is trusted HTML (it comes from the environment, not users).
    return {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}


class MapPage(Page):
    """The map of every located organisation, one dot per organisation coloured by sector."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A sentence or two above the map: what it shows and how to use the filters."),
    )
    centre_latitude = models.FloatField(
        _("initial centre latitude"),
        default=50.0,
        validators=[validate_latitude],
        help_text=_("Where the map opens, in decimal degrees (e.g. 50.0 for central Europe)."),
    )
    centre_longitude = models.FloatField(
        _("initial centre longitude"),
        default=10.0,
        validators=[validate_longitude],
        help_text=_("In decimal degrees, e.g. 10.0 for central Europe."),
    )
    zoom = models.PositiveSmallIntegerField(
        _("initial zoom"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(18)],
        help_text=_("From 1 (the whole world) to 18 (a street); 4 shows most of Europe."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("centre_latitude"),
                        FieldPanel("centre_longitude"),
                        FieldPanel("zoom"),
                    ]
                ),
                HelpPanel(
                    content=_(
                        "The tile server and its attribution are set for the whole site in "
                        "Settings → Map settings."
                    )
                ),
            ],
            heading=_("Initial view"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    # The map is one of the site's main sections: in the menu unless an editor says otherwise.
    show_in_menus_default = True

    class Meta:
        verbose_name = _("map page")

    @property
    def directory(self):
        """The directory of the same language, where "show these in the directory" leads."""
        from directory.models.directory_index import DirectoryIndexPage

        return DirectoryIndexPage.objects.sibling_of(self).live().public().first()

    def get_context(self, request, *args, **kwargs):
        from directory.map_page import map_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(map_page_context(self, request))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if request.GET.get("embed") == "1":
            # Partners embed the map in an iframe on their own sites.
            response.xframe_options_exempt = True
        return response
