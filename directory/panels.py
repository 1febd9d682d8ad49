"""Admin panels of the organisation editor."""

from django.utils.safestring import mark_safe

from wagtail.admin import compare
from wagtail.admin.panels import FieldPanel, HelpPanel, PublishingPanel


class NeedsLocationPanel(HelpPanel):
    """A warning, shown only while a saved organisation needs a location, that says what to do.

    Imports bring in organisations without coordinates; until someone (or the server-side
    geocoder) places them they are missing from the map, and the editor should say so at once.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "directory/admin/needs_location_panel.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def is_shown(self):
            # Not on the "add" form: a page being created has no location yet by nature.
            instance = self.instance
            return bool(instance is not None and instance.pk and instance.needs_location)


class StewardPublishingPanel(PublishingPanel):
    """Wagtail's scheduling fields (go-live and expiry dates), for users with `permission` only.

    A group's own `permission` only hides it; each field must carry the permission for the
    form to leave it out, so that a user without it cannot set a date by a forged POST.
    """

    def __init__(self, permission=None, **kwargs):
        super().__init__(**kwargs)
        self.permission = permission
        self.children = [
            FieldPanel(child.field_name, widget=child.widget, permission=permission)
            for child in self.children
        ]


class CountryListComparison(compare.FieldComparison):
    """A list of countries compared by name: kept, removed (struck through) and added.

    Wagtail compares any field with choices as one value, which fails on a list of countries
    (and would hide which one changed); a reviewer needs to see that Cyprus went and France came.
    """

    def names(self, value):
        return {str(country.code): str(country.name) for country in value or []}

    def htmldiff(self):
        before, after = self.names(self.val_a), self.names(self.val_b)
        changes = []
        for code, name in sorted({**before, **after}.items(), key=lambda item: item[1]):
            if code in before and code in after:
                changes.append(("equal", name))
            elif code in before:
                changes.append(("deletion", name))
            else:
                changes.append(("addition", name))
        parts = []
        for kind, name in changes:
            parts.append(compare.TextDiff([(kind, name)]).to_html())
        return mark_safe(", ".join(parts))  # each part escaped by TextDiff

    def has_changed(self):
        return set(self.names(self.val_a)) != set(self.names(self.val_b))


class CountryListPanel(FieldPanel):
    """A FieldPanel for a list of countries, compared country by country."""

    def get_comparison_class(self):
        return CountryListComparison
