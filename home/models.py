"""The home page and the site-wide settings (footer, contact, social links)."""

from django.db import models
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from directory.choices import SocialNetwork


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

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Hero"),
        ),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    @cached_property
    def directory(self):
        from directory.models import DirectoryIndexPage

        return DirectoryIndexPage.objects.child_of(self).live().first()

    def key_figures(self):
        """Organisations, countries and sectors, counted live from this language's directory."""
        from django.db.models import Count

        directory = self.directory
        if directory is None:
            return None
        figures = directory.organisations.aggregate(
            organisations=Count("pk"),
            countries=Count("country", distinct=True),
            sectors=Count("sector__translation_key", distinct=True),
        )
        return figures

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["key_figures"] = self.key_figures()
        return context


class SocialLinkBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=SocialNetwork.choices, label=_("Network"))
    url = blocks.URLBlock(label=_("URL"))

    class Meta:
        icon = "link"
        label = _("Social link")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
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
