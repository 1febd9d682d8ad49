"""One story (an interview, a news piece, an analysis or a portrait) and its authors and
organisations."""

import math

from django import forms
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.forms import TranslatablePageForm
from core.i18n import content_language, localize_all
from core.models import ContentTranslation, TranslatablePage
from core.panels import TranslationsPanel, TranslationStatePanel
from directory.models import OrganisationPage
from stories.blocks import StoryBodyBlock, body_text, faq_schema
from stories.models.snippets import Theme

WORDS_PER_MINUTE = 200
CARD_RENDITION = "fill-640x360"


class StoryKind(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    NEWS = "news", _("News")
    ANALYSIS = "analysis", _("Analysis")
    PORTRAIT = "portrait", _("Portrait")
    ATLAS = "atlas", _("About the Atlas")


class StoryAuthor(Orderable):
    """An author credited on a story, in order."""

    page = ParentalKey("stories.StoryPage", on_delete=models.CASCADE, related_name="story_authors")
    author = models.ForeignKey(
        "stories.Author", verbose_name=_("author"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = _("story author")
        verbose_name_plural = _("story authors")


class StoryOrganisation(Orderable):
    """An organisation of the directory that a story mentions."""

    page = ParentalKey(
        "stories.StoryPage", on_delete=models.CASCADE, related_name="related_organisations"
    )
    organisation = models.ForeignKey(
        "directory.OrganisationPage",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="story_links",
    )

    panels = [FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        verbose_name = _("related organisation")
        verbose_name_plural = _("related organisations")


class StoryTranslation(ContentTranslation):
    """The story's text in one other language."""

    page = ParentalKey(
        "stories.StoryPage", on_delete=models.CASCADE, related_name="content_translations"
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    standfirst = models.TextField(_("standfirst"), max_length=400, blank=True)
    hero_alt_text = models.CharField(_("hero image alternative text"), max_length=250, blank=True)
    hero_caption = models.CharField(_("hero image caption"), max_length=250, blank=True)
    body = StreamField(StoryBodyBlock(), verbose_name=_("body"), blank=True)

    panels = [
        FieldPanel("language"),
        FieldPanel("title"),
        FieldPanel("standfirst"),
        FieldRowPanel([FieldPanel("hero_alt_text"), FieldPanel("hero_caption")]),
        FieldPanel("body"),
        FieldPanel("reviewed"),
    ]

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="story_translation_language")
        ]


class StoryPageForm(TranslatablePageForm):
    """Offers only the themes of the story's own language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
        if locale_id and "themes" in self.fields:
            self.fields["themes"].queryset = Theme.objects.filter(locale_id=locale_id)


class StoryPageQuerySet(PageQuerySet):
    def newest_first(self):
        return self.order_by(models.F("date").desc(nulls_last=True), "-first_published_at", "-pk")


StoryPageManager = PageManager.from_queryset(StoryPageQuerySet)


class StoryPage(TranslatablePage, Page):
    """One story: an interview, a news piece, an analysis or a portrait."""

    # Written once in the original language; these are translated per language (core.translation).
    translated_fields = ("title", "standfirst", "hero_alt_text", "hero_caption", "body")

    kind = models.CharField(
        _("kind"), max_length=20, choices=StoryKind.choices, default=StoryKind.NEWS
    )
    standfirst = models.TextField(
        _("standfirst"),
        max_length=400,
        help_text=_(
            "The introduction in bold under the title: who, what, why, in two or three "
            "sentences. Also used as the summary in lists, feeds and search results."
        ),
    )
    date = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("Shown on the story; leave empty to use the date of first publication."),
    )

    # --- Hero image ---
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Landscape, at least 1600 × 900 pixels."),
    )
    hero_alt_text = models.CharField(
        _("hero image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who can't see it."),
    )
    hero_caption = models.CharField(_("hero image caption"), max_length=250, blank=True)
    hero_credit = models.CharField(
        _("hero image credit"), max_length=120, blank=True, help_text=_("e.g. Photo: Jane Doe")
    )

    themes = ParentalManyToManyField(
        "stories.Theme", verbose_name=_("themes"), blank=True, related_name="stories"
    )
    body = StreamField(StoryBodyBlock(), verbose_name=_("body"), blank=True)

    objects = StoryPageManager()
    base_form_class = StoryPageForm

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]),
        FieldPanel("standfirst"),
        MultiFieldPanel(
            [
                FieldPanel("hero_image"),
                FieldPanel("hero_alt_text"),
                FieldRowPanel([FieldPanel("hero_caption"), FieldPanel("hero_credit")]),
            ],
            heading=_("Hero image"),
        ),
        MultipleChooserPanel(
            "story_authors", chooser_field_name="author", heading=_("Authors"), label=_("Author")
        ),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
        MultipleChooserPanel(
            "related_organisations",
            chooser_field_name="organisation",
            heading=_("Organisations mentioned"),
            label=_("Organisation"),
            help_text=_(
                "The story shows them as cards, and their profiles list this story under "
                "'Featured in'."
            ),
        ),
    ]
    translation_panels = [
        TranslationStatePanel(heading=_("State of the translations")),
        TranslationsPanel(),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Story")),
            ObjectList(
                [
                    TranslationStatePanel(heading=_("State of the translations")),
                    TranslationsPanel(),
                ],
                heading=_("Translations"),
            ),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("standfirst", boost=2),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]

    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def save(self, *args, **kwargs):
        # The date defaults to the first publication (including a scheduled go-live).
        if self.date is None and self.first_published_at:
            self.date = timezone.localdate(self.first_published_at)
        return super().save(*args, **kwargs)

    # --- Lists ---
    @classmethod
    def prepare_cards(cls, stories):
        """Stories for cards: hero renditions and themes fetched in a fixed number of queries."""
        from wagtail.images import get_image_model

        renditions = get_image_model().objects.prefetch_renditions(CARD_RENDITION)
        stories = list(stories)
        prefetch_related_objects(
            stories,
            Prefetch("hero_image", queryset=renditions),
            Prefetch("themes", queryset=Theme.objects.order_by("name")),
        )
        theme_pool = [theme for story in stories for theme in story.themes.all()]
        localized = dict(
            zip(
                [theme.pk for theme in theme_pool],
                localize_all(theme_pool),
                strict=True,
            )
        )
        for story in stories:
            story.card_themes = [localized[theme.pk] for theme in story.themes.all()]
        return stories

    @classmethod
    def featuring(cls, organisation, limit=6):
        """Live stories in the organisation page's language that mention it, newest first."""
        return list(
            cls.objects.live()
            .public()
            .filter(
                locale_id=organisation.locale_id,
                related_organisations__organisation__translation_key=(organisation.translation_key),
            )
            .distinct()
            .newest_first()[:limit]
        )

    # --- Presentation ---
    @property
    def display_date(self):
        if self.date:
            return self.date
        if self.first_published_at:
            return timezone.localdate(self.first_published_at)
        return None

    @cached_property
    def reading_time(self):
        """Minutes to read the standfirst and body, at 200 words a minute (at least 1)."""
        words = len(f"{self.standfirst}\n{body_text(self.body)}".split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    @cached_property
    def authors(self):
        return localize_all(
            link.author
            for link in self.story_authors.select_related("author", "author__photo").all()
        )

    @cached_property
    def sorted_themes(self):
        """Its themes by name, fetched once for the page, its JSON-LD and related stories."""
        return list(self.themes.order_by("name"))

    @cached_property
    def localized_themes(self):
        return localize_all(self.sorted_themes)

    @cached_property
    def organisations(self):
        """The mentioned organisations, as pages of this story's language when they exist."""

        linked = [
            link.organisation
            for link in self.related_organisations.select_related("organisation").all()
        ]
        keys = [organisation.translation_key for organisation in linked]
        in_locale = {
            organisation.translation_key: organisation
            for organisation in OrganisationPage.objects.live()
            .public()
            .filter(translation_key__in=keys, locale_id=self.locale_id)
            .select_related("sector", "logo")
        }
        organisations = [in_locale[key] for key in keys if key in in_locale]
        # Their sector in the reader's language, in one query, as on the directory's cards.
        sectors = localize_all([organisation.sector for organisation in organisations])
        for organisation, sector in zip(organisations, sectors, strict=True):
            organisation.sector_label = sector
        return organisations

    @cached_property
    def related_stories(self):
        """Up to three other live stories of this language sharing a theme, newest first."""
        slugs = [theme.slug for theme in self.sorted_themes]
        if not slugs:
            return []
        return StoryPage.prepare_cards(
            StoryPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id, themes__slug__in=slugs)
            .exclude(translation_key=self.translation_key)
            .distinct()
            .newest_first()[:3]
        )

    def schema_org(self, request=None):
        """schema.org Article (NewsArticle for news) data for the story's JSON-LD."""
        url = self.get_full_url(request)
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle" if self.kind == StoryKind.NEWS else "Article",
            "headline": self.title[:110],
            "description": self.search_description or self.standfirst,
            "inLanguage": content_language(self),
            "mainEntityOfPage": url,
            "url": url,
            "publisher": {"@type": "Organization", "name": str(_("Social Tech Atlas"))},
        }
        if self.display_date:
            data["datePublished"] = self.display_date.isoformat()
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        authors = [
            {
                "@type": "Person",
                "name": author.name,
                **({"jobTitle": author.role} if author.role else {}),
            }
            for author in self.authors
        ]
        if authors:
            data["author"] = authors
        if self.hero_image_id and request is not None:
            rendition = self.hero_image.get_rendition("fill-1200x630")
            data["image"] = request.build_absolute_uri(rendition.url)
        themes = [theme.name for theme in self.localized_themes]
        if themes:
            data["keywords"] = ", ".join(themes)
        mentions = [
            {
                "@type": "Organization",
                "name": organisation.title,
                "url": organisation.get_full_url(request),
            }
            for organisation in self.organisations
        ]
        if mentions:
            data["mentions"] = mentions
        return data

    def share_links(self, request=None):
        """Plain links to share the story: no third-party script, nothing loads until clicked."""
        from urllib.parse import urlencode

        url = self.get_full_url(request)
        title = self.title
        return [
            ("email", _("Email"), "mailto:?" + urlencode({"subject": title, "body": url})),
            (
                "mastodon",
                _("Mastodon"),
                "https://mastodon.social/share?" + urlencode({"text": f"{title} {url}"}),
            ),
            (
                "bluesky",
                _("Bluesky"),
                "https://bsky.app/intent/compose?" + urlencode({"text": f"{title} {url}"}),
            ),
            (
                "linkedin",
                _("LinkedIn"),
                "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
            ),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["schema_org"] = self.schema_org(request)
        context["faq_schema"] = faq_schema(self.body)
        context["share_links"] = self.share_links(request)
        context["index"] = self.get_parent().specific_deferred
        return context
