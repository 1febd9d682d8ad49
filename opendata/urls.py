"""Open data URLs, outside the language prefix: downloads and the JSON API.

Open to any origin for GET through django-cors-headers (`CORS_URLS_REGEX` in the settings
matches these paths); their 404s stay 404s through `opendata.middleware`."""

from django.urls import path

from opendata import views
from opendata.api import api

urlpatterns = [
    path("open-data/organisations.<str:fmt>", views.export, name="opendata_export"),
    path("api/v1/", api.urls),
]
