"""Template tags of the open data: where an organisation's data comes from."""

from django import template

from opendata.attribution import credits_for

register = template.Library()


@register.inclusion_tag("opendata/includes/about_this_data.html")
def about_this_data(page):
    """The "About this data" panel of a profile: its sources, licences and dates."""
    return {"page": page, "data_credits": credits_for(page)}
