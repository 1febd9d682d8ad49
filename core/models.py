"""Abstract models shared by the apps (no tables of their own)."""

from functools import lru_cache

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index

from core.translation.state import TranslationState, fingerprint, is_blank


class TranslatableVocabulary(TranslatableMixin, index.Indexed, models.Model):
    """A term of a controlled vocabulary, translated per locale and filtered on by its slug.

    The slug stays the same in every language, so that a filter URL such as `?sector=hosting`
    works on every translation of a page.
    """

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_(
            "Used in filter URLs. Keep the same slug in every language so that shared links "
            "work across translations."
        ),
    )
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


@lru_cache(maxsize=64)
def language_of_locale(locale_id):
    """A locale's language code, once per process (a locale never changes language)."""
    return Locale.objects.filter(pk=locale_id).values_list("language_code", flat=True).first()


class TranslatablePage(models.Model):
    """A page written once in its original language and translated field by field.

    The translations are rows of a `ContentTranslation` subclass on the original page (its
    `content_translations`); each language's alias shows them (see core.translation).
    `field_languages` records, on every page, the language each translated field is shown in
    (and the original's language under "_original"): cards, search and JSON-LD read it without
    a query.
    """

    field_languages = models.JSONField(
        _("language of each field"), default=dict, blank=True, editable=False
    )

    # The names of the fields translated per language, in the subclass.
    translated_fields = ()

    class Meta:
        abstract = True

    @property
    def original_language(self):
        return self.field_languages.get("_original") or language_of_locale(self.locale_id)

    def field_language(self, name):
        """The language field `name` is shown in on this page."""
        return self.field_languages.get(name) or self.original_language

    @property
    def is_original(self):
        return self.alias_of_id is None


class ContentTranslation(models.Model):
    """One language's translation of an original page's translated fields.

    `source_fingerprints` holds, per field, a digest of the original's text when the field was
    last translated or confirmed: a different digest today means the original changed since and
    the translation "needs update".
    """

    language = models.CharField(_("language"), max_length=10)
    source_fingerprints = models.JSONField(default=dict, blank=True, editable=False)
    # Fields filled by a machine suggestion and not yet edited or confirmed by a person.
    machine_fields = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        abstract = True

    def __str__(self):
        return self.language

    @property
    def translated_fields(self):
        return self._meta.get_field("page").related_model.translated_fields

    def state(self, name, original):
        if is_blank(getattr(self, name)):
            return TranslationState.NOT_TRANSLATED
        if self.source_fingerprints.get(name) == fingerprint(getattr(original, name)):
            return TranslationState.TRANSLATED
        return TranslationState.NEEDS_UPDATE

    def stamp(self, names, original, machine=False):
        """Record that fields `names` now translate the original's current text."""
        self.source_fingerprints = {
            **self.source_fingerprints,
            **{name: fingerprint(getattr(original, name)) for name in names},
        }
        machine_fields = set(self.machine_fields) - set(names)
        if machine:
            machine_fields |= set(names)
        self.machine_fields = sorted(machine_fields)
