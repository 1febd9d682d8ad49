"""The public pages of the renewal links (moderation.renewal): no account, no login.

A GET only shows what the link will do, with a button: mail scanners and link previews fetch
links, and must not confirm or archive anything. The POST does it, once.
"""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from moderation import renewal
from moderation.models import original_organisation


@method_decorator(never_cache, name="dispatch")
class RenewalView(View):
    def dispatch(self, request, token):
        try:
            self.reminder, self.action = renewal.read_token(token)
        except renewal.LinkError as error:
            return render(
                request,
                "moderation/renewal/invalid.html",
                {"reason": error.reason},
                status=error.status,
            )
        self.organisation = original_organisation(self.reminder.organisation)
        return super().dispatch(request, token)

    def get(self, request, token):
        return render(
            request,
            "moderation/renewal/confirm.html",
            {"organisation": self.organisation, "action": self.action},
        )

    def post(self, request, token):
        try:
            renewal.answer(self.reminder, self.action)
        except renewal.LinkError as error:
            return render(
                request,
                "moderation/renewal/invalid.html",
                {"reason": error.reason},
                status=error.status,
            )
        if self.action == renewal.UPDATE:
            return redirect(self.update_url())
        return render(
            request,
            "moderation/renewal/done.html",
            {"organisation": self.organisation, "action": self.action},
        )

    def update_url(self):
        """The edit screen for an organisation with editors (they sign in), else the claim
        form in the reader's language (a moderator gives its author the right to edit)."""
        if self.organisation.memberships.exists():
            return reverse("wagtailadmin_pages:edit", args=[self.organisation.pk])
        language = translation.get_language()
        page = self.organisation
        translated = page.get_translations().filter(locale__language_code=language).first()
        return reverse("moderation:claim", args=[(translated or page).pk])
