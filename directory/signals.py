"""Keep the map's cached GeoJSON in step with what is published."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from directory import map_data
from directory.models import (
    DirectoryIndexPage,
    Language,
    MapPage,
    OrganisationPage,
    Sector,
    Service,
)
from directory.search.index import update_entries

# Sent (sender=OrganisationPage, page_ids=[...]) for new, unpublished organisations with an
# address and no coordinates, e.g. a public proposal: a geocoder, when one is configured
# (opendata), places them so that the moderator sees the address on the map.
location_wanted = Signal()

MAP_PAGE_TYPES = (OrganisationPage, DirectoryIndexPage, MapPage)
# Saves that only record a new draft revision change nothing that is live.
DRAFT_ONLY_FIELDS = {
    "comments",
    "latest_revision_created_at",
    "draft_title",
    "latest_revision",
    "has_unpublished_changes",
    "approved_go_live_at",
    "numchild",
}


def _invalidate(**kwargs):
    map_data.invalidate()


def _invalidate_unless_draft_only(update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return
    map_data.invalidate()


for model in MAP_PAGE_TYPES:
    page_published.connect(
        _invalidate, sender=model, dispatch_uid=f"map-published-{model.__name__}"
    )
    page_unpublished.connect(
        _invalidate, sender=model, dispatch_uid=f"map-unpublished-{model.__name__}"
    )
    post_delete.connect(_invalidate, sender=model, dispatch_uid=f"map-deleted-{model.__name__}")
    # Scripts and imports that save a live page without publishing a revision.
    post_save.connect(
        _invalidate_unless_draft_only, sender=model, dispatch_uid=f"map-saved-{model.__name__}"
    )

for model in (Sector, Service, Language, PageViewRestriction):
    post_save.connect(_invalidate, sender=model, dispatch_uid=f"map-saved-{model.__name__}")
    post_delete.connect(_invalidate, sender=model, dispatch_uid=f"map-deleted-{model.__name__}")


@receiver(post_page_move, dispatch_uid="map-page-moved")
def invalidate_on_move(sender, instance, **kwargs):
    # A move can take organisations in or out of a directory, whatever the page type moved.
    map_data.invalidate()


# --- Search entries (directory.search) ---
def _update_search_entry(instance, update_fields=None, **kwargs):
    # On publish too: translations reach an alias by update() after its post_save, and a page's
    # services are written after its post_save. A save that only records a draft (an autosave
    # every few seconds while someone edits) changes nothing searchable.
    if update_fields is not None and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return
    update_entries([instance.pk])


post_save.connect(_update_search_entry, sender=OrganisationPage, dispatch_uid="search-saved")
page_published.connect(
    _update_search_entry, sender=OrganisationPage, dispatch_uid="search-published"
)
