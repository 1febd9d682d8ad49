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
