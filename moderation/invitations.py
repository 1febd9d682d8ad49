"""Invitations: an account linked to an organisation, and a single-use set-password link.

The token is Django's password-reset token with its own salt and lifetime: it is bound to the
user's current password hash and last login, so it stops working as soon as it has been used to
set a password (single use), and after ATLAS_INVITATION_TIMEOUT seconds (expiry).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext_lazy

from moderation.models import add_editor

DEFAULT_TIMEOUT = 7 * 24 * 60 * 60  # a week


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """A password-reset token with its own salt (a reset link never works as an invitation)
    and its own lifetime, ATLAS_INVITATION_TIMEOUT seconds."""

    key_salt = "moderation.invitations.InvitationTokenGenerator"

    @property
    def timeout(self):
        return getattr(settings, "ATLAS_INVITATION_TIMEOUT", DEFAULT_TIMEOUT)

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return 0 <= self._num_seconds(self._now()) - timestamp <= self.timeout


invitation_token_generator = InvitationTokenGenerator()


def invitation_path(user, language=None):
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = invitation_token_generator.make_token(user)
    with translation.override(language or settings.LANGUAGE_CODE):
        return reverse("moderation:accept_invitation", args=[uidb64, token])


def get_or_create_account(email):
    """The account for `email`: reused if one exists, else created without a usable password."""
    User = get_user_model()
    email = User.objects.normalize_email(email.strip())
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        username = email.lower()[:150]
        user = User.objects.create_user(username=username, email=email, password=None)
    return user


def remember_language(user, language):
    """Store `language` as the user's admin language unless they chose one: the admin and the
    workflow emails then speak it (Wagtail otherwise follows whoever triggers an email)."""
    from wagtail.users.models import UserProfile

    if language not in dict(settings.LANGUAGES):
        return
    profile = UserProfile.get_for_user(user)
    if not profile.preferred_language:
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])


@transaction.atomic
def invite_editor(email, organisation, invited_by=None, language=None):
    """Link the account for `email` to `organisation` and email it a set-password link, in
    `language` (the language of the claim), else in the language active now."""
    user = get_or_create_account(email)
    membership = add_editor(user, organisation, invited_by=invited_by)
    language = language or translation.get_language()
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    remember_language(user, language)
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "user": user,
        "organisation": membership.organisation,
        "invited_by": invited_by,
        "url": base_url + invitation_path(user, language),
        "days": max(1, invitation_token_generator.timeout // 86400),
        "site_name": gettext_lazy(settings.WAGTAIL_SITE_NAME),  # in the email's language
    }

    def send():
        with translation.override(language):
            send_mail(
                render_to_string("moderation/email/invitation_subject.txt", context).strip(),
                render_to_string("moderation/email/invitation.txt", context),
                None,
                [user.email],
            )

    transaction.on_commit(send)
    return membership
