"""Erasure (GDPR art. 17): remove an organisation from every place the Atlas stores it."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q

from wagtail.models import Page, PageLogEntry, Revision

from directory.models import OrganisationMerge, OrganisationPage
from opendata.export import invalidate_exports
from opendata.models import DuplicateCandidate, ImportedRecord, ImportRun


def erase_organisation(page):
    """Delete the organisation in every language with its revisions, history, search entries,
    import records, duplicate queue entries and report rows; the exports are rebuilt."""
    key = page.translation_key
    pages = list(OrganisationPage.objects.filter(translation_key=key))
    ids = [p.pk for p in pages]
    names = {p.title for p in pages}
    with transaction.atomic():
        page_type = ContentType.objects.get_for_model(Page)
        Revision.objects.filter(
            base_content_type=page_type, object_id__in=[str(i) for i in ids]
        ).delete()
        PageLogEntry.objects.filter(page_id__in=ids).delete()
        records = ImportedRecord.objects.filter(translation_key=key)
        record_ids = set(records.values_list("record_id", flat=True))
        records.delete()
        DuplicateCandidate.objects.filter(match_id__in=ids).delete()
        # Merges name it (the tombstone left by the deletion holds only its Atlas id).
        OrganisationMerge.objects.filter(Q(merged_key=key) | Q(survivor_key=key)).delete()
        for run in ImportRun.objects.exclude(report=[]):
            kept = [
                row
                for row in run.report
                if row.get("name") not in names and row.get("record_id") not in record_ids
            ]
            if len(kept) != len(run.report):
                run.report = kept
                run.save(update_fields=["report"])
        # Aliases first: deleting an original would turn its aliases into ordinary pages.
        for alias in sorted(pages, key=lambda p: p.alias_of_id is None):
            # Search index and reference index entries go with the page (post_delete).
            Page.objects.get(pk=alias.pk).specific.delete()
        # Deleting logs "deleted <title>": that entry names the organisation too.
        PageLogEntry.objects.filter(page_id__in=ids).delete()
        invalidate_exports()
        transaction.on_commit(invalidate_exports)
    return len(ids)
