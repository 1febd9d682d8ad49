"""Controlled vocabularies edited by moderators: sectors, services and languages of service."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from core.models import TranslatableVocabulary
from directory.validators import validate_contrast_against_white

# Languages spoken in Europe that Django's list of languages lacks (or misnames).
EXTRA_LANGUAGE_NAMES = {
    "co": _("Corsican"),
    "mt": _("Maltese"),
    "nb": _("Norwegian Bokmål"),  # Django's own name is spelt without the å, and untranslated
    "oc": _("Occitan"),
    "se": _("Northern Sami"),
}


class Sector(TranslatableVocabulary):
    """A sector of activity; its colour is the colour of its organisations' dots on the map."""

    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_(
            "Used in filter URLs such as ?sector=digital-inclusion. Keep the same slug in every "
            "language so that shared links work across translations."
        ),
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#1f6f8b",
        validators=[validate_contrast_against_white],
        help_text=_(
            "Hexadecimal colour of the map dots and chips, e.g. #1f6f8b. It must contrast at "
            "least 3:1 with white, and should differ clearly from the other sectors' colours."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("colour"),
    ]

    class Meta(TranslatableVocabulary.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_sector_slug_locale"),
        ]


class Service(TranslatableVocabulary):
    """A service an organisation offers, from a controlled vocabulary (UX design, hosting…)."""

    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_("Used in filter URLs such as ?service=hosting. Same slug in every language."),
    )

    class Meta(TranslatableVocabulary.Meta):
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_service_slug_locale"),
        ]


class Language(index.Indexed, models.Model):
    """A language in which an organisation serves people, named by its ISO 639-1 code."""

    # Its codes are memoised by core.structure: a save or delete renews them.
    structure_memoised = True

    code = models.CharField(
        _("code"),
        max_length=8,
        unique=True,
        help_text=_("ISO 639-1 code, e.g. fr, de, ca."),
    )

    panels = [FieldPanel("code")]
    search_fields = [index.SearchField("code")]

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        """The language's name in the reader's language (Django knows most of the names)."""
        if self.code in EXTRA_LANGUAGE_NAMES:
            return str(EXTRA_LANGUAGE_NAMES[self.code])
        try:
            info = translation.get_language_info(self.code)
        except KeyError:
            return self.code
        return str(info["name_translated"]).capitalize() if info else self.code
