"""The digests: one email per follow and period (daily or weekly), only when something changed,
in the reader's language, with RFC 8058 one-click unsubscribe. Run by `send_digests` (cron).

Cost: the changed organisations of a window are few, whatever the number of follows; each
distinct saved query is matched once per language and window among those few (follows sharing
a search share the work), so 10,000 follows cost seconds (benchmarks/digest_benchmark.py).
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from directory.models import OrganisationPage
from following import matching
from following.models import PERIOD_DAYS, Follow, Kind

logger = logging.getLogger(__name__)


def site_url():
    return (settings.SITE_URL or settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def follow_urls(follow, view_path=None):
    """The links of a follow's emails, in its language."""
    base = site_url()
    with translation.override(follow.language):
        return {
            "confirm": base + reverse("following:confirm", args=[follow.token]),
            "manage": base + reverse("following:manage", args=[follow.token]),
            "unsubscribe": base + reverse("following:unsubscribe", args=[follow.token]),
            "view": base + view_url(follow, view_path),
        }


def section_path(kind, language):
    """The path of the directory, or of the stories, in a language."""
    with translation.override(language):
        if kind == Kind.STORIES:
            page = matching.story_index_for(language)
        else:
            page = matching.directory_for(language)
        return page.url if page else "/"


def view_url(follow, path=None):
    """The followed view itself: the directory with the saved filters, or the stories."""
    path = path or section_path(follow.kind, follow.language)
    return f"{path}?{follow.query}" if follow.query else path


def is_due(follow, today):
    if follow.last_sent_at is None:
        return True
    return (today - timezone.localdate(follow.last_sent_at)).days >= PERIOD_DAYS[follow.frequency]


def purge_unconfirmed(now=None):
    """Delete the addresses never confirmed within ATLAS_FOLLOW_UNCONFIRMED_DAYS."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.ATLAS_FOLLOW_UNCONFIRMED_DAYS)
    deleted, _by_model = Follow.objects.filter(
        confirmed_at__isnull=True, created_at__lt=limit
    ).delete()
    return deleted


class DigestRun:
    """One run: follows with the same search over the same window share its matching, its
    changes and the rendered list of them (the mail around it is each reader's own)."""

    def __init__(self, now):
        self.now = now
        self.vocabularies = None
        self.candidates = {}  # (language, since) -> (pages changed in [since, now), queryset)
        self.matches = {}  # (language, since, query) -> ids
        self.changes_by_key = {}  # (kind, language, since, query, box) -> Changes
        self.texts = {}  # the same key -> the rendered list of changes
        self.paths = {}  # (kind, language) -> path of the directory or the stories

    def view_path(self, follow):
        key = (follow.kind, follow.language)
        if key not in self.paths:
            self.paths[key] = section_path(*key)
        return self.paths[key]

    def changes(self, follow, since):
        """(changes, key): what changed for this follow, and the key it shares with others."""
        if follow.kind == Kind.STORIES:
            key = (follow.kind, follow.language, since, follow.query, None)
            if key not in self.changes_by_key:
                changes = matching.story_changes(follow.query, follow.language, since, self.now)
                for story in changes.added:
                    story.digest_url = story.get_full_url()
                self.changes_by_key[key] = changes
            return self.changes_by_key[key], key
        # The map area is checked here, on the few candidates: follows that differ only by
        # their area (every map reader's) share the directory filter's query.
        filters, box = matching.split_bbox(follow.query)
        key = (follow.kind, follow.language, since, filters, box)
        if key not in self.changes_by_key:
            self.changes_by_key[key] = self._directory_changes(follow.language, since, filters, box)
        return self.changes_by_key[key], key

    def _directory_changes(self, language, since, filters, box):
        window = (language, since)
        if window not in self.candidates:
            directory = matching.directory_for(language)
            pages = list(matching.candidates(directory, since, self.now).defer("description"))
            for page in pages:
                # Once per run, not once per mail that lists it (a site lookup each time).
                page.digest_url = page.get_full_url()
            # One queryset of the candidates, cloned by each search (its ids are prepared once).
            self.candidates[window] = (
                pages,
                OrganisationPage.objects.filter(pk__in=[p.pk for p in pages]),
            )
        pages, queryset = self.candidates[window]
        if not pages:
            return matching.Changes()
        match_key = (language, since, filters)
        if match_key not in self.matches:
            self.vocabularies = self.vocabularies or matching.Vocabularies()
            self.matches[match_key] = matching.matching_ids(filters, queryset, self.vocabularies)
        ids = self.matches[match_key]
        return matching.classify(
            [p for p in pages if p.pk in ids and matching.in_box(p, box)], since, self.now
        )

    def text(self, follow, changes, key):
        """The rendered list of changes, in the follow's language, shared by its key."""
        if key not in self.texts:
            with translation.override(follow.language):
                self.texts[key] = render_to_string(
                    "following/email/digest_changes.txt",
                    {"changes": changes, "stories": follow.kind == Kind.STORIES},
                )
        return self.texts[key]


def window_start(follow, now):
    """Where this follow's next digest starts: the end of the last run that covered it (the
    same moment for every follow of that run, so that they share their matching), or its
    confirmation: never a change from before the reader asked."""
    return follow.covered_until or follow.confirmed_at or now


def send_digests(now=None):
    """Send every digest that is due; returns counts (sent, checked, purged)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    purged = purge_unconfirmed(now)
    run = DigestRun(now)
    connection = get_connection()
    sent = checked = 0
    due = [f for f in Follow.objects.filter(confirmed_at__isnull=False) if is_due(f, today)]
    covered, mailed = [], []
    for follow in due:
        checked += 1
        changes, key = run.changes(follow, window_start(follow, now))
        covered.append(follow.pk)
        if not changes:
            continue
        message = digest_message(
            follow, changes, connection, run.view_path(follow), run.text(follow, changes, key)
        )
        try:
            message.send()
        except OSError:
            logger.exception("Could not send the digest of follow %s", follow.pk)
            covered.pop()
            continue
        mailed.append(follow.pk)
        sent += 1
    Follow.objects.filter(pk__in=covered).update(covered_until=now)
    Follow.objects.filter(pk__in=mailed).update(last_sent_at=now)
    return {"sent": sent, "checked": checked, "purged": purged}


def digest_message(follow, changes, connection=None, view_path=None, changes_text=None):
    urls = follow_urls(follow, view_path)
    stories = follow.kind == Kind.STORIES
    with translation.override(follow.language):
        if changes_text is None:
            changes_text = render_to_string(
                "following/email/digest_changes.txt", {"changes": changes, "stories": stories}
            )
        context = {
            "follow": follow,
            "changes": changes,
            "changes_text": changes_text,
            "urls": urls,
            "stories": stories,
        }
        subject = render_to_string("following/email/digest_subject.txt", context).strip()
        body = render_to_string("following/email/digest.txt", context)
    return EmailMessage(
        subject,
        body,
        to=[follow.email],
        connection=connection,
        headers={
            # RFC 8058: mail clients show an "Unsubscribe" button that POSTs this at once.
            "List-Unsubscribe": f"<{urls['unsubscribe']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_confirmation(follow):
    urls = follow_urls(follow)
    with translation.override(follow.language):
        context = {"follow": follow, "urls": urls, "days": settings.ATLAS_FOLLOW_UNCONFIRMED_DAYS}
        EmailMessage(
            render_to_string("following/email/confirm_subject.txt", context).strip(),
            render_to_string("following/email/confirm.txt", context),
            to=[follow.email],
        ).send()
