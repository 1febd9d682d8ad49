from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        from wagtail.admin.views.account import NameEmailSettingsPanel

        from moderation import signals  # noqa: F401
        from moderation.forms import OptionalNameEmailForm

        # Wagtail builds its account panels in the view itself (no hook replaces one), so the
        # "Name and email" panel's form is swapped here: see OptionalNameEmailForm.
        NameEmailSettingsPanel.form_class = OptionalNameEmailForm
