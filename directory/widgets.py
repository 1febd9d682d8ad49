"""wagtailgeowidget's Leaflet picker, with Leaflet served by the site instead of a CDN."""

import json

from django import forms
from django.utils.functional import cached_property

from wagtailgeowidget.panels import LeafletPanel
from wagtailgeowidget.widgets import LeafletField

LEAFLET_CSS = "vendor/leaflet/leaflet.css"
LEAFLET_JS = "vendor/leaflet/leaflet.js"


class LocalLeafletField(LeafletField):
    """The same widget, with our own copy of Leaflet and the tile server of the map settings."""

    def build_attrs(self, *args, **kwargs):
        attrs = super().build_attrs(*args, **kwargs)
        options = attrs.get("data-leaflet-field-options-value")
        if options:
            from directory.models import MapSettings

            data = json.loads(options)
            tiles = MapSettings.tiles_for_request()
            data["tileLayer"] = tiles["url"]
            data["tileLayerOptions"] = {"attribution": str(tiles["attribution"])}
            attrs["data-leaflet-field-options-value"] = json.dumps(data)
        return attrs

    @cached_property
    def media(self):
        return forms.Media(
            css={"all": ("wagtailgeowidget/css/leaflet-field.css", LEAFLET_CSS)},
            js=(
                "wagtailgeowidget/js/leaflet-field.js",
                "wagtailgeowidget/js/leaflet-field-controller.js",
                LEAFLET_JS,
            ),
        )


class LocalLeafletPanel(LeafletPanel):
    def widget_overrides(self):
        widget = super().widget_overrides()[self.field_name]
        local = LocalLeafletField(
            address_field=widget.address_field,
            zoom_field=widget.zoom_field,
            hide_latlng=widget.hide_latlng,
            zoom=widget.zoom,
            srid=widget.srid,
            id_prefix="id_",
        )
        return {self.field_name: local}
