"""Saving a change that the Atlas itself makes to an organisation (an import, the geocoder)."""


def save_changes(page):
    """Save the page's changed fields; a published page gets a published revision, so that the
    editor's next edit (which starts from the latest revision) keeps them, and its French aliases
    follow."""
    # Wagtail copies child relations to the aliases with fresh queries (`.order_by("pk")`): on
    # a page from `organisations_with_relations()` that query would start from the prefetch's
    # own queryset, which modelcluster leaves unfiltered, and copy every organisation's links.
    page._prefetched_objects_cache = {}
    if page.latest_revision_id and page.live:
        page.save_revision(clean=False).publish()
    else:
        page.save(clean=False)
        if page.live:
            page.update_aliases()
