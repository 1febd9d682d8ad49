"""Search indexing of organisation pages inserted in bulk (bulk inserts bypass the signals that
index a page on save): a background task, run after the import or seed has committed."""

from django_tasks import task

from directory import cache as organisation_cache
from directory.filters import FILTERS
from directory.listing import update_listing, warm
from directory.search.index import update_entries


@task()
def index_organisations(page_ids):
    """Add organisation pages inserted in bulk to the search index, after their insert committed.

    Bulk inserts bypass the signals that index a page on save; indexing 20,000 pages (10,000
    organisations and their aliases) takes longer than the import itself on PostgreSQL, so it
    runs after the commit instead of inside the import's transaction. On PostgreSQL a French
    alias's entry is a copy of its original's (the same content), made in SQL.
    """
    from wagtail.search.backends import get_search_backend

    from directory.models import OrganisationPage

    backend = get_search_backend()
    aliases = set()
    if _can_copy_alias_entries(backend):
        aliases = set(
            OrganisationPage.objects.filter(pk__in=page_ids, alias_of__isnull=False).values_list(
                "pk", flat=True
            )
        )
    to_index = [pk for pk in page_ids if pk not in aliases]
    for start in range(0, len(to_index), 1000):
        batch = (
            OrganisationPage.objects.filter(pk__in=to_index[start : start + 1000])
            .select_related("sector")
            .prefetch_related("services")
        )
        backend.add_bulk(OrganisationPage, list(batch))
    if aliases:
        _copy_alias_entries(sorted(aliases))
    # The directory's own per-language search (directory.search) and its listing.
    update_entries(page_ids)
    update_listing(page_ids)
    organisation_cache.invalidate_bulk()
    # The directory's bitmaps, now rather than on a reader's first request (a build).
    warm(FILTERS)
    return len(page_ids)


def _can_copy_alias_entries(backend):
    from django.db import connection

    if connection.vendor != "postgresql":
        return False
    from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

    return isinstance(backend, PostgresSearchBackend)


def _copy_alias_entries(alias_ids):
    """Give each alias the index entry of the page it is an alias of (already indexed)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from wagtail.models import Page
    from wagtail.search.models import IndexEntry

    from directory.models import OrganisationPage

    entries = IndexEntry._meta.db_table
    pages = Page._meta.db_table
    content_type = ContentType.objects.get_for_model(OrganisationPage).pk
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {entries} (content_type_id, object_id, title, autocomplete, body,
                                   title_norm, title_text, body_text)
            SELECT e.content_type_id, CAST(p.id AS varchar), e.title, e.autocomplete, e.body,
                   e.title_norm, e.title_text, e.body_text
            FROM {pages} p
            JOIN {entries} e
              ON e.content_type_id = %s AND e.object_id = CAST(p.alias_of_id AS varchar)
            WHERE p.id = ANY(%s)
            ON CONFLICT (content_type_id, object_id) DO UPDATE SET
                title = EXCLUDED.title, autocomplete = EXCLUDED.autocomplete,
                body = EXCLUDED.body, title_norm = EXCLUDED.title_norm,
                title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text
            """,
            [content_type, list(alias_ids)],
        )
