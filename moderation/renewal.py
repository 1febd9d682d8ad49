"""Renewal without an account: "is this still correct?" emails about ageing organisations.

When an organisation turns *ageing* (directory.freshness), its public address (or, without one,
its editors) gets an email in the organisation's language with three signed, expiring links:
"still correct" (sets "last verified" to today), "update" (the claim form, or the edit screen
for an organisation that has editors) and "no longer active" (asks a moderator to archive it).
At most one reminder per ATLAS_RENEWAL_PERIOD_DAYS, and a last one in the
ATLAS_RENEWAL_LAST_NOTICE_DAYS before the entry turns stale; `send_renewal_reminders` (cron)
is idempotent: run twice the same day, it sends nothing the second time.

The links are TimestampSigner tokens naming the reminder and the action, so they cannot be
forged or changed; they expire after ATLAS_RENEWAL_LINK_DAYS, and work once: the reminder
records its answer, and a link of an answered reminder is refused.
"""

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from directory import cache as organisation_cache
from directory import freshness
from directory.listing import update_listing
from directory.models import OrganisationPage, Tombstone, TombstoneKind
from moderation.models import RenewalOutcome, RenewalReminder

logger = logging.getLogger(__name__)

CONFIRM, UPDATE, ARCHIVE = "confirm", "update", "archive"
ACTIONS = (CONFIRM, UPDATE, ARCHIVE)
SALT = "moderation.renewal"


class LinkError(Exception):
    """A renewal link that cannot be used; `status` is the HTTP status to answer with."""

    def __init__(self, reason, status):
        super().__init__(reason)
        self.reason = reason
        self.status = status


# --- Signed links ---
def make_token(reminder, action):
    return signing.TimestampSigner(salt=SALT).sign_object({"r": reminder.pk, "a": action})


def read_token(token):
    """(reminder, action) for a valid, unexpired, unused link; LinkError otherwise."""
    max_age = datetime.timedelta(days=settings.ATLAS_RENEWAL_LINK_DAYS)
    try:
        data = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkError("expired", 410) from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise LinkError("invalid", 400) from error
    if not isinstance(data, dict) or data.get("a") not in ACTIONS:
        raise LinkError("invalid", 400)
    reminder = (
        RenewalReminder.objects.select_related("organisation").filter(pk=data.get("r")).first()
    )
    if reminder is None:
        raise LinkError("invalid", 400)
    if reminder.outcome != RenewalOutcome.PENDING:
        raise LinkError("used", 410)
    return reminder, data["a"]


