"""Keeping the organisations' search entries up to date."""

from collections import defaultdict

from django.db.models import F
from django.utils import translation

from django_countries import countries

from directory.models import OrganisationPage, OrganisationSearchEntry, Sector, Service
from directory.search.terms import terms

BATCH = 500


def vocabulary_names(models):
    """{(slug, language): name} for each translatable vocabulary model given."""
    names = {}
    for model in models:
        for slug, language, name in model.objects.values_list(
            "slug", "locale__language_code", "name"
        ):
            names[(model.__name__, slug, language)] = name
    return names


def country_name(code, language):
    with translation.override(language):
        return str(countries.name(code)) if code else ""


def entry_values(page, language, names, service_slugs):
    """The name terms and text terms of one page shown in `language` (its locale)."""
    field_language = page.field_languages.get
    original = field_language("_original") or language
    body = [
        terms(page.summary, field_language("summary") or original),
        terms(page.description, field_language("description") or original),
        terms(" ".join([page.city, page.national_legal_form, page.postcode]), original),
        terms(country_name(page.country.code, language), language),
        terms(names.get(("Sector", page.sector_slug, language), ""), language),
    ]
    for slug in service_slugs:
        body.append(terms(names.get(("Service", slug, language), ""), language))
    return terms(page.title, original), " ".join(part for part in body if part)


def update_entries(page_ids):
    """Write the search entries of these organisation pages (deleted pages are skipped)."""
    names = vocabulary_names([Sector, Service])
    page_ids = list(page_ids)
    for start in range(0, len(page_ids), BATCH):
        batch = page_ids[start : start + BATCH]
        pages = list(
            OrganisationPage.objects.filter(pk__in=batch)
            .select_related("locale")
            .annotate(sector_slug=F("sector__slug"))
        )
        services = defaultdict(list)
        for page_id, slug in OrganisationPage.services.through.objects.filter(
            organisationpage_id__in=batch
        ).values_list("organisationpage_id", "service__slug"):
            services[page_id].append(slug)
        entries = []
        for page in pages:
            name_terms, body_terms = entry_values(
                page, page.locale.language_code, names, services[page.pk]
            )
            entries.append(
                OrganisationSearchEntry(
                    page_id=page.pk, name_terms=name_terms, body_terms=body_terms
                )
            )
        OrganisationSearchEntry.objects.filter(page_id__in=batch).delete()
        OrganisationSearchEntry.objects.bulk_create(entries)
