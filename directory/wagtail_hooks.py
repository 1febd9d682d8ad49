"""Admin registration for the directory: organisations listing and vocabulary snippets."""

from django import forms
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets import Button
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import django_filters

from core.spreadsheets import neutralise_formula
from directory import merge_views, merging
from directory.models import NEEDS_LOCATION, Language, OrganisationPage, Sector, Service
from directory.permissions import pages_with_visible_drafts


class LocationFilter(django_filters.ChoiceFilter):
    """Where an organisation stands with the map: located, needing a location, or online only."""

    NEEDS = "needs"
    HAS = "has"
    ONLINE = "online"

    def filter(self, qs, value):
        if value == self.NEEDS:
            return qs.filter(NEEDS_LOCATION)
        if value == self.HAS:
            return qs.filter(online_only=False, latitude__isnull=False, longitude__isnull=False)
        if value == self.ONLINE:
            return qs.filter(online_only=True)
        return qs


def location_status(page):
    """The listing's location column, in words (never colour alone)."""
    if page.online_only:
        return _("Online only")
    if page.needs_location:
        return _("Needs location")
    return _("Has a location")


class OrganisationFilterSet(PageListingViewSet.filterset_class):
    location = LocationFilter(
        label=_("Location"),
        empty_label=_("Any"),
        choices=[
            (LocationFilter.NEEDS, _("Needs location")),
            (LocationFilter.HAS, _("Has a location")),
            (LocationFilter.ONLINE, _("Online only")),
        ],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = OrganisationPage
        # No "locale" here: Wagtail adds its own locale filter, by language code, which is what
        # the listing view expects in ?locale= (a primary key there gives a 404).
        fields = ["sector", "country", "legal_form", "online_only"]


class OrganisationIndexView(PageListingViewSet.index_view_class):
    list_export = [
        "pk",
        "title",
        "locale",
        "sector",
        "country",
        "city",
        "legal_form",
        "website",
        "last_verified",
    ]

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        # Wagtail already keeps XLSX cells as text; in CSV, an editor-typed name or city starting
        # with "=" would run as a formula in the moderator's spreadsheet.
        if export_format == self.FORMAT_CSV:
            return neutralise_formula(value)
        return value

    def annotate_queryset(self, pages):
        # The listing shows each row's sector: fetch it in the query that makes pages specific,
        # or every row costs one more query.
        return (
            super().annotate_queryset(pages).select_related("sector", for_specific_subqueries=True)
        )

    def get_table(self, object_list):
        # Each row's sector in the row's own language (a French alias points at the English
        # sector), in one query for the whole page of rows.
        pages = [page for page in object_list if isinstance(page, OrganisationPage)]
        keys = {page.sector.translation_key for page in pages if page.sector_id}
        names = {
            (sector.translation_key, sector.locale_id): sector.name
            for sector in Sector.objects.filter(translation_key__in=keys)
        }
        for page in pages:
            if page.sector_id:
                key = (page.sector.translation_key, page.locale_id)
                page.sector_label = names.get(key, page.sector.name)
        return super().get_table(object_list)


class OrganisationListingViewSet(PageListingViewSet):
    """A flat, filterable, searchable list of every organisation for staff."""

    model = OrganisationPage
    icon = "group"
    menu_label = _("Organisations")
    menu_order = 150
    add_to_admin_menu = True
    index_view_class = OrganisationIndexView
    filterset_class = OrganisationFilterSet
    columns = PageListingViewSet.columns + [
        Column(
            "sector",
            label=_("Sector"),
            accessor=lambda page: getattr(page, "sector_label", page.sector),
            sort_key="sector__name",
        ),
        Column("country", label=_("Country"), sort_key="country"),
        Column("city", label=_("City"), sort_key="city"),
        StatusTagColumn(
            "location_status",
            label=_("Location"),
            accessor=location_status,
            primary=lambda page: page.needs_location,
        ),
        Column("last_verified", label=_("Last verified"), sort_key="last_verified"),
    ]


@hooks.register("register_admin_viewset")
def register_organisation_listing():
    return OrganisationListingViewSet("organisations")


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "tag"
    list_display = ["name", "slug", "colour"]
    search_fields = ["name", "slug"]
    ordering = ["name"]


class ServiceViewSet(SnippetViewSet):
    model = Service
    icon = "cogs"
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    ordering = ["name"]


class LanguageViewSet(SnippetViewSet):
    model = Language
    icon = "globe"
    list_display = ["code", "name"]
    search_fields = ["code"]
    ordering = ["code"]


class DirectoryVocabularyGroup(SnippetViewSetGroup):
    menu_label = _("Vocabularies")
    menu_icon = "list-ul"
    menu_order = 160
    items = (SectorViewSet, ServiceViewSet, LanguageViewSet)


register_snippet(DirectoryVocabularyGroup)


@hooks.register("construct_page_chooser_queryset")
def choose_only_pages_whose_title_may_be_read(pages, request):
    """The page chooser (browse and search) lists a draft only to those who may change it: a
    proposal awaiting review or a renamed profile is nobody else's business."""
    visible = pages_with_visible_drafts(request.user)
    if not visible:
        return pages  # an administrator: everything
    # By id: the chooser's search can filter only on indexed fields, and draft_title is not one.
    return pages.filter(pk__in=Page.objects.filter(visible).values("pk"))


# --- Merges (directory.merging) ---
@hooks.register("register_admin_urls")
def register_merge_urls():
    return [path("merges/", include(merge_views, namespace="directory_merges"))]


@hooks.register("register_log_actions")
def register_merge_log_actions(actions):
    actions.register_action(merging.MERGE_ACTION, _("Merge"), _("Merged a duplicate into this"))
    actions.register_action(merging.UNMERGE_ACTION, _("Undo merge"), _("Undid a merge"))


class MergesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(merge_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def merges_menu_item():
    return MergesMenuItem(
        _("Merges"), reverse("directory_merges:index"), icon_name="resubmit", order=174
    )


def _merge_button(page, user):
    if (
        page.specific_class is OrganisationPage
        and page.alias_of_id is None
        and user.has_perm(merge_views.PERMISSION)
        and page.permissions_for_user(user).can_publish()
    ):
        return Button(
            _("Merge into another…"),
            reverse("directory_merges:merge", args=[page.pk]),
            icon_name="resubmit",
            priority=34,
        )
    return None


@hooks.register("register_page_listing_more_buttons")
def merge_listing_button(page, user, next_url=None):
    button = _merge_button(page, user)
    if button:
        yield button


@hooks.register("register_page_header_buttons")
def merge_header_button(page, user, view_name, next_url=None):
    button = _merge_button(page, user)
    if button:
        yield button
