"""Admin views that Wagtail opens wider than the Atlas's roles allow."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import translation

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


class AdminLoginLanguageMiddleware:
    """The admin's login page in the language the reader chose on the public site.

    The admin is outside the site's language prefixes: for a visitor who is not signed in, Django
    picks the browser's language. The footer's "Sign in" link adds ?lang=xx, and the login form
    sends it back (templates/wagtailadmin/login.html), so that a French reader with an English
    browser signs in, and reads any error, in French. Signed-in users get their own preference
    from Wagtail.
    """

    PARAMETER = "lang"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name != "wagtailadmin_login":
            return None
        if request.user.is_authenticated:
            return None
        language = request.GET.get(self.PARAMETER) or request.POST.get(self.PARAMETER)
        if language in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return None
