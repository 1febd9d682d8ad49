"""Saving a change that the Atlas itself makes to an organisation (an import, the geocoder)."""


def save_changes(page):
    """Save the page's changed fields; a published page gets a published revision, so that the
    editor's next edit (which starts from the latest revision) keeps them, and its French aliases
    follow."""
    if page.latest_revision_id and page.live:
        page.save_revision(clean=False).publish()
    else:
        page.save(clean=False)
        if page.live:
            page.update_aliases()
