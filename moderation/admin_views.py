"""Admin views of the moderation app, and fixes to Wagtail's page views for organisations."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.workflow import ConfirmWorkflowCancellationView

from directory.models import OrganisationPage
from moderation.invitations import invite_editor
from moderation.models import original_organisation


class GuardedConfirmWorkflowCancellationView(ConfirmWorkflowCancellationView):
    """Wagtail's view names a page's workflow and task to any admin user; ask for edit rights."""

    def dispatch(self, request, *args, **kwargs):
        perms = self.object.permissions_for_user(request.user)
        if not (perms.can_edit() or perms.can_publish()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class InviteEditorForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_(
            "An account is created for this address (or the existing one reused), linked to "
            "this organisation, and sent a link to choose a password."
        ),
    )


class InviteEditorView(WagtailAdminTemplateMixin, FormView):
    """A moderator invites a person to keep one organisation's profile up to date."""

    form_class = InviteEditorForm
    template_name = "wagtailadmin/generic/form.html"
    header_icon = "mail"
    page_title = _("Invite an editor")

    def dispatch(self, request, page_id):
        self.organisation = original_organisation(get_object_or_404(OrganisationPage, pk=page_id))
        if not self.organisation.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        return super().dispatch(request)

    def get_page_subtitle(self):
        return self.organisation.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_url"] = self.request.path
        context["submit_button_label"] = _("Send the invitation")
        context["editors"] = self.organisation.memberships.select_related("user")
        return context

    def form_valid(self, form):
        invite_editor(form.cleaned_data["email"], self.organisation, invited_by=self.request.user)
        messages.success(
            self.request,
            _("Invitation sent. The new editor can now edit “%(title)s”.")
            % {"title": self.organisation.title},
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[self.organisation.pk]))
