"""Public views of the moderation app: accepting an invitation."""

from django.contrib.auth.views import PasswordResetConfirmView
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from moderation.invitations import invitation_token_generator


class AcceptInvitationView(PasswordResetConfirmView):
    """Set a password with an invitation link, then land on the admin dashboard."""

    token_generator = invitation_token_generator
    template_name = "moderation/accept_invitation.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("wagtailadmin_home")
    title = _("Choose your password")
