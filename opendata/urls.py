"""Open data URLs, outside the language prefix: downloads and the JSON API."""

from django.urls import path

from opendata import views
from opendata.api import api
from opendata.cors import with_cors

urlpatterns = [
    path("open-data/organisations.<str:fmt>", views.export, name="opendata_export"),
    path("api/v1/", api.urls),
]
with_cors(urlpatterns[1].url_patterns)
