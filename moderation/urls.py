from django.urls import path

from moderation import views

app_name = "moderation"

urlpatterns = [
    path(
        "account/invitation/<uidb64>/<token>/",
        views.AcceptInvitationView.as_view(),
        name="accept_invitation",
    ),
    path("add-organisation/", views.ProposalView.as_view(), name="propose"),
    path("claim/<int:page_id>/", views.ClaimView.as_view(), name="claim"),
]
