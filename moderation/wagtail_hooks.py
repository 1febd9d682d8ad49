"""Admin registration for moderation: organisation page views and the moderators' tools."""

from wagtail import hooks
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.permissions import page_permission_policy

from directory.models import DirectoryIndexPage, OrganisationPage
from moderation.admin_views import GuardedConfirmWorkflowCancellationView


class OrganisationPageViewSet(PageViewSet):
    """Wagtail's page views for organisation profiles, with the permission gaps closed."""

    model = OrganisationPage
    name = "organisation_pages"
    confirm_workflow_cancellation_view_class = GuardedConfirmWorkflowCancellationView


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
