"""Keep the open data exports current. Changes to organisations and vocabularies invalidate
everything derived from organisations (`directory.signals`); what only the exports show (the
licence, the sources' credits) invalidates it here."""

from django.db.models.signals import post_save

from directory import cache as organisation_cache
from directory.signals import location_wanted
from opendata.imports.geocoding import enqueue_draft_geocoding
from opendata.models import OpenDataSettings


def _invalidate(created=False, **kwargs):
    # A settings row created on first read holds the defaults the export was built with.
    if not (created and kwargs.get("sender") is OpenDataSettings):
        organisation_cache.invalidate()


for _model in ("opendata.DataSource", OpenDataSettings):
    post_save.connect(_invalidate, sender=_model, dispatch_uid=f"opendata_saved_{_model}")

# A public proposal's address, placed on the moderator's map when a geocoder is configured.
location_wanted.connect(enqueue_draft_geocoding, dispatch_uid="opendata-geocode-drafts")
