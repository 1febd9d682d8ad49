"""The "changes since" endpoint, next to the JSON API (outside the language prefixes)."""

from django.urls import path

from following import views

urlpatterns = [path("api/v1/changes/", views.changes_api, name="api_changes")]
