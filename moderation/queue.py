"""The moderators' queue of proposals and claims in the admin."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, HelpPanel, PageChooserPanel
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic.models import EditView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from moderation.invitations import invite_editor
from moderation.models import (
    AccessRequest,
    OrganisationClaim,
    OrganisationProposal,
    ReviewStatus,
)


class DecisionEditView(EditView):
    """Deciding on a claim or an access request; approving it sends the address an invitation
    (a new one for an existing account) to edit the organisation, in the language of the form."""

    def save_instance(self):
        previous = type(self.object).objects.get(pk=self.object.pk).status
        item = super().save_instance()
        if item.status != previous:
            item.reviewed_by = self.request.user
            item.reviewed_at = timezone.now()
            item.save(update_fields=["reviewed_by", "reviewed_at"])
            if item.status == ReviewStatus.APPROVED:
                invite_editor(
                    item.email,
                    item.organisation,
                    invited_by=self.request.user,
                    language=item.language,
                )
        return item


class ClaimViewSet(ModelViewSet):
    model = OrganisationClaim
    name = "moderation_claims"
    icon = "user"
    menu_label = _("Claims")
    edit_view_class = DecisionEditView
    inspect_view_enabled = True
    list_display = [
        "organisation",  # the first column links to the claim
        Column("role", label=_("Role")),
        BooleanColumn("likely_genuine", label=_("Likely genuine")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("created_at", label=_("Submitted")),
    ]
    list_filter = ["status", "likely_genuine"]
    search_fields = ["organisation__title", "name", "email"]
    panels = [
        HelpPanel(template="moderation/admin/claim_summary.html", heading=_("The request")),
        FieldPanel("status"),
        FieldPanel("moderator_note"),
    ]


class ProposalViewSet(ModelViewSet):
    model = OrganisationProposal
    name = "moderation_proposals"
    icon = "form"
    menu_label = _("Proposals")
    inspect_view_enabled = True
    list_display = [
        "organisation_name",  # the first column links to the proposal
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("created_at", label=_("Submitted")),
    ]
    list_filter = ["status"]
    search_fields = ["organisation_name", "submitter_name", "submitter_email"]
    panels = [
        HelpPanel(template="moderation/admin/proposal_summary.html", heading=_("The proposal")),
        FieldPanel("moderator_note"),
    ]


class AccessRequestViewSet(ModelViewSet):
    """Requests for a new invitation ("Lost access?" on the login and invitation pages)."""

    model = AccessRequest
    name = "moderation_access_requests"
    icon = "key"
    menu_label = _("Access requests")
    edit_view_class = DecisionEditView
    list_display = [
        "organisation_name",  # the first column links to the request
        Column("organisation", label=_("Organisation")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("created_at", label=_("Submitted")),
    ]
    list_filter = ["status"]
    search_fields = ["organisation_name", "email"]
    panels = [
        HelpPanel(
            template="moderation/admin/access_request_summary.html", heading=_("The request")
        ),
        PageChooserPanel("organisation", "directory.OrganisationPage"),
        FieldPanel("status"),
        FieldPanel("moderator_note"),
    ]


class ModerationQueueGroup(ModelViewSetGroup):
    menu_label = _("Moderation queue")
    menu_icon = "tasks"
    menu_order = 170
    items = (ProposalViewSet, ClaimViewSet, AccessRequestViewSet)
