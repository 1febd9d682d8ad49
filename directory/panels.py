"""Admin panels of the organisation editor."""

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
