"""Admin registration for moderation: organisation page views, invitations, the dashboard."""

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.admin.widgets import Button
from wagtail.permissions import page_permission_policy

from directory.models import DirectoryIndexPage, OrganisationPage
from moderation import roles
from moderation.admin_api import PermittedDocumentsAdminAPIViewSet, PermittedImagesAdminAPIViewSet
from moderation.admin_views import GuardedConfirmWorkflowCancellationView, InviteEditorView
from moderation.editing import OrganisationCompareView, OrganisationEditView, plain_action_menu
from moderation.history import register_plain_review_actions
from moderation.panels import profiles_to_review_panel, your_organisation_panel
from moderation.renewal_admin import RenewalMenuItem, RenewalQueueView


class OrganisationPageViewSet(PageViewSet):
    """Wagtail's page views for organisation profiles, with the permission gaps closed."""

    model = OrganisationPage
    name = "organisation_pages"
    confirm_workflow_cancellation_view_class = GuardedConfirmWorkflowCancellationView
    edit_view_class = OrganisationEditView
    revisions_compare_view_class = OrganisationCompareView


hooks.register("construct_page_action_menu", plain_action_menu)
# After Wagtail's own (order 0), which it replaces.
hooks.register("register_log_actions", register_plain_review_actions, order=100)


@hooks.register("insert_global_admin_css")
def editor_header_fits_a_phone():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-narrow.css"))


@hooks.register("insert_editor_js")
def length_counter():
    """A live "312 / 300" counter on limited fields; a longer text is refused, never cut."""
    return render_to_string("moderation/includes/length_counter.html")


@hooks.register("register_admin_viewset")
def register_organisation_page_viewset():
    return OrganisationPageViewSet()


@hooks.register("construct_explorer_page_queryset")
def list_only_permitted_organisations(parent_page, pages, request):
    """In a directory, a user whose rights come from elsewhere (an organisation editor, or a
    group granted the home page) lists only the organisations granted to it."""
    user = request.user
    if user.is_superuser or parent_page.specific_class is not DirectoryIndexPage:
        return pages
    granted = {
        perm.page_id for perm in page_permission_policy.get_cached_permissions_for_user(user)
    }
    if parent_page.pk in granted:
        return pages
    return pages.filter(pk__in=list(granted))


@hooks.register("register_admin_urls")
def register_moderation_admin_urls():
    return [
        path(
            "moderation/invite/<int:page_id>/",
            InviteEditorView.as_view(),
            name="moderation_invite_editor",
        ),
        path("moderation/renewals/", RenewalQueueView.as_view(), name="moderation_renewals"),
    ]


@hooks.register("register_admin_menu_item")
def register_renewal_queue_menu_item():
    return RenewalMenuItem(
        _("Renewal queue"),
        reverse("moderation_renewals"),
        name="renewals",
        icon_name="time",
        order=175,
    )


@hooks.register("register_page_header_buttons")
def invite_editor_button(page, user, view_name, next_url=None):
    if page.specific_class is not OrganisationPage or page.alias_of_id:
        return
    if page.permissions_for_user(user).can_publish():
        yield Button(
            _("Invite an editor"),
            reverse("moderation_invite_editor", args=[page.pk]),
            icon_name="mail",
            priority=60,
        )


@hooks.register("construct_homepage_panels")
def add_your_organisation_panel(request, panels):
    if roles.is_organisation_editor_only(request.user):
        # "Your pages and snippets in a workflow" says again, in workflow words, what "Your
        # organisation" says in plain ones.
        panels[:] = [p for p in panels if p.name != "user_objects_in_workflow_moderation"]
    for panel in (profiles_to_review_panel(request.user), your_organisation_panel(request.user)):
        if panel is not None:
            panels.insert(0, panel)


@hooks.register("register_admin_viewset")
def register_moderation_queue():
    from moderation.queue import ModerationQueueGroup

    return ModerationQueueGroup()


# What an organisation editor needs in the admin menu; the rest (stories, reports…) is hidden
# for them, and refused by each view's own permission check anyway.
ORGANISATION_EDITOR_MENU = {"explorer", "organisations", "images", "documents", "help"}


@hooks.register("construct_main_menu")
def organisation_editor_menu(request, menu_items):
    if roles.is_organisation_editor_only(request.user):
        menu_items[:] = [item for item in menu_items if item.name in ORGANISATION_EDITOR_MENU]
    elif not roles.is_moderator(request.user):
        # Refused to them by moderation.middleware.AdminReportsGuardMiddleware.
        menu_items[:] = [item for item in menu_items if item.name != "reports"]


# After Wagtail's own hooks (order 0), which register the unrestricted endpoints by these names.
@hooks.register("construct_admin_api", order=100)
def admin_api_lists_only_permitted_collections(router):
    router.register_endpoint("images", PermittedImagesAdminAPIViewSet)
    router.register_endpoint("documents", PermittedDocumentsAdminAPIViewSet)
