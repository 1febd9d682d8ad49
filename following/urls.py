"""The follow pages, inside i18n_patterns (each language its own paths)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from following import views
from following.models import Kind

app_name = "following"

urlpatterns = [
    path(_("follow/"), views.FollowView.as_view(), name="follow"),
    path(_("follow/stories/"), views.FollowView.as_view(kind=Kind.STORIES), name="follow_stories"),
    path(_("follow/feed/"), views.changes_feed, name="feed"),
    path(_("follow/confirm/<str:token>/"), views.ConfirmView.as_view(), name="confirm"),
    path(_("follow/manage/<str:token>/"), views.ManageView.as_view(), name="manage"),
    path(
        _("follow/unsubscribe/<str:token>/"),
        views.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
]
