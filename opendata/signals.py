"""Keep the open data exports current: any change to what they show invalidates the cache."""

from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published, page_unpublished

from directory.models import OrganisationPage, Sector, Service
from opendata.export import invalidate_exports
from opendata.models import OpenDataSettings


def _invalidate(created=False, **kwargs):
    # A settings row created on first read holds the defaults the export was built with.
    if not (created and kwargs.get("sender") is OpenDataSettings):
        invalidate_exports()


page_published.connect(_invalidate, sender=OrganisationPage, dispatch_uid="opendata_published")
page_unpublished.connect(_invalidate, sender=OrganisationPage, dispatch_uid="opendata_unpublished")
post_delete.connect(_invalidate, sender=OrganisationPage, dispatch_uid="opendata_deleted")
for _model in (Sector, Service, "opendata.DataSource", OpenDataSettings):
    post_save.connect(_invalidate, sender=_model, dispatch_uid=f"opendata_saved_{_model}")
