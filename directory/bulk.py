"""Bulk insertion of organisation pages, shared by the demo seed and imports."""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connections

from wagtail.models import Page

from core.translation.apply import shown_values
from directory.fields import PLAIN_COLUMNS
from directory.models import OrganisationPage, OrganisationSocialLink, OrganisationTranslation
from directory.validators import format_geo_point


def insert_organisation_pages(parent, rows, locale, sectors, services, languages, alias_of=None):
    """Bulk-insert live organisation pages under `parent` (the demo seed and imports).

    `rows` hold the model's values by attribute name (`sector`, `services` and `languages` as
    slugs and codes, `social_links` as (network, URL) pairs, `slug` and `published_at` set);
    with `alias_of`, each new page is an alias of the page at the same position (the other
    language's tree). Tree paths are computed the way treebeard does, because creating 10,000
    pages one by one through `add_child` takes far longer than an import may.
    """
    content_type = ContentType.objects.get_for_model(OrganisationPage)
    parent = Page.objects.get(pk=parent.pk)
    last_child = parent.get_last_child()
    step = (
        OrganisationPage._str2int(last_child.path[-OrganisationPage.steplen :]) if last_child else 0
    )
    pages = []
    for offset, data in enumerate(rows):
        original = alias_of[offset] if alias_of else None
        page = OrganisationPage(
            title=data["title"],
            draft_title=data["title"],
            slug=data["slug"],
            content_type=content_type,
            path=OrganisationPage._get_path(parent.path, parent.depth + 1, step + offset + 1),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{data['slug']}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=data["published_at"],
            last_published_at=data["published_at"],
            latest_revision_created_at=data["published_at"],
            locale=locale,
            translation_key=original.translation_key if original else uuid.uuid4(),
            alias_of=original,
            show_in_menus=False,
        )
        language = (original or page).locale.language_code
        page.field_languages = {
            "_original": language,
            **dict.fromkeys(OrganisationPage.translated_fields, language),
        }
        for field in PLAIN_COLUMNS:
            if field in data:  # else the model's default
                setattr(page, field, data[field])
        page.sector = sectors[data["sector"]] if data["sector"] else None  # a draft to complete
        if data["latitude"] is not None:
            page.latitude, page.longitude = data["latitude"], data["longitude"]
            page.location = format_geo_point(data["latitude"], data["longitude"])
        pages.append(page)

    # Page rows in bulk, then the OrganisationPage rows (Django cannot bulk-create a
    # multi-table child, so each gets one raw INSERT).
    base_pages = Page.objects.bulk_create(
        [
            Page(
                **{
                    f.attname: getattr(p, f.attname)
                    for f in Page._meta.concrete_fields
                    if f.attname != "id"
                }
            )
            for p in pages
        ]
    )
    for page, base in zip(pages, base_pages, strict=True):
        page.pk = page.id = page.page_ptr_id = base.pk
    # The OrganisationPage rows in one multi-row INSERT per batch: what save_base(raw=True)
    # writes page by page, at a fraction of the cost (10,000 imported rows in time).
    OrganisationPage._base_manager._insert(
        pages, fields=OrganisationPage._meta.local_concrete_fields, raw=True
    )
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))

    service_links, language_links, social_links = [], [], []
    for page, data in zip(pages, rows, strict=True):
        service_links += [
            OrganisationPage.services.through(
                organisationpage_id=page.pk, service_id=services[slug].pk
            )
            for slug in data["services"]
        ]
        language_links += [
            OrganisationPage.languages.through(
                organisationpage_id=page.pk, language_id=languages[code].pk
            )
            for code in data["languages"]
            if code in languages
        ]
        social_links += [
            OrganisationSocialLink(page_id=page.pk, kind=kind, url=url, sort_order=order)
            for order, (kind, url) in enumerate(data["social_links"])
        ]
    OrganisationPage.services.through.objects.bulk_create(service_links)
    OrganisationPage.languages.through.objects.bulk_create(language_links)
    OrganisationSocialLink.objects.bulk_create(social_links)
    return pages


def show_translations(original_ids):
    """Give the aliases of organisations inserted in bulk their language's translated fields
    (what publishing does page by page, see core.translation)."""
    rows = {
        (row.page_id, row.language): row
        for row in OrganisationTranslation.objects.filter(page_id__in=original_ids)
    }
    aliases = list(
        OrganisationPage.objects.filter(alias_of_id__in=original_ids).select_related("locale")
    )
    for alias in aliases:
        language = alias.locale.language_code
        values, languages = shown_values(
            alias,
            rows.get((alias.alias_of_id, language)),
            language,
            alias.field_languages.get("_original", language),
        )
        for name in OrganisationPage.translated_fields:
            setattr(alias, name, values.get(name, getattr(alias, name)))
        alias.field_languages = languages
    update_columns(aliases, [*OrganisationPage.translated_fields, "field_languages"])


def update_columns(pages, names, batch_size=500):
    """Write these fields of many organisation pages, one `UPDATE … FROM (VALUES …)` a batch
    (PostgreSQL, SQLite ≥ 3.33). Django's `bulk_update` builds a CASE per field of n WHENs:
    for 20,000 aliases that cost 30 s of Python, most of a 10,000-organisation seed's
    translations (measured with cProfile)."""
    if not pages:
        return
    connection = connections[OrganisationPage.objects.db]
    quote = connection.ops.quote_name
    fields = [OrganisationPage._meta.get_field(name) for name in names]
    assert all(field.model is OrganisationPage for field in fields), "only the page's own table"
    assignments = ", ".join(
        f"{quote(field.column)} = CAST(v.column{number} AS {field.db_type(connection)})"
        for number, field in enumerate(fields, start=2)
    )
    table, pk = OrganisationPage._meta.db_table, OrganisationPage._meta.pk.column
    row = "(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(pages), batch_size):
            batch = pages[start : start + batch_size]
            params = []
            for page in batch:
                params.append(page.pk)
                params += [
                    field.get_db_prep_save(getattr(page, field.attname), connection)
                    for field in fields
                ]
            cursor.execute(
                f"UPDATE {quote(table)} SET {assignments} "
                f"FROM (VALUES {', '.join([row] * len(batch))}) AS v "
                f"WHERE {quote(table)}.{quote(pk)} = v.column1",
                params,
            )