def links(reminder):
    base = (settings.SITE_URL or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    with translation.override(reminder.language):
        return {
            action: base + reverse("moderation:renew", args=[make_token(reminder, action)])
            for action in ACTIONS
        }


# --- What the answers do ---
def set_verified(organisation, day=None):
    """Set "last verified" on the organisation in every language, in its latest revisions too
    (a later publish of a draft must not bring the old date back), and drop what is derived
    from organisations (map, exports, cached pages) at once."""
    day = day or timezone.localdate()
    pages = OrganisationPage.objects.filter(translation_key=organisation.translation_key)
    pages.update(last_verified=day)
    for page in pages.select_related("latest_revision"):
        revision = page.latest_revision
        if revision and revision.content.get("last_verified") != day.isoformat():
            revision.content["last_verified"] = day.isoformat()
            revision.save(update_fields=["content"])
    _changed_without_signals(pages)


def archive(organisation, when=None):
    """Take the organisation off the map, the directory, the exports and the API (in every
    language); its page stays, marked archived, answering 410 Gone."""
    when = when or timezone.now()
    OrganisationPage.objects.filter(translation_key=organisation.translation_key).update(
        archived_at=when
    )
    # Aggregators syncing incrementally learn it is gone (the API's /tombstones).
    Tombstone.objects.update_or_create(
        atlas_id=organisation.translation_key,
        defaults={"kind": TombstoneKind.ARCHIVED, "merged_into": None, "at": when},
    )
    _changed_without_signals(
        OrganisationPage.objects.filter(translation_key=organisation.translation_key)
    )


def _changed_without_signals(pages):
    """Queryset updates send no signal: rewrite the directory's listing rows of these pages
    and mark everything derived from organisations out of date, their own cached pages
    included (the bulk version: a profile is cached under it)."""
    update_listing(list(pages.values_list("pk", flat=True)))
    organisation_cache.invalidate_bulk()
    transaction.on_commit(organisation_cache.invalidate_bulk)


def answer(reminder, action):
    """Record the answer of a link (once) and do what it says."""
    reminder.answered_at = timezone.now()
    reminder.outcome = {
        CONFIRM: RenewalOutcome.CONFIRMED,
        UPDATE: RenewalOutcome.UPDATE,
        ARCHIVE: RenewalOutcome.ARCHIVE_REQUESTED,
    }[action]
    # Conditional update: two clicks at once cannot both pass the "unused" check.
    updated = RenewalReminder.objects.filter(pk=reminder.pk, outcome=RenewalOutcome.PENDING).update(
        outcome=reminder.outcome, answered_at=reminder.answered_at
    )
    if not updated:
        raise LinkError("used", 410)
    if action == CONFIRM:
        set_verified(reminder.organisation)
    elif action == ARCHIVE:
        notify_moderators_of_archive_request(reminder)


def notify_moderators_of_archive_request(reminder):
    from moderation.notifications import moderators_to_notify, preferred_language

    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    url = base + reverse("moderation_renewals")
    by_language = {}
    for user in moderators_to_notify():
        by_language.setdefault(preferred_language(user), []).append(user.email)

    def send():
        for language, addresses in by_language.items():
            with translation.override(language):
                context = {"organisation": reminder.organisation, "url": url}
                try:
                    EmailMessage(
                        render_to_string(
                            "moderation/email/archive_request_subject.txt", context
                        ).strip(),
                        render_to_string("moderation/email/archive_request.txt", context),
                        to=addresses,
                    ).send()
                except OSError:
                    logger.exception("Could not notify moderators of an archive request")

    transaction.on_commit(send)


# --- Sending, by cron ---
def recipients(organisation):
    """The organisation's public (organisational) address, or else its editors' addresses."""
    if organisation.email:
        return [organisation.email]
    return sorted(
        {
            membership.user.email
            for membership in organisation.memberships.all()
            if membership.user.is_active and membership.user.email
        }
    )


def due_kind(organisation, today):
    """REMINDER, LAST or None: what this ageing organisation should get today."""
    cycle = [
        r
        for r in organisation.renewal_reminders.all()
        if r.verified_on == organisation.last_verified
    ]
    stale_on = freshness.add_months(
        organisation.last_verified, settings.ATLAS_FRESHNESS_STALE_MONTHS
    )
    if (stale_on - today).days <= settings.ATLAS_RENEWAL_LAST_NOTICE_DAYS:
        if not any(r.kind == RenewalReminder.LAST for r in cycle):
            return RenewalReminder.LAST
        return None
    if not cycle:
        return RenewalReminder.REMINDER
    latest = max(r.sent_at for r in cycle)
    if (today - timezone.localdate(latest)).days >= settings.ATLAS_RENEWAL_PERIOD_DAYS:
        return RenewalReminder.REMINDER
    return None


def ageing_organisations(today):
    """Live, unarchived, ageing originals (never an alias: one email per organisation)."""
    return (
        OrganisationPage.objects.live()
        .filter(freshness.state_q(freshness.AGEING, today))
        .filter(alias_of__isnull=True, archived_at__isnull=True)
        .select_related("locale")
        .prefetch_related(
            "renewal_reminders",
            Prefetch("memberships", queryset=_memberships()),
        )
        .order_by("pk")
    )


def _memberships():
    from moderation.models import OrganisationMembership

    return OrganisationMembership.objects.select_related("user")


def send_reminders(today=None, dry_run=False):
    """Send what is due today; returns the number of reminders per kind (and without address)."""
    today = today or timezone.localdate()
    counts = {RenewalReminder.REMINDER: 0, RenewalReminder.LAST: 0, "no_address": 0}
    connection = None if dry_run else get_connection()
    for organisation in ageing_organisations(today):
        kind = due_kind(organisation, today)
        if kind is None:
            continue
        addresses = recipients(organisation)
        if not addresses:
            counts["no_address"] += 1
        else:
            counts[kind] += 1
        if dry_run:
            continue
        reminder = RenewalReminder.objects.create(
            organisation=organisation,
            kind=kind,
            verified_on=organisation.last_verified,
            language=organisation.locale.language_code,
            recipient_count=len(addresses),
            outcome=RenewalOutcome.PENDING if addresses else RenewalOutcome.NO_ADDRESS,
        )
        if addresses:
            _send(reminder, addresses, today, connection)
    return counts


def _send(reminder, addresses, today, connection):
    organisation = reminder.organisation
    with translation.override(reminder.language):
        stale_on = freshness.add_months(
            organisation.last_verified, settings.ATLAS_FRESHNESS_STALE_MONTHS
        )
        context = {
            "organisation": organisation,
            "reminder": reminder,
            "links": links(reminder),
            "stale_on": stale_on,
            "link_days": settings.ATLAS_RENEWAL_LINK_DAYS,
            "site_name": gettext_lazy(settings.WAGTAIL_SITE_NAME),
        }
        message = EmailMessage(
            render_to_string("moderation/email/renewal_subject.txt", context).strip(),
            render_to_string("moderation/email/renewal.txt", context),
            to=addresses,
            connection=connection,
        )
    try:
        message.send()
    except OSError:
        logger.exception("Could not send the renewal reminder %s", reminder.pk)
