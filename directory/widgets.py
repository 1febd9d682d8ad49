"""wagtailgeowidget's Leaflet picker, with Leaflet served by the site instead of a CDN."""

import json

from django import forms
from django.utils.functional import cached_property
from django.utils.html import json_script

from wagtailgeowidget.panels import LeafletPanel
from wagtailgeowidget.widgets import LeafletField

from directory.basemap import basemap_config, basemap_scripts
from directory.validators import GEO_POINT_RE

LEAFLET_CSS = "vendor/leaflet/leaflet.css"
LEAFLET_JS = "vendor/leaflet/leaflet.js"
BASEMAP_CSS = "css/admin-location.css"


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
            # wagtailgeowidget hides the map behind "Click here to initialize map" and leaves the
            # coordinates box empty until then, so a located organisation looks unlocated (and
            # an error such as "latitude 95" sits next to an empty box). Show the saved or
            # submitted point at once; keep the placeholder only when there is none.
            match = GEO_POINT_RE.match(self.value_data or "")
            if match:
                data["showEmptyLocation"] = False
                data["defaultLocation"] = {
                    "lat": float(match["lat"]),
                    "lng": float(match["lng"]),
                }
            attrs["data-leaflet-field-options-value"] = json.dumps(data)
        return attrs

    def render(self, name, value, attrs=None, renderer=None):
        # The basemap's settings for static/js/basemap.js (country outlines and names), as on
        # the public maps: no tile server by default.
        html = super().render(name, value, attrs, renderer)
        return html + json_script(basemap_config(), "basemap-config")

    @cached_property
    def media(self):
        return forms.Media(
            css={"all": ("wagtailgeowidget/css/leaflet-field.css", LEAFLET_CSS, BASEMAP_CSS)},
            js=(
                "wagtailgeowidget/js/leaflet-field.js",
                "wagtailgeowidget/js/leaflet-field-controller.js",
                LEAFLET_JS,
                *basemap_scripts(),
                # After wagtailgeowidget's script: no default pin for an empty location.
                "js/admin-location.js",
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


class MultiChoiceWidget(forms.CheckboxSelectMultiple):
    """A list of checkboxes that shows what is chosen and can be searched.

    A bare multi-select loses the whole selection to one click without Ctrl, out of view. Here a
    click only ever ticks or unticks one choice; the chosen ones are listed above the list (on
    the server, so without JavaScript too) and a small script keeps that list in step, lets
    each be removed by a button, and filters a long list (some 250 countries) as one types.
    """

    # In the app's own templates/: Django's form renderer reads widget templates from the
    # apps (and Django's own form templates), not from the project's template directory.
    template_name = "directory/widgets/multi_choice.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = {str(v) for v in (value or [])}
        choices = list(self.choices)  # may be lazy (countries) or a queryset's iterator
        context["widget"]["chosen"] = [
            str(label) for option_value, label in choices if str(option_value) in chosen
        ]
        context["widget"]["searchable"] = len(choices) > 12
        return context

    @property
    def media(self):
        return forms.Media(
            css={"all": ("css/admin-multichoice.css",)}, js=("js/admin-multichoice.js",)
        )
