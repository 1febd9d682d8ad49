"""The organisation page's admin form."""

from core.forms import TranslatablePageForm


class OrganisationPageForm(TranslatablePageForm):
    """Offer the sectors and services of the page's own language only.

    Every vocabulary entry exists once per language with the same slug; listing both would show
    editors 'Hosting' next to 'Hébergement' and let them mix languages on one profile. Values
    already chosen stay on offer, even in another language, so that saving never drops them.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
        if locale_id is None:
            return
        chosen = {
            "sector": [self.instance.sector_id] if self.instance.sector_id else [],
            "services": [service.pk for service in self.instance.services.all()]
            if self.instance.pk
            else [],
        }
        for name, chosen_pks in chosen.items():
            field = self.fields.get(name)
            if field is None or not field.queryset.filter(locale_id=locale_id).exists():
                continue
            field.queryset = field.queryset.filter(locale_id=locale_id) | field.queryset.filter(
                pk__in=chosen_pks
            )
