"""Admin panels for pages translated field by field."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import InlinePanel, Panel

from core.forms import ContentTranslationForm
from core.translation import machine
from core.translation.apply import content_languages
from core.translation.state import TranslationState


class TranslationsPanel(InlinePanel):
    """The original's translations, one block per language, with the 'up to date' box."""

    def __init__(self, relation_name="content_translations", **kwargs):
        kwargs.setdefault("heading", _("Translations"))
        kwargs.setdefault("label", _("Translation"))
        super().__init__(relation_name, **kwargs)

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = ContentTranslationForm
        return options


class TranslationStatePanel(Panel):
    """A table of each language's state, field by field, for the version being edited."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "core/panels/translation_state.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            own = page.locale.language_code if page.locale_id else None
            rows = {row.language: row for row in page.content_translations.all()}
            fields = [page._meta.get_field(name) for name in page.translated_fields]
            languages = []
            for code, name in content_languages():
                if code == own:
                    continue
                row = rows.get(code)
                states = [
                    row.state(field.name, page) if row else TranslationState.NOT_TRANSLATED
                    for field in fields
                ]
                machine_fields = set(row.machine_fields) if row else set()
                languages.append(
                    {
                        "code": code,
                        "name": name,
                        "cells": [
                            {
                                "state": state,
                                "label": TranslationState(state).label,
                                "machine": field.name in machine_fields,
                            }
                            for field, state in zip(fields, states, strict=True)
                        ],
                    }
                )
            context.update(
                {
                    "machine_enabled": machine.is_enabled() and bool(page.pk),
                    "page_id": page.pk,
                    "fields": [field.verbose_name for field in fields],
                    "languages": languages,
                    "own_language": dict(content_languages()).get(own, own),
                    "is_alias": bool(page.alias_of_id),
                }
            )
            return context
