"""Merging a duplicate organisation into another, keeping its links alive, and undoing it.

What the survivor already says stays: the merge only fills the survivor's empty fields from the
duplicate, and adds the duplicate's identifiers. Which side won each field, and from which data
source, is recorded on the merge (`OrganisationMerge.field_sources`) and in the survivor's
history. The duplicate's pages (every language) are unpublished, not deleted; each of their
addresses redirects (301) to the survivor's page in the same language, and a tombstone tells the
API that its Atlas id now lives on as the survivor's.

Undoing (moderators, from the list of merges or the survivor's history) puts back the fields
the duplicate filled, republishes the duplicate and removes its redirects and tombstone.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.contrib.redirects.models import Redirect
from wagtail.log_actions import log

from directory.fields import FIELDS, PROVENANCE_FIELDS, Kind
from directory.models import (
    OrganisationMerge,
    OrganisationPage,
    OrganisationSocialLink,
    Tombstone,
    TombstoneKind,
)

MERGE_ACTION, UNMERGE_ACTION = "atlas.merge", "atlas.unmerge"
# The fields a merge may fill: every public field the organisation stores, but its name and
# where the data comes from (the survivor's own).
MERGED_FIELDS = [
    field
    for field in FIELDS
    if field.importable and field.kind != Kind.ID and field.name not in ("name", *PROVENANCE_FIELDS)
]
SURVIVOR, MERGED, BOTH = "survivor", "merged", "both"


def _value(page, field):
    """The field's value on the page, comparable and empty when unset."""
    if field.kind == Kind.SECTOR:
        return page.sector_id
    if field.kind in (Kind.SERVICES, Kind.LANGUAGES):
        return sorted(item.pk for item in getattr(page, field.name).all())
    if field.kind == Kind.SOCIAL_LINKS:
        return [(link.kind, link.url) for link in page.social_links.all()]
    if field.kind == Kind.COORDINATE:
        return page.latitude if field.name == "latitude" else page.longitude
    if field.kind == Kind.COUNTRIES:
        return sorted(str(code) for code in page.countries_served)
    value = getattr(page, field.model_attribute)
    return str(value) if field.kind == Kind.COUNTRY else value


def _empty(value):
    return value in (None, "", [], {}, False)


def _copy(target, source, field):
    if field.kind == Kind.SECTOR:
        target.sector = source.sector
    elif field.kind in (Kind.SERVICES, Kind.LANGUAGES):
        setattr(target, field.name, list(getattr(source, field.name).all()))
    elif field.kind == Kind.SOCIAL_LINKS:
        target.social_links = [
            OrganisationSocialLink(kind=link.kind, url=link.url, sort_order=link.sort_order)
            for link in source.social_links.all()
        ]
    elif field.kind == Kind.COORDINATE:
        target.online_only = source.online_only
        target.set_location(source.latitude, source.longitude)
    else:
        setattr(target, field.model_attribute, getattr(source, field.model_attribute))


def plan(merged, survivor):
    """{field: {"won", "source"}}: which side's value the survivor keeps, for every field either
    side has a value for."""
    names = {SURVIVOR: survivor.data_source or "Atlas", MERGED: merged.data_source or "Atlas"}
    decided = {}
    for field in MERGED_FIELDS:
        mine, theirs = _value(survivor, field), _value(merged, field)
        if _empty(mine) and _empty(theirs):
            continue
        if field.kind == Kind.IDENTIFIERS and not _empty(theirs) and not _empty(mine):
            won = BOTH if set(theirs.items()) - set(mine.items()) else SURVIVOR
        elif _empty(mine) or (field.kind == Kind.COORDINATE and survivor.latitude is None):
            won = MERGED
        else:
            won = SURVIVOR
        source = f"{names[SURVIVOR]} + {names[MERGED]}" if won == BOTH else names[won]
        decided[field.name] = {"won": won, "source": source}
    return decided


def check(merged, survivor, user):
    if merged.translation_key == survivor.translation_key:
        raise ValidationError(_("An organisation cannot be merged into itself."))
    if merged.alias_of_id or survivor.alias_of_id:
        raise ValidationError(_("Merge the original pages, not their translations."))
    if not survivor.live:
        raise ValidationError(_("The organisation kept must be published."))
    for page in (merged, survivor):
        permissions = page.permissions_for_user(user)
        if not (permissions.can_publish() and user.has_perm("directory.manage_provenance")):
            raise PermissionDenied


