"""Abstract models shared by the apps (no tables of their own)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


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
