"""Each language's page gets its translated fields when the original is published."""

from django.dispatch import receiver

from wagtail.signals import page_published

from core.models import TranslatablePage
from core.translation.apply import apply_translation, mark_original


@receiver(page_published)
def show_translations(sender, instance, alias=False, **kwargs):
    # Wagtail publishes the original, then updates each alias from it and sends this signal
    # again for the alias (alias=True): that is when the alias takes its own language's text.
    if not isinstance(instance, TranslatablePage):
        return
    if instance.alias_of_id:
        apply_translation(instance)
    else:
        mark_original(instance)


# --- The memo of small tables every page reads (core.structure) ---
def _connect_structure_signals():
    from django.db.models.signals import post_delete, post_save

    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.models import Locale, Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from core import structure

    for model in (Locale, PageViewRestriction, Site):
        post_save.connect(structure.invalidate, sender=model, dispatch_uid=f"structure-{model}")
        post_delete.connect(structure.invalidate, sender=model, dispatch_uid=f"structure-d-{model}")

    from wagtail.models import TranslatableMixin

    def setting_saved(sender, created=False, **kwargs):
        # Site settings and translatable vocabularies (sectors, services, themes…), not pages.
        # A site's settings row created with its defaults on first reading changes nothing read.
        setting = issubclass(sender, BaseSiteSetting) and not created
        vocabulary = getattr(sender, "structure_memoised", False) or (
            issubclass(sender, TranslatableMixin) and not issubclass(sender, Page)
        )
        if setting or vocabulary:
            structure.invalidate()

    post_save.connect(setting_saved, weak=False, dispatch_uid="structure-setting-saved")
    post_delete.connect(setting_saved, weak=False, dispatch_uid="structure-setting-deleted")
    # The navigation and each language's home: any page published, unpublished, moved or deleted.
    page_published.connect(structure.invalidate, dispatch_uid="structure-published")
    page_unpublished.connect(structure.invalidate, dispatch_uid="structure-unpublished")
    post_page_move.connect(structure.invalidate, dispatch_uid="structure-moved")

    def page_deleted(sender, instance, **kwargs):
        if isinstance(instance, Page):
            structure.invalidate()

    post_delete.connect(page_deleted, weak=False, dispatch_uid="structure-page-deleted")


_connect_structure_signals()
