"""Admin forms for pages translated field by field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from core.translation.apply import content_languages
from core.translation.state import is_blank


class ContentTranslationForm(WagtailAdminModelForm):
    """One language's translation, with a box to confirm it after the original changed."""

    reviewed = forms.BooleanField(
        label=_("This translation matches the current original"),
        required=False,
        help_text=_(
            "Tick after checking a translation marked 'needs update' (or a machine suggestion) "
            "that is still right. Fields you edit are marked up to date anyway."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "language" in self.fields:
            self.fields["language"] = forms.ChoiceField(
                label=_("Language"), choices=[("", "---------"), *content_languages()]
            )


class TranslatablePageForm(WagtailAdminPageForm):
    """Checks the translations' languages and records which fields were translated against
    which version of the original (see core.translation)."""

    translations_formset = "content_translations"

    def _translation_forms(self):
        formset = self.formsets.get(self.translations_formset)
        if formset is None:
            return []
        forms_ = []
        for form in formset.forms:
            form.is_valid()  # the page form is cleaned before its formsets (Django caches this)
            data = getattr(form, "cleaned_data", None)
            if data and not data.get("DELETE"):
                forms_.append(form)
        return forms_

    def _own_language(self):
        locale = self.instance.locale if self.instance.locale_id else None
        if locale is None and self.parent_page is not None:
            locale = self.parent_page.locale
        return locale.language_code if locale else None

    def clean(self):
        cleaned_data = super().clean()
        own, seen = self._own_language(), set()
        for form in self._translation_forms():
            language = form.cleaned_data.get("language")
            if language and language == own:
                form.add_error(
                    "language", _("This is the page's own language: edit the fields above.")
                )
            elif language in seen:
                form.add_error("language", _("There is already a translation in this language."))
            seen.add(language)
        return cleaned_data

    def save(self, commit=True):
        page = self.instance  # its fields already hold the submitted values
        for form in self._translation_forms():
            row = form.instance
            if form.cleaned_data.get("reviewed"):
                names = [n for n in page.translated_fields if not is_blank(getattr(row, n))]
            else:
                names = [n for n in page.translated_fields if n in form.changed_data]
            if names:
                row.stamp(names, page)
        return super().save(commit=commit)
