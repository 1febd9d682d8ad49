from django.urls import path
from django.utils.translation import gettext_lazy as _

from moderation import views
from moderation.renewal_views import RenewalView

app_name = "moderation"

urlpatterns = [
    path(
        "account/invitation/<uidb64>/<token>/",
        views.AcceptInvitationView.as_view(),
        name="accept_invitation",
    ),
    # Translated paths: /fr/ajouter-une-organisation/, /fr/revendiquer/<id>/, /fr/acces-perdu/…
    path(_("add-organisation/"), views.ProposalView.as_view(), name="propose"),
    path(_("claim/<int:page_id>/"), views.ClaimView.as_view(), name="claim"),
    path(_("lost-access/"), views.LostAccessView.as_view(), name="lost_access"),
    path(_("contact-moderators/"), views.ContactModeratorsView.as_view(), name="contact"),
    # Renewal links (moderation.renewal): signed, expiring, single-use.
    path(_("renew/<str:token>/"), RenewalView.as_view(), name="renew"),
]
