"""Open data URLs, outside the language prefix: downloads, the data package, the vocabularies'
IRIs and the JSON API.

Open to any origin for GET through django-cors-headers (`CORS_URLS_REGEX` in the settings
matches these paths); their 404s stay 404s through `opendata.middleware`."""

from django.urls import path

from opendata import views
from opendata.api import api

urlpatterns = [
    path("open-data/organisations.<str:fmt>", views.export, name="opendata_export"),
    path("open-data/datapackage.json", views.datapackage, name="opendata_datapackage"),
    path(
        "open-data/murmurations/<str:atlas_id>.json",
        views.murmurations_profile,
        name="opendata_murmurations_profile",
    ),
    path("vocab/<str:scheme>", views.vocabulary, name="opendata_vocabulary"),
    path("vocab/<str:scheme>/<str:slug>", views.vocabulary_term, name="opendata_vocabulary_term"),
    path("api/v1/", api.urls),
]
