"""The stories section's index: its stories newest first, filtered by kind and theme, with feeds."""

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.i18n import localized_by_slug
from stories.models.snippets import Theme
from stories.models.story import StoryKind, StoryPage

STORIES_PAGE_SIZE = 12


def themes_by_slug():
    """Every theme keyed by slug, in the reader's language when translated."""
    by_slug = localized_by_slug(Theme)
    return dict(sorted(by_slug.items(), key=lambda item: item[1].name.lower()))


class StoryIndexPage(RoutablePageMixin, Page):
    """The stories section: its introduction and its stories, newest first, with feeds."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A sentence or two above the list of stories."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["stories.StoryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("story index page")

    @property
    def stories(self):
        """Live, public stories of this index, newest first (no body loaded)."""
        return StoryPage.objects.child_of(self).live().public().defer_streamfields().newest_first()

    def route(self, request, path_components):
        # A story in one query (with its hero image) rather than Wagtail's two and a third for
        # the image; the feeds and other sub-routes go through RoutablePageMixin as before.
        if path_components:
            child = (
                StoryPage.objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related("hero_image", "locale")
                .first()
            )
            if child is not None:
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        themes = themes_by_slug()
        kind = request.GET.get("kind", "")
        kind = kind if kind in StoryKind.values else ""
        theme = request.GET.get("theme", "")
        theme = theme if theme in themes else ""
        stories = self.stories
        if kind:
            stories = stories.filter(kind=kind)
        if theme:
            stories = stories.filter(themes__slug=theme).distinct()
        paginator = Paginator(stories, STORIES_PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("page"))
        context.update(
            kinds=StoryKind.choices,
            themes=themes,
            selected_kind=kind,
            selected_theme=themes.get(theme),
            paginator=paginator,
            page_obj=page_obj,
            stories=StoryPage.prepare_cards(page_obj.object_list),
        )
        return context

    # --- Feeds ---
    @path("feed/rss/", name="rss")
    def rss_feed(self, request):
        from stories.feeds import StoryRssFeed

        return StoryRssFeed()(request, index=self)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        from stories.feeds import StoryAtomFeed

        return StoryAtomFeed()(request, index=self)

    def feed_url(self, kind="atom"):
        return self.url + self.reverse_subpage(kind)
