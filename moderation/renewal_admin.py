"""The moderators' renewal queue: the reminders sent, their answers, and the archive requests.

Moderators and administrators only (an organisation editor has admin access, but not this).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from moderation import renewal, roles
from moderation.models import RenewalOutcome, RenewalReminder

PAGE_SIZE = 50


class RenewalMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.is_moderator(request.user)


class RenewalQueueView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "moderation/admin/renewal_queue.html"
    page_title = _("Renewal queue")
    header_icon = "time"

    def dispatch(self, request, *args, **kwargs):
        if not roles.is_moderator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        outcome = self.request.GET.get("outcome", "")
        reminders = RenewalReminder.objects.select_related("organisation", "handled_by")
        if outcome in RenewalOutcome.values:
            reminders = reminders.filter(outcome=outcome)
        paginator = Paginator(reminders, PAGE_SIZE)
        context.update(
            outcome=outcome,
            outcomes=RenewalOutcome.choices,
            page_obj=paginator.get_page(self.request.GET.get("p")),
            to_handle=RenewalReminder.objects.filter(
                outcome=RenewalOutcome.ARCHIVE_REQUESTED
            ).count(),
        )
        return context

    def post(self, request):
        reminder = get_object_or_404(
            RenewalReminder,
            pk=request.POST.get("reminder"),
            outcome=RenewalOutcome.ARCHIVE_REQUESTED,
        )
        decision = request.POST.get("decision")
        if decision == "archive":
            renewal.archive(reminder.organisation)
            reminder.outcome = RenewalOutcome.ARCHIVED
            messages.success(
                request, _("“%(title)s” is archived.") % {"title": reminder.organisation.title}
            )
        elif decision == "keep":
            reminder.outcome = RenewalOutcome.KEPT
            messages.success(
                request, _("“%(title)s” is kept.") % {"title": reminder.organisation.title}
            )
        else:
            return redirect("moderation_renewals")
        reminder.handled_by = request.user
        reminder.handled_at = timezone.now()
        reminder.save(update_fields=["outcome", "handled_by", "handled_at"])
        return redirect("moderation_renewals")