def _redirects(merged, survivor):
    """A permanent redirect from each of the duplicate's addresses to the survivor's page in
    the same language (or its original)."""
    survivors = {
        page.locale_id: page
        for page in OrganisationPage.objects.filter(translation_key=survivor.translation_key)
    }
    ids = []
    for page in OrganisationPage.objects.filter(translation_key=merged.translation_key):
        parts = page.get_url_parts()
        if parts is None:
            continue
        site_id, _root, path = parts
        target = survivors.get(page.locale_id, survivor)
        old_path = Redirect.normalise_path(path)
        Redirect.objects.filter(old_path=old_path, site_id=site_id).delete()
        redirect = Redirect.add_redirect(
            old_path, redirect_to=target, is_permanent=True, site=page.get_site()
        )
        ids.append(redirect.pk)
    return ids


@transaction.atomic
def merge(merged, survivor, user):
    """Merge `merged` into `survivor` (both original pages); returns the OrganisationMerge."""
    merged, survivor = merged.specific, survivor.specific
    check(merged, survivor, user)
    before = survivor.get_latest_revision()
    decided = plan(merged, survivor)
    for name, decision in decided.items():
        field = next(field for field in MERGED_FIELDS if field.name == name)
        if decision["won"] == MERGED:
            _copy(survivor, merged, field)
        elif decision["won"] == BOTH:
            survivor.identifiers = {**merged.identifiers, **survivor.identifiers}
    redirect_ids = _redirects(merged, survivor)
    for page in OrganisationPage.objects.filter(translation_key=merged.translation_key, live=True):
        page.unpublish(user=user)
    record = OrganisationMerge.objects.create(
        merged_key=merged.translation_key,
        merged_page=merged,
        merged_title=merged.title,
        survivor=survivor,
        survivor_key=survivor.translation_key,
        field_sources=decided,
        survivor_revision_before=before,
        redirect_ids=redirect_ids,
        created_by=user,
    )
    data = {"merged": merged.title, "merge": record.pk, "fields": decided}
    if any(decision["won"] != SURVIVOR for decision in decided.values()):
        survivor.save_revision(user=user, log_action=False).publish(user=user)
    log(instance=survivor, action=MERGE_ACTION, user=user, data=data)
    Tombstone.objects.update_or_create(
        atlas_id=merged.translation_key,
        defaults={
            "kind": TombstoneKind.MERGED,
            "merged_into": survivor.translation_key,
            "at": timezone.now(),
        },
    )
    return record


@transaction.atomic
def undo(record, user):
    """Put back the survivor's fields the duplicate filled, republish the duplicate, remove
    its redirects and tombstone."""
    if record.undone_at or record.merged_page is None:
        raise ValidationError(_("This merge cannot be undone."))
    survivor = record.survivor.specific
    merged = record.merged_page.specific
    if not user.has_perm("directory.manage_provenance") or not (
        survivor.permissions_for_user(user).can_publish()
    ):
        raise PermissionDenied
    taken = [name for name, decision in record.field_sources.items() if decision["won"] != SURVIVOR]
    if taken and record.survivor_revision_before:
        before = record.survivor_revision_before.as_object()
        for field in MERGED_FIELDS:
            if field.name in taken:
                if field.kind == Kind.IDENTIFIERS:
                    survivor.identifiers = before.identifiers
                else:
                    _copy(survivor, before, field)
        survivor.save_revision(user=user, log_action=False).publish(user=user)
    Redirect.objects.filter(pk__in=record.redirect_ids).delete()
    revision = merged.get_latest_revision()
    if revision:
        revision.publish(user=user)
    Tombstone.objects.filter(atlas_id=record.merged_key).delete()
    record.undone_at, record.undone_by = timezone.now(), user
    record.save(update_fields=["undone_at", "undone_by"])
    log(
        instance=survivor,
        action=UNMERGE_ACTION,
        user=user,
        data={"merged": record.merged_title, "merge": record.pk},
    )
    return record
