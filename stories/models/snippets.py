"""Snippets edited by Communications staff: story authors and the themes vocabulary."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index

from core.models import TranslatableVocabulary


class Author(TranslatableMixin, index.Indexed, models.Model):
    """A person who writes stories for the Atlas (shown with their role and a short bio)."""

    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(
        _("role"),
        max_length=160,
        blank=True,
        help_text=_("e.g. 'Communications officer, Social Tech Atlas'."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Square portrait; only with the person's consent."),
    )
    bio = models.TextField(
        _("short bio"), max_length=500, blank=True, help_text=_("Two sentences at most.")
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("photo"), FieldPanel("bio")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Theme(TranslatableVocabulary):
    """A theme from the stories' controlled vocabulary (digital inclusion, public policy…)."""

    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_(
            "Used in filter URLs such as ?theme=public-policy. Keep the same slug in every "
            "language so that shared links work across translations."
        ),
    )

    class Meta(TranslatableVocabulary.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_theme_slug_locale"),
        ]
