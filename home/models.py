"""The home page and the site-wide settings (footer, contact, social links)."""

from urllib.parse import quote

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

from core import structure
from core.structure import MemoisedSiteSetting
from directory import cache as organisation_cache
from directory.choices import SocialNetwork
from directory.models import DirectoryIndexPage
from stories.models import StoryIndexPage, StoryPage


class HomePage(Page):
    """The Atlas's front page: what it is, key figures, and the ways in."""

    hero_title = models.CharField(
        _("hero title"),
        max_length=120,
        blank=True,
        help_text=_("The big headline. Leave empty to use the page title."),
    )
    hero_text = models.TextField(
        _("hero text"),
        blank=True,
        help_text=_("One or two sentences under the headline."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = RichTextField(
        _("body"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
    )

    # --- Map teaser ---
    map_teaser_title = models.CharField(
        _("map teaser title"),
        max_length=120,
        blank=True,
        help_text=_("Heading of the box linking to the map. Leave empty for a default."),
    )
    map_teaser_text = models.TextField(
        _("map teaser text"),
        max_length=400,
        blank=True,
        help_text=_("A sentence inviting readers to explore the map."),
    )

    # --- Stories ---
    stories_title = models.CharField(
        _("stories heading"),
        max_length=120,
        blank=True,
        help_text=_("Heading above the featured stories. Leave empty for a default."),
    )

    # --- Call to action ---
    cta_title = models.CharField(
        _("call to action title"),
        max_length=120,
        blank=True,
        help_text=_("e.g. 'Is your organisation missing?'. Leave empty for a default."),
    )
    cta_text = models.TextField(_("call to action text"), max_length=400, blank=True)
    cta_label = models.CharField(
        _("button label"),
        max_length=60,
        blank=True,
        help_text=_("Leave empty for 'Add your organisation'."),
    )
    cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("button target page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page of the Atlas the button leads to (e.g. the submission form)."),
    )
    cta_url = models.CharField(
        _("or button target URL"),
        max_length=500,
        blank=True,
        help_text=_("An address such as https://… or mailto:…, used when no page is chosen."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Hero"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("map_teaser_title"), FieldPanel("map_teaser_text")],
            heading=_("Map teaser"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("stories_title"),
                MultipleChooserPanel(
                    "featured_story_links",
                    chooser_field_name="story",
                    heading=_("Featured stories"),
                    label=_("Story"),
                    max_num=6,
                    help_text=_(
                        "Up to six stories, in order. The latest stories fill the remaining "
                        "places, so the section is never empty."
                    ),
                ),
            ],
            heading=_("Stories"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("cta_title"),
                FieldPanel("cta_text"),
                FieldPanel("cta_label"),
                FieldRowPanel([FieldPanel("cta_page"), FieldPanel("cta_url")]),
            ],
            heading=_("Call to action: add your organisation"),
        ),
        InlinePanel(
            "partner_logos", heading=_("Partners and funders"), label=_("Logo"), max_num=24
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Home")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    @cached_property
    def directory(self):
        return structure.memo(
            ("home-directory", self.pk),
            lambda: DirectoryIndexPage.objects.child_of(self).live().first(),
        )

    def key_figures(self):
        """Organisations, countries and sectors, counted live from this language's directory."""
        from django.db.models import Count

        directory = self.directory
        if directory is None:
            return None
        # Counted once per change of the organisations (directory.cache), not per visit.
        key = f"home:figures:{directory.pk}:{organisation_cache.version()}"
        figures = cache.get(key)
        if figures is None:
            figures = directory.organisations.aggregate(
                organisations=Count("pk"),
                countries=Count("country", distinct=True),
                sectors=Count("sector__translation_key", distinct=True),
            )
            cache.set(key, figures, 24 * 60 * 60)
        return figures

    def clean(self):
        super().clean()
        if self.cta_url:
            if self.cta_page_id:
                message = _("Choose either a page or a URL for the button, not both.")
                raise ValidationError({"cta_page": message, "cta_url": message})
            validate_cta_url(self.cta_url)

    @cached_property
    def map_page(self):
        """The map page under this home, if the directory's map exists (found by type name)."""
        return structure.memo(
            ("home-map", self.pk),
            lambda: (
                self.get_children()
                .live()
                .filter(content_type__app_label="directory", content_type__model="mappage")
                .first()
            ),
        )

    @cached_property
    def story_index(self):
        return structure.memo(
            ("home-stories", self.pk), lambda: StoryIndexPage.objects.child_of(self).live().first()
        )

    def featured_stories(self, count=3):
        """The stories editors chose, in this home's language, topped up with the latest."""

        chosen_keys = [
            link.story.translation_key
            for link in self.featured_story_links.select_related("story").all()
        ]
        live = StoryPage.objects.live().public().filter(locale_id=self.locale_id)
        by_key = {
            story.translation_key: story
            for story in live.filter(translation_key__in=chosen_keys).defer_streamfields()
        }
        stories = [by_key[key] for key in chosen_keys if key in by_key][:6]
        missing = count - len(stories)
        if missing > 0:
            latest = (
                live.exclude(translation_key__in=chosen_keys).defer_streamfields().newest_first()
            )
            if self.story_index is not None:
                latest = latest.child_of(self.story_index)
            stories += list(latest[:missing])
        return StoryPage.prepare_cards(stories)

    @property
    def cta_target(self):
        """The URL of the call to action's button, or None when none is configured."""
        if self.cta_page_id:
            page = self.cta_page.localized
            if page.live:
                return page.url
        return self.cta_url or None

    def cta_target_for(self, request):
        """The configured target, else the public "Add your organisation" form, else an email
        to the Atlas's contact address, else None (the call to action is then hidden)."""
        target = self.cta_target
        if target:
            return target
        try:
            return reverse("moderation:propose")
        except NoReverseMatch:
            pass
        contact = SiteSettings.for_request(request).contact_email
        if contact:
            subject = quote(str(_("Add my organisation to the Social Tech Atlas")))
            return f"mailto:{contact}?subject={subject}"
        return None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["key_figures"] = self.key_figures()
        context["featured_stories"] = self.featured_stories()
        context["cta_target"] = self.cta_target_for(request)
        context["partner_logos"] = list(self.partner_logos.select_related("logo").all())
        return context


def validate_cta_url(value):
    """An absolute http(s) URL, a mailto: address or a path of this site starting with /."""
    if value.startswith("mailto:") and "@" in value:
        return
    if value.startswith("/") and not value.startswith("//"):
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            {
                "cta_url": _(
                    "Enter an address starting with https://, mailto: or / (a page of this site)."
                )
            }
        ) from None


class HomeFeaturedStory(Orderable):
    """A story chosen to be featured on the home page, in order."""

    page = ParentalKey(
        "home.HomePage", on_delete=models.CASCADE, related_name="featured_story_links"
    )
    story = models.ForeignKey(
        "stories.StoryPage",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="home_featured_links",
    )

    panels = [FieldPanel("story")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured story")
        verbose_name_plural = _("featured stories")


class PartnerKind(models.TextChoices):
    PARTNER = "partner", _("Partner")
    FUNDER = "funder", _("Funder")


class HomePartnerLogo(Orderable):
    """A partner's or funder's logo in the strip at the foot of the home page."""

    page = ParentalKey("home.HomePage", on_delete=models.CASCADE, related_name="partner_logos")
    name = models.CharField(
        _("name"), max_length=120, help_text=_("Also the logo's alternative text.")
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=PartnerKind.choices, default=PartnerKind.PARTNER
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Without a logo, the name is shown as text."),
    )
    url = models.URLField(_("website"), max_length=500, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldPanel("logo"),
        FieldPanel("url"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("partner logo")
        verbose_name_plural = _("partner logos")


class SocialLinkBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=SocialNetwork.choices, label=_("Network"))
    url = blocks.URLBlock(label=_("URL"))

    class Meta:
        icon = "link"
        label = _("Social link")


@register_setting(icon="site")
class SiteSettings(MemoisedSiteSetting, BaseSiteSetting):
    """Footer text, public contact and the Atlas's own social accounts."""

    footer_text_en = RichTextField(
        _("footer text (English)"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Who runs the Atlas, its licence, a line of thanks to funders."),
    )
    footer_text_fr = RichTextField(
        _("footer text (French)"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("The same in French; the English text is shown when this is empty."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    social_links = StreamField(
        [("link", SocialLinkBlock())], blank=True, verbose_name=_("social links")
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("footer_text_en"), FieldPanel("footer_text_fr")], heading=_("Footer")
        ),
        FieldPanel("contact_email"),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = _("site settings")

    @property
    def footer_text(self):
        """The footer in the reader's language, falling back to English."""
        if translation.get_language() == "fr" and self.footer_text_fr:
            return self.footer_text_fr
        return self.footer_text_en
