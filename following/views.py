"""The public pages of following: follow (a form on a page of its own, so that the cached
directory and map pages carry none), confirm, manage, unsubscribe; the Atom feed of a view;
the JSON "changes since" endpoint."""

import datetime

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from following import matching
from following.digest import send_confirmation, view_url
from following.forms import FollowForm, FrequencyForm
from following.models import Follow, Kind
from moderation.protection import count_submission, is_rate_limited

RATE_SCOPE = "follow"


@method_decorator(never_cache, name="dispatch")
class FollowView(View):
    """ "Follow this search": an address, a rhythm, a language; then a confirmation email."""

    kind = Kind.DIRECTORY

    def dispatch(self, request, *args, **kwargs):
        if self.kind == Kind.STORIES:
            theme = request.GET.get("theme", "")
            self.query = f"theme={theme}" if theme else ""
        else:
            self.query = matching.clean_query(request.GET)
        self.language = translation.get_language() or settings.LANGUAGE_CODE
        if request.method == "POST" and is_rate_limited(request, RATE_SCOPE):
            return render(request, "moderation/rate_limited.html", status=429)
        return super().dispatch(request, *args, **kwargs)

    def context(self, form):
        return {
            "form": form,
            "kind": self.kind,
            "labels": matching.describe(self.kind, self.query, self.language),
            "query": self.query,
        }

    def get(self, request):
        form = FollowForm(initial={"language": self.language})
        return render(request, "following/follow.html", self.context(form))

    def post(self, request):
        form = FollowForm(request.POST)
        if form.is_spam:
            count_submission(request, RATE_SCOPE)
            return render(request, "following/check_inbox.html")
        if not form.is_valid():
            return render(request, "following/follow.html", self.context(form), status=400)
        count_submission(request, RATE_SCOPE)
        follow = Follow.objects.create(
            email=form.cleaned_data["email"],
            kind=self.kind,
            query=self.query,
            language=form.cleaned_data["language"],
            frequency=form.cleaned_data["frequency"],
        )
        send_confirmation(follow)
        return render(request, "following/check_inbox.html")


def _follow_or_404(token):
    return get_object_or_404(Follow, token=token)


@method_decorator(never_cache, name="dispatch")
class ConfirmView(View):
    """The link of the confirmation email: a button (mail scanners fetch links), then done."""

    def get(self, request, token):
        follow = _follow_or_404(token)
        return render(request, "following/confirm.html", {"follow": follow})

    def post(self, request, token):
        follow = _follow_or_404(token)
        if follow.confirmed_at is None:
            now = timezone.now()
            # The same search already followed with this address: keep one, with the new rhythm.
            existing = (
                Follow.objects.filter(
                    email__iexact=follow.email, kind=follow.kind, query=follow.query
                )
                .exclude(pk=follow.pk)
                .exclude(confirmed_at__isnull=True)
                .first()
            )
            if existing:
                existing.frequency, existing.language = follow.frequency, follow.language
                existing.save(update_fields=["frequency", "language"])
                follow.delete()
                follow = existing
            else:
                follow.confirmed_at = follow.covered_until = now
                follow.save(update_fields=["confirmed_at", "covered_until"])
        return redirect("following:manage", token=follow.token)


@method_decorator(never_cache, name="dispatch")
class ManageView(View):
    """Every follow of the address behind this token: change the rhythm, stop one, stop all."""

    def follows(self, follow):
        return Follow.objects.filter(email__iexact=follow.email, confirmed_at__isnull=False)

    def get(self, request, token):
        follow = _follow_or_404(token)
        follows = list(self.follows(follow).order_by("created_at"))
        for item in follows:
            item.labels = matching.describe(item.kind, item.query, item.language)
            item.view_url = view_url(item)
        return render(request, "following/manage.html", {"follow": follow, "follows": follows})

    def post(self, request, token):
        follow = _follow_or_404(token)
        follows = self.follows(follow)
        action = request.POST.get("action")
        if action == "delete_all":
            Follow.objects.filter(email__iexact=follow.email).delete()
            return render(request, "following/unsubscribed.html")
        target = follows.filter(pk=request.POST.get("follow")).first()
        if target is None:
            return redirect("following:manage", token=token)
        if action == "delete":
            target.delete()
            if target.pk == follow.pk or not follows.exists():
                return render(request, "following/unsubscribed.html")
        elif action == "frequency":
            form = FrequencyForm(request.POST)
            if form.is_valid():
                target.frequency = form.cleaned_data["frequency"]
                target.save(update_fields=["frequency"])
        return redirect("following:manage", token=token)


@method_decorator([never_cache, csrf_exempt], name="dispatch")
class UnsubscribeView(View):
    """One-click unsubscribe (RFC 8058): the mail client POSTs `List-Unsubscribe=One-Click` to
    the List-Unsubscribe address, without cookies, so no CSRF token (the secret token in the
    URL is the proof). A reader following the link sees a button, which POSTs the same."""

    def get(self, request, token):
        follow = Follow.objects.filter(token=token).first()
        if follow is None:
            return render(request, "following/unsubscribed.html", status=404)
        return render(request, "following/unsubscribe.html", {"follow": follow})

    def post(self, request, token):
        # The row goes, and the address with it.
        Follow.objects.filter(token=token).delete()
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("Unsubscribed.", content_type="text/plain")
        return render(request, "following/unsubscribed.html")


# --- The same view without email: Atom feed and JSON ---
FEED_DAYS = 30
MAX_CHANGES = 500


def _since_param(value):
    """An ISO 8601 date or date-time (aware or not), or None."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            if day is None:
                return None
            moment = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return moment


def _item(page, event, request):
    return {
        "id": str(page.translation_key),
        "name": page.title,
        "url": page.get_full_url(request),
        "event": event,
        "at": {
            "added": page.first_published_at,
            "updated": page.last_published_at,
            "archived": page.archived_at,
        }[event].isoformat(),
    }


@require_GET
def changes_api(request):
    """GET /api/v1/changes/?since=…&language=en&<the directory's filters, bbox>: organisations
    added, updated or archived since then that match the view (no email, no account)."""
    since = _since_param(request.GET.get("since"))
    if since is None:
        return JsonResponse(
            {"detail": "since is required: an ISO 8601 date or date-time."}, status=400
        )
    language = request.GET.get("language", settings.LANGUAGE_CODE)
    if language not in dict(settings.LANGUAGES):
        return JsonResponse({"detail": "language must be one of the site's."}, status=400)
    until = timezone.now()
    if since > until:
        return JsonResponse({"detail": "since is in the future."}, status=400)
    query = matching.clean_query(request.GET)
    with translation.override(language):
        changes = matching.changes_for(query, language, since, until)
        body = {
            "since": since.isoformat(),
            "until": until.isoformat(),
            "language": language,
            "query": query,
            **{
                event: [_item(page, event, request) for page in pages[:MAX_CHANGES]]
                for event, pages in (
                    ("added", changes.added),
                    ("updated", changes.updated),
                    ("archived", changes.archived),
                )
            },
        }
    response = JsonResponse(body)
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def changes_feed(request):
    """An Atom feed of the same: what changed in the last 30 days among the view's matches."""
    from following.feeds import ChangesFeed

    language = translation.get_language() or settings.LANGUAGE_CODE
    if matching.directory_for(language) is None:
        raise Http404
    return ChangesFeed()(request, language=language, query=matching.clean_query(request.GET))
