"""Public views of the moderation app: proposals, claims, and accepting an invitation."""

from django.conf import settings
from django.contrib.auth.views import PasswordResetConfirmView
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView

from directory.duplicates import similar_organisations
from directory.models import OrganisationPage
from moderation.forms import ClaimForm, ContactModeratorsForm, LostAccessForm, ProposalForm
from moderation.invitations import invitation_token_generator
from moderation.models import AccessRequest, OrganisationClaim, original_organisation
from moderation.notifications import forward_to_moderators, notify_moderators
from moderation.proposals import create_proposal
from moderation.protection import count_submission, domains_match, is_rate_limited


class AcceptInvitationView(PasswordResetConfirmView):
    """Set a password with an invitation link, then land on the admin dashboard."""

    token_generator = invitation_token_generator
    template_name = "moderation/accept_invitation.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("wagtailadmin_home")
    title = _("Choose your password")


@method_decorator(never_cache, name="dispatch")
class RateLimitedFormView(FormView):
    """A public form with a honeypot and a per-address limit on submissions."""

    rate_scope = ""
    thanks_template_name = ""

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and is_rate_limited(request, self.rate_scope):
            return render(request, "moderation/rate_limited.html", status=429)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_spam:
            # Answer as if it worked, so that the bot learns nothing; store nothing.
            count_submission(request, self.rate_scope)
            return self.thanks()
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def thanks(self, **context):
        return render(self.request, self.thanks_template_name, context)


class ProposalView(RateLimitedFormView):
    """ "Add your organisation": a draft profile for the moderators to review."""

    form_class = ProposalForm
    template_name = "moderation/proposal_form.html"
    thanks_template_name = "moderation/proposal_thanks.html"
    rate_scope = "proposal"

    def form_valid(self, form):
        data = form.cleaned_data
        lookup = (data["title"], data.get("website", ""), data.get("city", ""))
        # The proposer is told only of live, public profiles; the moderators see every match,
        # drafts awaiting review included.
        public = similar_organisations(*lookup, public_only=True)
        if public and not data.get("not_a_duplicate"):
            return self.render_to_response(self.get_context_data(form=form, duplicates=public))
        count_submission(self.request, self.rate_scope)
        # Starting the Profile review already emails the moderators (Wagtail's notification).
        proposal = create_proposal(data, similar_organisations(*lookup))
        return self.thanks(name=proposal.organisation_name)


class ClaimView(RateLimitedFormView):
    """ "Is this your organisation?": a request to edit a live profile."""

    form_class = ClaimForm
    template_name = "moderation/claim_form.html"
    thanks_template_name = "moderation/claim_thanks.html"
    rate_scope = "claim"

    def dispatch(self, request, page_id, *args, **kwargs):
        page = get_object_or_404(OrganisationPage.objects.live().public(), pk=page_id)
        if not page.get_site():
            raise Http404
        self.page = page
        self.organisation = original_organisation(page)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=self.page, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        count_submission(self.request, self.rate_scope)
        claim = OrganisationClaim.objects.create(
            organisation=self.organisation,
            name=data["name"],
            role=data["role"],
            email=data["email"],
            message=data.get("message", ""),
            language=translation.get_language() or settings.LANGUAGE_CODE,
            consent=data["consent"],
            likely_genuine=domains_match(data["email"], self.organisation.website),
        )
        notify_moderators("claim", claim)
        return self.thanks(page=self.page)


def guess_organisation(email, name):
    """The organisation an access request most likely means: the one the address's account
    edits if it edits exactly one, else a live profile with exactly this name. Shown to the
    moderators only, to check."""
    memberships = AccessRequest(email=email).matching_memberships()
    organisations = {membership.organisation for membership in memberships}
    if len(organisations) == 1:
        return organisations.pop()
    return (
        OrganisationPage.objects.filter(alias_of__isnull=True, title__iexact=name.strip())
        .order_by("pk")
        .first()
    )


class LostAccessView(RateLimitedFormView):
    """ "Lost access?": ask the moderators for a new invitation. The answer is the same whether
    or not the address has an account, so the form tells nobody who edits what."""

    form_class = LostAccessForm
    template_name = "moderation/lost_access.html"
    thanks_template_name = "moderation/lost_access_thanks.html"
    rate_scope = "access"

    def form_valid(self, form):
        data = form.cleaned_data
        count_submission(self.request, self.rate_scope)
        access_request = AccessRequest.objects.create(
            email=data["email"],
            organisation_name=data["organisation"],
            organisation=guess_organisation(data["email"], data["organisation"]),
            message=data.get("message", ""),
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        notify_moderators("access", access_request)
        return self.thanks()


class ContactModeratorsView(RateLimitedFormView):
    """A way to reach the moderators from every dead end, without publishing anyone's address:
    the message is emailed to them and not stored."""

    form_class = ContactModeratorsForm
    template_name = "moderation/contact.html"
    thanks_template_name = "moderation/contact_thanks.html"
    rate_scope = "contact"

    def came_from(self):
        """The page the visitor came from (?from=), if it is on this site."""
        url = self.request.POST.get("from") or self.request.GET.get("from", "")
        allowed = url_has_allowed_host_and_scheme(
            url, allowed_hosts={self.request.get_host()}, require_https=False
        )
        return url if allowed and url.startswith("/") else ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(came_from=self.came_from(), **kwargs)

    def form_valid(self, form):
        count_submission(self.request, self.rate_scope)
        came_from = self.came_from()
        forward_to_moderators(
            form.cleaned_data["email"],
            form.cleaned_data["message"],
            self.request.build_absolute_uri(came_from) if came_from else "",
        )
        return self.thanks()
