"""The public directory's index page: every live organisation, filterable, searchable, paginated."""

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from directory.choices import SortOrder
from directory.models.organisation import OrganisationPage
from directory.permissions import DirectoryPagePermissionTester

DIRECTORY_PAGE_SIZE = 24


class DirectoryIndexPage(Page):
    """The public directory: every live organisation, filterable, searchable and paginated."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("A few sentences above the directory: who is listed and how to use it."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["directory.OrganisationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("directory index page")

    def permissions_for_user(self, user):
        # Only rights granted within the directory count here, not those cascading from home.
        return DirectoryPagePermissionTester(user, self)

    @property
    def organisations(self):
        """Live, public organisation profiles of this directory (its own language tree)."""
        return (
            OrganisationPage.objects.child_of(self)
            .live()
            .public()
            .filter(archived_at__isnull=True)  # archived ones leave the directory
        )

    def route(self, request, path_components):
        # A profile in one query (with its sector and locale) rather than Wagtail's two (the
        # child by slug, then its specific page), then a query for each.
        if path_components:
            child = (
                OrganisationPage.objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related("sector", "locale")
                .first()
            )
            if child is not None:
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from directory.cards import organisation_cards
        from directory.filters import DirectoryFilter
        from directory.map_page import follow_base

        context = super().get_context(request, *args, **kwargs)
        directory_filter = DirectoryFilter(request.GET, self.organisations, listing=self.pk)
        paginator = Paginator(directory_filter.results(), DIRECTORY_PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("page"))
        facets = directory_filter.facets()
        context.update(
            directory_filter=directory_filter,
            facets=facets,
            active_filters=directory_filter.active_filters(facets),
            sort_options=SortOrder.choices,
            paginator=paginator,
            page_obj=page_obj,
            organisations=organisation_cards(request, directory_filter, page_obj.object_list),
            follow_link=f"{follow_base()}{directory_filter.querystring()}" if follow_base() else "",
            follow_feed=f"{follow_base()}feed/{directory_filter.querystring()}"
            if follow_base()
            else "",
        )
        return context
