"""Template tags of the open data: where an organisation's data comes from."""

from django import template

from core.i18n import content_language
from opendata.attribution import credits_for
from opendata.linked_data import profile_document
from opendata.rows import organisation_row, page_record, typed_row
from opendata.vocabularies import site_root

register = template.Library()


@register.inclusion_tag("opendata/includes/about_this_data.html")
def about_this_data(page):
    """The "About this data" panel of a profile: its sources, licences and dates."""
    return {"page": page, "data_credits": credits_for(page)}


@register.simple_tag(takes_context=True)
def organisation_json_ld(context, page):
    """The profile's JSON-LD data (for `{% json_ld %}`): the page, in the language of the text
    it shows, about the organisation, built like every organisation of the JSON-LD export."""
    request = context.get("request")
    page_url = page.get_full_url(request)
    record = page_record(page)
    typed = typed_row(organisation_row(record, page_url))
    return profile_document(typed, site_root(request), page_url, content_language(page))
