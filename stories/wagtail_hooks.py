"""Admin registration for stories: a stories listing, the authors and themes snippets, and the
"home page only" reading of page permissions granted on a home page (see stories/editorial.py)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from stories.editorial import home_only_grant_refuses
from stories.models import Author, StoryPage, Theme


class StoryFilterSet(PageListingViewSet.filterset_class):
    class Meta:
        model = StoryPage
        fields = ["locale", "kind", "live"]


class StoryListingViewSet(PageListingViewSet):
    """Every story in one list, with its kind and date, for Communications staff."""

    model = StoryPage
    icon = "doc-full-inverse"
    menu_label = _("Stories")
    menu_order = 140
    add_to_admin_menu = True
    filterset_class = StoryFilterSet
    columns = PageListingViewSet.columns + [
        Column("kind", label=_("Kind"), accessor="get_kind_display", sort_key="kind"),
        Column("date", label=_("Publication date"), sort_key="date"),
    ]


@hooks.register("register_admin_viewset")
def register_story_listing():
    return StoryListingViewSet("stories")


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    list_display = ["name", "role"]
    search_fields = ["name", "role"]
    ordering = ["name"]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    ordering = ["name"]


class StoriesSnippetGroup(SnippetViewSetGroup):
    menu_label = _("Story settings")
    menu_icon = "folder-open-inverse"
    menu_order = 145
    items = (AuthorViewSet, ThemeViewSet)


register_snippet(StoriesSnippetGroup)


# --- Page permissions granted on a home page apply to that page only ---
def _refuse(request, page, action):
    if home_only_grant_refuses(request.user, page, action):
        raise PermissionDenied


@hooks.register("before_edit_page")
def refuse_edit_below_home(request, page):
    _refuse(request, page, "change")


@hooks.register("before_create_page")
def refuse_create_below_home(request, parent_page, page_class):
    _refuse(request, parent_page, "add")


@hooks.register("before_delete_page")
def refuse_delete_below_home(request, page):
    _refuse(request, page, "change")


@hooks.register("before_copy_page")
def refuse_copy_below_home(request, page):
    _refuse(request, page, "change")


@hooks.register("before_move_page")
def refuse_move_below_home(request, page, destination):
    _refuse(request, page, "change")


@hooks.register("before_unpublish_page")
def refuse_unpublish_below_home(request, page):
    _refuse(request, page, "publish")


@hooks.register("before_convert_alias_page")
def refuse_convert_alias_below_home(request, page):
    _refuse(request, page, "change")


@hooks.register("before_bulk_action")
def refuse_bulk_actions_below_home(request, action_type, objects, action_class_instance):
    if action_type != "page":
        return None
    for page in objects:
        _refuse(request, page, "change")
    return None
