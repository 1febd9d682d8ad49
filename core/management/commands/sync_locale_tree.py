"""Give a newly configured language its page tree: an alias of every page of the default
language, showing its original until someone translates it (what WAGTAILSIMPLETRANSLATION_
SYNC_PAGE_TREE does for pages created later). Idempotent."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.models import Locale, Page

from core.models import TranslatablePage
from core.translation.apply import apply_translation


class Command(BaseCommand):
    help = "Create the aliases of every page in a language's tree (after adding the language)."

    def add_arguments(self, parser):
        parser.add_argument("language", help="A language code of LANGUAGES, e.g. es")

    def handle(self, language, **options):
        if language not in dict(settings.WAGTAIL_CONTENT_LANGUAGES):
            raise CommandError(f"'{language}' is not in WAGTAIL_CONTENT_LANGUAGES.")
        locale, _ = Locale.objects.get_or_create(language_code=language)
        default = Locale.get_default()
        created = 0
        pages = Page.objects.filter(locale=default, depth__gt=1).order_by("path").specific()
        for page in pages.iterator(chunk_size=500):
            if page.has_translation(locale):
                continue
            with transaction.atomic():
                alias = page.copy_for_translation(locale, copy_parents=True, alias=True)
                if isinstance(alias.specific, TranslatablePage):
                    apply_translation(alias.specific)
            created += 1
        self.stdout.write(f"{created} pages created in the '{language}' tree.")
