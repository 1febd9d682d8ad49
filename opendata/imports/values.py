"""A cleaned record's values (strings of the open data format) as the model's values."""

from datetime import date

from directory.fields import BY_NAME, FIELDS, Kind
from directory.identifiers import parse
from directory.models import OrganisationSocialLink
from opendata.schema import MULTI_SEPARATOR, TRUE, plain_to_rich_text


def _multi(value):
    return [item for item in value.split(MULTI_SEPARATOR) if item]


def _social_links(value):
    links = []
    for pair in _multi(value):
        kind, _sep, url = pair.partition(" ")
        links.append((kind, url))
    return links


# How each kind of field becomes a model value; any other kind stays a string.
TYPERS = {
    Kind.RICH_TEXT: plain_to_rich_text,
    Kind.BOOLEAN: lambda value: value == TRUE,
    Kind.COORDINATE: lambda value: float(value) if value else None,
    Kind.SERVICES: _multi,
    Kind.COUNTRIES: _multi,
    Kind.LANGUAGES: _multi,
    Kind.YEAR: lambda value: int(value) if value else None,
    Kind.DATE: lambda value: date.fromisoformat(value) if value else None,
    Kind.SOCIAL_LINKS: _social_links,
    Kind.IDENTIFIERS: lambda value: parse(value)[0],
}
IMPORTED_FIELDS = [field for field in FIELDS if field.importable and field.kind != Kind.ID]


def typed_values(values):
    """The model's attribute values for a cleaned record (missing fields get the defaults)."""
    typed = {}
    for field in IMPORTED_FIELDS:
        value = values.get(field.name) or (field.default or "")
        typed[field.model_attribute] = TYPERS.get(field.kind, str)(value)
    # A location comes whole or not at all, and never for an organisation online only.
    if typed["online_only"] or typed["latitude"] is None or typed["longitude"] is None:
        typed["latitude"] = typed["longitude"] = None
    return typed


def apply_values(page, values, fields, importer):
    """Set the changed fields of an existing page from a cleaned record."""
    typed = typed_values(values)
    for name in fields:
        field = BY_NAME[name]
        attribute = field.model_attribute
        if field.kind == Kind.COORDINATE:
            page.set_location(typed["latitude"], typed["longitude"])
        elif field.kind == Kind.SECTOR:
            page.sector = importer.sectors[typed[attribute]]
        elif field.kind == Kind.SERVICES:
            page.services = [importer.services[slug] for slug in typed[attribute]]
        elif field.kind == Kind.LANGUAGES:
            page.languages = [importer.languages[code] for code in typed[attribute]]
        elif field.kind == Kind.SOCIAL_LINKS:
            page.social_links = [
                OrganisationSocialLink(kind=kind, url=url, sort_order=order)
                for order, (kind, url) in enumerate(typed[attribute])
            ]
        else:
            setattr(page, attribute, typed[attribute])
            if attribute == "title":
                page.draft_title = typed[attribute]
    if "online_only" in fields and page.online_only:
        page.set_location(None, None)
