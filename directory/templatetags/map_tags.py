"""The basemap's settings and scripts for a page with a map (the map page, a profile)."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join, json_script

from directory.basemap import basemap_config, basemap_scripts

register = template.Library()


@register.simple_tag(takes_context=True)
def basemap(context):
    """The basemap's JSON settings and its scripts (deferred, before the page's map script)."""
    request = context.get("request")
    config = basemap_config(request)
    scripts = format_html_join(
        "", '<script src="{}" defer></script>', ((static(path),) for path in basemap_scripts())
    )
    if config["pmtiles"] and not config["tiles"]["url"]:
        scripts = format_html(
            '<script src="{}" defer></script>{}',
            static("vendor/protomaps-leaflet/protomaps-leaflet.js"),
            scripts,
        )
    return format_html("{}{}", json_script(config, "basemap-config"), scripts)
