"""Admin for the open data: data sources, imports, the duplicates queue, erasure."""

from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from directory.models import OrganisationPage
from opendata.imports import admin_urls
from opendata.models import DataSource


class DataSourceEditView(EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.object.import_url and self.request.user.has_perm("opendata.add_importrun"):
            # A POST with the CSRF token, by Wagtail's own action controller (as "Unlock" is):
            # a plain link would be a GET, which must not fetch anything.
            buttons.append(
                Button(
                    _("Re-import now from URL"),
                    icon_name="download",
                    priority=5,
                    attrs={
                        "data-controller": "w-action",
                        "data-action": "w-action#post",
                        "data-w-action-url-value": reverse(
                            "opendata_admin:reimport_source", args=[self.object.pk]
                        ),
                    },
                )
            )
        return buttons


class DataSourceViewSet(SnippetViewSet):
    model = DataSource
    icon = "folder-inverse"
    menu_label = _("Data sources")
    menu_order = 170
    add_to_admin_menu = True
    edit_view_class = DataSourceEditView
    list_display = ["name", "licence", "format", "default_mode", "reimport_every"]
    search_fields = ["name"]
    ordering = ["name"]


register_snippet(DataSourceViewSet)


@hooks.register("register_admin_urls")
def register_opendata_urls():
    return [path("opendata/", include(admin_urls, namespace="opendata_admin"))]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def imports_menu_item():
    return PermissionMenuItem(
        _("Imports"),
        reverse("opendata_admin:import_index"),
        icon_name="download",
        order=171,
        permission="opendata.add_importrun",
    )


@hooks.register("register_admin_menu_item")
def drafts_to_complete_menu_item():
    return PermissionMenuItem(
        _("Imported drafts"),
        reverse("opendata_admin:complete_index"),
        icon_name="edit",
        order=173,
        permission="opendata.add_importrun",
    )


@hooks.register("register_admin_menu_item")
def duplicates_menu_item():
    return PermissionMenuItem(
        _("Possible duplicates"),
        reverse("opendata_admin:duplicate_index"),
        icon_name="warning",
        order=172,
        permission="opendata.change_duplicatecandidate",
    )


def _erase_button(page, user):
    if page.specific_class is OrganisationPage and page.permissions_for_user(user).can_delete():
        return Button(
            _("Erase (GDPR)"),
            reverse("opendata_admin:erase", args=[page.pk]),
            icon_name="bin",
            priority=35,
        )
    return None


@hooks.register("register_page_listing_more_buttons")
def erase_listing_button(page, user, next_url=None):
    button = _erase_button(page, user)
    if button:
        yield button


@hooks.register("register_page_header_buttons")
def erase_header_button(page, user, view_name, next_url=None):
    button = _erase_button(page, user)
    if button:
        yield button
