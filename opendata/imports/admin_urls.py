from django.urls import path

from opendata.imports import admin_views, completion

app_name = "opendata_admin"

urlpatterns = [
    path("imports/", admin_views.import_index, name="import_index"),
    path("imports/new/", admin_views.import_new, name="import_new"),
    path("imports/<int:pk>/", admin_views.import_detail, name="import_detail"),
    path("imports/<int:pk>/mapping/", admin_views.import_mapping, name="import_mapping"),
    path("imports/<int:pk>/confirm/", admin_views.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/cancel/", admin_views.import_cancel, name="import_cancel"),
    path("imports/<int:pk>/report.csv", admin_views.import_report, name="import_report"),
    path("sources/<int:pk>/reimport/", admin_views.reimport_source, name="reimport_source"),
    path("to-complete/", completion.complete_index, name="complete_index"),
    path("duplicates/", admin_views.duplicate_index, name="duplicate_index"),
    path("duplicates/<int:pk>/", admin_views.duplicate_resolve, name="duplicate_resolve"),
    path("erase/<int:page_id>/", admin_views.erase, name="erase"),
]
