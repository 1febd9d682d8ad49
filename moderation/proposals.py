"""Turning a public proposal into a draft organisation page awaiting moderation."""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify

from wagtail.models import Locale

from directory.models import DirectoryIndexPage, OrganisationPage
from moderation.models import OrganisationProposal

PAGE_FIELDS = (
    "title",
    "summary",
    "website",
    "country",
    "city",
    "sector",
    "legal_form",
    "supports_transition",
    "provides_tools",
)


def _unique_slug(parent, title):
    base = slugify(title)[:60].strip("-") or "organisation"
    taken = set(
        OrganisationPage.objects.child_of(parent)
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_proposal(data, duplicates=()):
    """A draft page (never live) in the default-language directory, its alias in every other
    language (as the admin makes with WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE, so that approval
    lists it everywhere at once), submitted to the Profile review workflow."""
    default_locale = Locale.get_default()
    directory = DirectoryIndexPage.objects.filter(locale=default_locale).first()
    # The sector was chosen in the reader's language; the page takes its default-language twin.
    sector = data["sector"]
    if sector.locale_id != default_locale.pk:
        sector = sector.get_translation_or_none(default_locale) or sector
    page = OrganisationPage(
        **{name: data[name] for name in PAGE_FIELDS if name != "sector"},
        sector=sector,
        slug=_unique_slug(directory, data["title"]),
        live=False,
        data_source="Proposed through the Atlas's public form",
    )
    directory.add_child(instance=page)
    page.save_revision(log_action=True)
    for locale in Locale.objects.exclude(pk=page.locale_id):
        if not page.has_translation(locale):
            page.copy_for_translation(locale, copy_parents=True, alias=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user=None)
    return OrganisationProposal.objects.create(
        page=page,
        organisation_name=data["title"],
        submitter_name=data["submitter_name"],
        submitter_email=data["submitter_email"],
        submitter_role=data.get("submitter_role", ""),
        message=data.get("message", ""),
        consent=data["consent"],
        language=translation.get_language() or settings.LANGUAGE_CODE,
        possible_duplicates="\n".join(f"{p.title} (#{p.pk})" for p in duplicates),
    )
