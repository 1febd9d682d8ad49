"""Keep the map's cached GeoJSON in step with what is published, and record tombstones."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import Signal, receiver
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import (
    copy_for_translation_done,
    page_published,
    page_unpublished,
    post_page_move,
)

from directory import map_data
from directory.listing import update_listing
from directory.models import (
    DirectoryIndexPage,
    DirectoryListing,
    Language,
    MapPage,
    OrganisationPage,
    Sector,
    Service,
    Tombstone,
    TombstoneKind,
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


# --- Tombstones: what the open data's incremental sync reports as gone (directory.models.merge)
def _tombstone_unpublished(sender, instance, **kwargs):
    if instance.first_published_at is None:
        return
    key = instance.translation_key
    if not OrganisationPage.objects.filter(translation_key=key, live=True).exists():
        Tombstone.objects.get_or_create(
            atlas_id=key, defaults={"kind": TombstoneKind.UNPUBLISHED, "at": timezone.now()}
        )


def _tombstone_deleted(sender, instance, **kwargs):
    if instance.first_published_at is None:  # never out: nobody copied it
        return
    key = instance.translation_key
    if not OrganisationPage.objects.filter(translation_key=key).exists():
        Tombstone.objects.update_or_create(
            atlas_id=key,
            defaults={"kind": TombstoneKind.DELETED, "merged_into": None, "at": timezone.now()},
        )


def _no_tombstone(sender, instance, **kwargs):
    if instance.archived_at is None:  # an archived page published again stays archived
        Tombstone.objects.filter(atlas_id=instance.translation_key).delete()


page_unpublished.connect(
    _tombstone_unpublished, sender=OrganisationPage, dispatch_uid="tombstone-unpublished"
)
post_delete.connect(_tombstone_deleted, sender=OrganisationPage, dispatch_uid="tombstone-deleted")
page_published.connect(_no_tombstone, sender=OrganisationPage, dispatch_uid="tombstone-published")


# --- The directory's listing (directory.listing) ---
def _update_listing(instance, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return
    update_listing([instance.pk])


post_save.connect(_update_listing, sender=OrganisationPage, dispatch_uid="listing-saved")
page_published.connect(_update_listing, sender=OrganisationPage, dispatch_uid="listing-published")
page_unpublished.connect(
    _update_listing, sender=OrganisationPage, dispatch_uid="listing-unpublished"
)


def _organisations_under(page):
    return OrganisationPage.objects.filter(path__startswith=page.path).values_list("pk", flat=True)


@receiver(post_page_move, dispatch_uid="listing-page-moved")
def update_listing_on_move(sender, instance, **kwargs):
    # Moved into another directory, or under a private section: the page and what is below it.
    update_listing(list(_organisations_under(instance)))


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="listing-restriction-saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="listing-restriction-deleted")
def update_listing_on_restriction(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        update_listing(list(_organisations_under(page)))


@receiver(post_save, sender=Sector, dispatch_uid="listing-sector-saved")
@receiver(post_save, sender=Service, dispatch_uid="listing-service-saved")
@receiver(post_save, sender=Language, dispatch_uid="listing-language-saved")
def update_listing_on_vocabulary(sender, instance, created=False, **kwargs):
    if created:
        return  # no organisation has it yet
    relation = {Sector: "sector", Service: "services", Language: "languages"}[sender]
    ids = OrganisationPage.objects.filter(**{relation: instance}).values_list("pk", flat=True)
    # And the rows that still carry its previous slug or code.
    column = {Sector: "sector", Service: "services", Language: "languages"}[sender]
    stale = DirectoryListing.objects.exclude(**{f"{column}": ""}).filter(
        **{f"{column}__contains": getattr(instance, "slug", None) or instance.code}
    )
    update_listing(set(ids) | set(stale.values_list("page_id", flat=True)))


@receiver(post_delete, sender=Sector, dispatch_uid="listing-sector-deleted")
@receiver(post_delete, sender=Service, dispatch_uid="listing-service-deleted")
@receiver(post_delete, sender=Language, dispatch_uid="listing-language-deleted")
def update_listing_on_vocabulary_deleted(sender, instance, **kwargs):
    column = {Sector: "sector", Service: "services", Language: "languages"}[sender]
    value = getattr(instance, "slug", None) or instance.code
    stale = DirectoryListing.objects.filter(**{f"{column}__contains": value})
    update_listing(list(stale.values_list("page_id", flat=True)))


@receiver(copy_for_translation_done, dispatch_uid="listing-translation-copied")
def update_listing_on_translation_copy(sender, source_obj, target_obj, **kwargs):
    # An alias's services and languages are copied after its post_save.
    if isinstance(target_obj, OrganisationPage):
        update_listing([target_obj.pk])


# An image's own bookkeeping, written lazily: nothing a reader sees.
IMAGE_BOOKKEEPING_FIELDS = {"file_size", "file_hash"}


@receiver(post_save, sender=get_image_model(), dispatch_uid="listing-logo-saved")
def update_listing_on_logo(sender, instance, created=False, update_fields=None, **kwargs):
    """A logo edited (its file replaced: Wagtail deletes the old renditions; its alt text…):
    the rows of the organisations showing it are written again, so that their cached cards
    (`directory.cards`, keyed by the row's stamp) are rendered again."""
    if created or (update_fields and set(update_fields) <= IMAGE_BOOKKEEPING_FIELDS):
        return
    update_listing(OrganisationPage.objects.filter(logo=instance).values_list("pk", flat=True))


@receiver(pre_delete, sender=get_image_model(), dispatch_uid="listing-logo-deleting")
def _remember_logo_of(sender, instance, **kwargs):
    # The logos are set to NULL by a queryset update (no page signal): note whose they were.
    instance._logo_of = list(
        OrganisationPage.objects.filter(logo=instance).values_list("pk", flat=True)
    )


@receiver(post_delete, sender=get_image_model(), dispatch_uid="listing-logo-deleted")
def update_listing_on_logo_deleted(sender, instance, **kwargs):
    update_listing(getattr(instance, "_logo_of", []))
