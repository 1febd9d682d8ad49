"""Turning a public proposal into a draft organisation page awaiting moderation."""

from django.conf import settings
from django.db import transaction
from django.utils import translation

from wagtail.coreutils import find_available_slug
from wagtail.models import Locale

from core.slugs import slug_from_title
from directory.choices import PUBLIC_FORM_SOURCE
from directory.fields import PUBLIC_FORM_FIELDS
from directory.models import DirectoryIndexPage, OrganisationPage
from directory.signals import location_wanted
from moderation.models import OrganisationProposal

# The page fields a proposal fills: those the field registry puts on the public form.
PAGE_FIELDS = [field.model_attribute for field in PUBLIC_FORM_FIELDS]


def _unique_slug(parent, title):
    """A slug free among the directory's children, numbered as Wagtail does ("-1", "-2"…)."""
    return find_available_slug(parent, slug_from_title(title))


@transaction.atomic
def create_proposal(data, duplicates=()):
    """A draft page (never live) in the reader's language's directory — written in their
    language, it is the original there — with its alias in every other language (as the admin
    makes with WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE, so that approval lists it everywhere at
    once), submitted to the Profile review workflow."""
    default_locale = Locale.get_default()
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        locale = default_locale
    directory = (
        DirectoryIndexPage.objects.filter(locale=locale).first()
        or DirectoryIndexPage.objects.filter(locale=default_locale).first()
    )
    # The sector was chosen in the reader's language; the page takes its default-language twin.
    sector = data["sector"]
    if sector.locale_id != default_locale.pk:
        sector = sector.get_translation_or_none(default_locale) or sector
    page = OrganisationPage(
        **{name: data[name] for name in PAGE_FIELDS if name != "sector"},
        sector=sector,
        slug=_unique_slug(directory, data["title"]),
        live=False,
        data_source=PUBLIC_FORM_SOURCE,
    )
    directory.add_child(instance=page)
    page.save_revision(log_action=True)
    for locale in Locale.objects.exclude(pk=page.locale_id):
        if not page.has_translation(locale):
            page.copy_for_translation(locale, copy_parents=True, alias=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user=None)
    if page.needs_location and page.address:
        # Geocoded after the commit when a geocoder is configured (opendata listens).
        page_ids = [page.pk]
        transaction.on_commit(
            lambda: location_wanted.send(sender=OrganisationPage, page_ids=page_ids)
        )
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
