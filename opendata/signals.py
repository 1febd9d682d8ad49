"""Keep the open data exports current. Changes to organisations and vocabularies invalidate
everything derived from organisations (`directory.signals`); what only the exports show (the
licence, the sources' credits) invalidates it here."""

from django.db.models.signals import post_save

from wagtail.signals import page_published

from directory import cache as organisation_cache
from directory.models import OrganisationPage, Tombstone
from directory.signals import location_wanted
from opendata import murmurations
from opendata.imports.geocoding import enqueue_draft_geocoding
from opendata.models import OpenDataSettings


def _invalidate(created=False, **kwargs):
    # A settings row created on first read holds the defaults the export was built with.
    if not (created and kwargs.get("sender") is OpenDataSettings):
        organisation_cache.invalidate()


for _model in ("opendata.DataSource", OpenDataSettings):
    post_save.connect(_invalidate, sender=_model, dispatch_uid=f"opendata_saved_{_model}")


# --- Giving back: keep the Murmurations index told (off unless MURMURATIONS_INDEX_URL is set)
def _register_with_index(sender, instance, **kwargs):
    if instance.alias_of_id is None:
        murmurations.on_published(instance.translation_key)


def _delete_from_index(sender, instance, created=False, **kwargs):
    # Every tombstone (unpublished, merged, deleted, erased; archived later) is a node to delete.
    if created:
        murmurations.on_gone(instance.atlas_id)


page_published.connect(
    _register_with_index, sender=OrganisationPage, dispatch_uid="murmurations-register"
)
post_save.connect(_delete_from_index, sender=Tombstone, dispatch_uid="murmurations-delete")

# A public proposal's address, placed on the moderator's map when a geocoder is configured.
location_wanted.connect(enqueue_draft_geocoding, dispatch_uid="opendata-geocode-drafts")
