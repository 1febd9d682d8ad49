"""The map's data endpoints, inside i18n_patterns so that each language gets its own data."""

from django.urls import path

from directory import views

urlpatterns = [
    path(
        "api/map/organisations.bin",
        views.organisations_payload,
        name="map_organisations",
    ),
    path("api/map/details/", views.organisation_details, name="map_details"),
    path("api/map/search/", views.organisation_search, name="map_search"),
]
