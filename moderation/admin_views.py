"""Admin views that close gaps in Wagtail's page views for organisation profiles."""

from django.core.exceptions import PermissionDenied

from wagtail.admin.views.pages.workflow import ConfirmWorkflowCancellationView


class GuardedConfirmWorkflowCancellationView(ConfirmWorkflowCancellationView):
    """Wagtail's view names a page's workflow and task to any admin user; ask for edit rights."""

    def dispatch(self, request, *args, **kwargs):
        perms = self.object.permissions_for_user(request.user)
        if not (perms.can_edit() or perms.can_publish()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
