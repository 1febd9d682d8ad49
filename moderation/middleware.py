"""Admin views that Wagtail opens wider than the Atlas's roles allow."""

from django.core.exceptions import PermissionDenied

from moderation import roles


class AdminReportsGuardMiddleware:
    """Wagtail opens its reports to anyone who may edit a page. They span the whole site: the
    site history's user filter names every account that acted (an invited editor's is an email
    address), and the page types and aging pages reports name pages by their draft title. They
    are the moderators' and administrators' (organisation editors and Communications get 403;
    the main menu hides them)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespace != "wagtailadmin_reports":
            return None
        user = request.user
        if not user.is_authenticated:
            return None  # the report sends them to the login page
        if not roles.is_moderator(user):
            raise PermissionDenied
        return None
