"""Adding a language to a running atlas: one command gives it its page tree."""

from django.core.management import call_command

import pytest

from directory.models import OrganisationPage
from tests.core.test_translation import translated_organisation

pytestmark = pytest.mark.django_db


def test_a_new_language_gets_an_alias_of_every_page_once(site_tree, settings):
    page = translated_organisation(site_tree, title="Nuage Commun", summary="Ethical hosting.")
    settings.LANGUAGES = [*settings.LANGUAGES, ("es", "Spanish")]
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES
    call_command("sync_locale_tree", "es")
    spanish = OrganisationPage.objects.get(
        translation_key=page.translation_key, locale__language_code="es"
    )
    assert spanish.alias_of_id == page.pk and spanish.field_language("summary") == "en"
    count = OrganisationPage.objects.count()
    call_command("sync_locale_tree", "es")  # idempotent
    assert OrganisationPage.objects.count() == count
