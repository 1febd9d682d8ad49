"""Content translated field by field: what each language's readers see, and the state editors
see (original, translated, needs update, not translated)."""

import re

from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest

from core.translation import TranslationState
from directory.factories import OrganisationPageFactory
from directory.models import DirectoryIndexPage, OrganisationPage, OrganisationTranslation
from tests.directory.conftest import sector

pytestmark = pytest.mark.django_db


def translated_organisation(tree, translations=(), **fields):
    """An English organisation with translation rows, aliased in every other language, then
    published (as the admin does: the aliases exist before the first publication)."""
    fields.setdefault("sector", sector("hosting"))
    directory = DirectoryIndexPage.objects.get(pk=tree.directory.pk)
    page = OrganisationPageFactory(parent=directory, live=False, **fields)
    page.content_translations = [
        OrganisationTranslation(language=language, **values)
        for language, values in dict(translations).items()
    ]
    for row in page.content_translations.all():
        row.stamp([name for name in page.translated_fields if getattr(row, name)], page)
    page.save()
    for locale in Locale.objects.exclude(pk=page.locale_id):
        page.copy_for_translation(locale, copy_parents=True, alias=True)
    page.save_revision().publish()
    return OrganisationPage.objects.get(pk=page.pk)


def alias_in(page, language):
    return OrganisationPage.objects.get(
        translation_key=page.translation_key, locale__language_code=language
    )


def test_each_language_shows_its_translation_and_records_the_field_languages(site_tree):
    page = translated_organisation(
        site_tree,
        {"fr": {"summary": "Hébergement éthique pour les associations."}},
        title="Nuage Commun",
        summary="Ethical hosting for associations.",
        description="<p>A cooperative cloud.</p>",
    )
    french, german = alias_in(page, "fr"), alias_in(page, "de")
    assert french.summary == "Hébergement éthique pour les associations."
    assert french.description == "<p>A cooperative cloud.</p>"  # not translated: the original
    assert french.field_languages == {"_original": "en", "summary": "fr", "description": "en"}
    assert german.summary == "Ethical hosting for associations."
    assert german.field_language("summary") == "en"


def test_an_untranslated_field_renders_with_lang_en_and_a_note(client, site_tree):
    page = translated_organisation(
        site_tree,
        {"fr": {"summary": "Hébergement éthique pour les associations."}},
        title="Nuage Commun",
        summary="Ethical hosting for associations.",
        description="<p>A cooperative cloud.</p>",
    )
    html = client.get(alias_in(page, "fr").url).content.decode()
    assert re.search(r'<p class="lead">Hébergement éthique', html)  # French: no lang needed
    assert re.search(r'aria-label="Description" lang="en">', html)
    assert "Partiellement traduit" in html or "Partly translated" in html
    german = client.get(alias_in(page, "de").url).content.decode()
    assert re.search(r'<p class="lead" lang="en">Ethical hosting', german)
    english = client.get(page.url).content.decode()
    assert '<p class="lead">Ethical hosting' in english
    assert "untranslated-note" not in english


def test_editing_the_original_marks_the_translation_needs_update(site_tree):
    page = translated_organisation(
        site_tree,
        {"fr": {"summary": "Hébergement éthique.", "description": "<p>Un nuage.</p>"}},
        title="Nuage Commun",
        summary="Ethical hosting.",
        description="<p>A cloud.</p>",
    )
    row = page.content_translations.get(language="fr")
    assert row.state("summary", page) == TranslationState.TRANSLATED
    page.summary = "Ethical hosting and email."
    page.save_revision().publish()
    page = OrganisationPage.objects.get(pk=page.pk)
    row = page.content_translations.get(language="fr")
    assert row.state("summary", page) == TranslationState.NEEDS_UPDATE
    assert row.state("description", page) == TranslationState.TRANSLATED
    # Readers still get the (older) French text rather than the English.
    assert alias_in(page, "fr").summary == "Hébergement éthique."


def edit_form_data(page, translations):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "description": rich_text(page.description),
            "sector": page.sector_id,
            "legal_form": page.legal_form,
            "scope": page.scope,
            "country": str(page.country),
            "supports_transition": "on",
            "social_links": inline_formset([]),
            "content_translations": inline_formset(
                translations, initial=sum(1 for row in translations if "id" in row)
            ),
        }
    )


def test_the_admin_records_what_a_translator_edits_and_confirms(admin_client, site_tree):
    page = translated_organisation(
        site_tree,
        {"fr": {"summary": "Hébergement éthique.", "description": "<p>Un nuage.</p>"}},
        title="Nuage Commun",
        summary="Ethical hosting.",
        description="<p>A cloud.</p>",
        supports_transition=True,
    )
    row = page.content_translations.get(language="fr")
    url = f"/admin/pages/{page.pk}/edit/"
    # The original changes: both French fields now need an update.
    data = edit_form_data(
        page,
        [
            {
                "id": row.pk,
                "language": "fr",
                "summary": row.summary,
                "description": rich_text(row.description),
            }
        ],
    )
    data["summary"] = "Ethical hosting and email."
    data["description"] = rich_text("<p>A cloud and a mail server.</p>")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    draft = OrganisationPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    draft_row = next(r for r in draft.content_translations.all() if r.language == "fr")
    assert draft_row.state("summary", draft) == TranslationState.NEEDS_UPDATE
    # The translator updates the summary and confirms the description is still right.
    data = edit_form_data(
        draft,
        [
            {
                "id": row.pk,
                "language": "fr",
                "summary": "Hébergement éthique et courriel.",
                "description": rich_text(row.description),
                "reviewed": "on",
            }
        ],
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302
    draft = OrganisationPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    draft_row = next(r for r in draft.content_translations.all() if r.language == "fr")
    assert draft_row.state("summary", draft) == TranslationState.TRANSLATED
    assert draft_row.state("description", draft) == TranslationState.TRANSLATED
    # The edit view shows the state table.
    html = admin_client.get(url).content.decode()
    assert "data-translation-state" in html


def test_a_translation_in_the_page_own_language_is_refused(admin_client, site_tree):
    page = translated_organisation(site_tree, title="Nuage Commun", supports_transition=True)
    data = edit_form_data(
        page, [{"language": "en", "summary": "Again", "description": rich_text("")}]
    )
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    assert "own language" in response.content.decode()
