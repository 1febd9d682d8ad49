"""Emails to moderators about new proposals and claims: a link to the queue, no personal data."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from moderation.roles import MODERATORS

logger = logging.getLogger(__name__)


def moderators_to_notify():
    """Active moderators with an address; the administrators while there is none, so that a new
    claim or proposal never goes unseen."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    moderators = users.filter(groups__name=MODERATORS).distinct()
    return list(moderators) or list(users.filter(is_superuser=True))


def preferred_language(user):
    """The language a user reads the admin in (set in their account, or stored at sign-in)."""
    from wagtail.users.models import UserProfile

    language = UserProfile.get_for_user(user).preferred_language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


ADMIN_URL_NAMES = {
    "claim": "moderation_claims:edit",
    "proposal": "moderation_proposals:inspect",
    "access": "moderation_access_requests:edit",
}


def addresses_by_language(users):
    by_language = {}
    for user in users:
        by_language.setdefault(preferred_language(user), []).append(user.email)
    return by_language


def notify_moderators(kind, item):
    """Email each moderator, in the language they use the admin in, about a new claim,
    proposal or access request: a link to the queue, no personal data."""
    recipients = moderators_to_notify()
    if not recipients:
        return
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    url_name = ADMIN_URL_NAMES[kind]
    by_language = addresses_by_language(recipients)
    context = {
        "kind": kind,
        "item": item,
        "url": base_url + reverse(url_name, args=[item.pk]),
        "site_name": gettext_lazy(settings.WAGTAIL_SITE_NAME),  # in the email's language
    }

    def send():
        for language, addresses in by_language.items():
            with translation.override(language):
                try:
                    send_mail(
                        render_to_string(
                            "moderation/email/moderators_subject.txt", context
                        ).strip(),
                        render_to_string("moderation/email/moderators.txt", context),
                        None,
                        addresses,
                    )
                except OSError:
                    # Logged without addresses: no personal data in logs.
                    logger.exception("Could not notify moderators of a new %s", kind)

    transaction.on_commit(send)


def forward_to_moderators(sender, message, page_url=""):
    """Send a visitor's message to the moderators, with a Reply-To at the visitor's address.
    Only emailed: nothing is stored, so nothing is kept beyond the moderators' mailboxes."""
    recipients = moderators_to_notify()
    if not recipients:
        logger.warning("A message to the moderators was lost: nobody to send it to")
        return
    context = {
        "sender": sender,
        "message": message,
        "page_url": page_url,
        "site_name": gettext_lazy(settings.WAGTAIL_SITE_NAME),
    }
    for language, addresses in addresses_by_language(recipients).items():
        with translation.override(language):
            email = EmailMessage(
                render_to_string("moderation/email/contact_subject.txt", context).strip(),
                render_to_string("moderation/email/contact.txt", context),
                to=addresses,
                reply_to=[sender],
            )
            try:
                email.send()
            except OSError:
                logger.exception("Could not forward a message to the moderators")


def notify_proposer(proposal, page):
    """Tell whoever proposed an organisation what the moderators decided (they consented to be
    contacted about their proposal), in the language of the form they used."""
    from moderation.models import ReviewStatus

    if not proposal.consent or not proposal.submitter_email:
        return
    context = {
        "proposal": proposal,
        "approved": proposal.status == ReviewStatus.APPROVED,
        "url": page.full_url if proposal.status == ReviewStatus.APPROVED else "",
        "site_name": gettext_lazy(settings.WAGTAIL_SITE_NAME),
    }
    language = proposal.language

    def send():
        with translation.override(language):
            try:
                send_mail(
                    render_to_string("moderation/email/decision_subject.txt", context).strip(),
                    render_to_string("moderation/email/decision.txt", context),
                    None,
                    [proposal.submitter_email],
                )
            except OSError:
                logger.exception(
                    "Could not tell a proposer the decision on proposal %s", proposal.pk
                )

    transaction.on_commit(send)
