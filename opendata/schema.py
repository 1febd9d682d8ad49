"""The Atlas's open data format: one column per public field, shared by exports and imports.

Exports write these columns; imports read them back with no mapping at all, and a partner's
mapping names them as targets. Every value is a string in a stable textual form, so that an
export compared with an import is a comparison of strings.
"""

import html
import re
from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

MULTI_SEPARATOR = "|"
TRUE, FALSE = "true", "false"


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    importable: bool = True


COLUMNS = [
    Column("atlas_id", _("Stable identifier of the organisation on the Atlas (a UUID).")),
    Column("name", _("Name of the organisation (required).")),
    Column("summary", _("One or two sentences, at most 300 characters (required).")),
    Column(
        "description", _("Longer presentation, plain text; paragraphs separated by a blank line.")
    ),
    Column("website", _("Website address, starting with http:// or https://.")),
    Column("email", _("Organisational public email (never a person's own address).")),
    Column("phone", _("Organisational public phone (never a mobile number of a person).")),
    Column("address", _("Street address.")),
    Column("postcode", _("Postcode.")),
    Column("city", _("City.")),
    Column("country", _("Country of the head office, ISO 3166-1 alpha-2 code (FR, BE, DE…).")),
    Column("latitude", _("WGS 84 latitude in decimal degrees; empty when unknown.")),
    Column("longitude", _("WGS 84 longitude in decimal degrees; empty when unknown.")),
    Column("online_only", _("true when the organisation has no public premises.")),
    Column("sector", _("Sector slug (see the directory's sector filter).")),
    Column(
        "legal_form",
        _(
            "Legal form family: cooperative, mutual, association, foundation, "
            "social_enterprise, other."
        ),
    ),
    Column("national_legal_form", _("Legal form as written in the country (SCIC, ASBL, eG…).")),
    Column("supports_transition", _("true if it supports SSE organisations' digital transition.")),
    Column("provides_tools", _("true if it provides open / alternative digital tools.")),
    Column("services", _("Service slugs separated by |.")),
    Column("scope", _("local, regional, national, european or international.")),
    Column("countries_served", _("ISO 3166-1 alpha-2 codes separated by |.")),
    Column("languages", _("ISO 639-1 language codes separated by |.")),
    Column("founded_year", _("Year founded.")),
    Column("staff_size", _("0, 1-9, 10-49, 50-249 or 250+.")),
    Column("open_source", _("true if committed to open source.")),
    Column("open_source_note", _("Note on the open-source commitment.")),
    Column("social_links", _("'network URL' pairs separated by |, e.g. 'mastodon https://…'.")),
    Column("source", _("Name of the data source the record comes from.")),
    Column("source_record_id", _("Identifier of the record in its source.")),
    Column("source_licence", _("Licence of the source.")),
    Column(
        "last_verified", _("Date a moderator or the organisation last confirmed it (YYYY-MM-DD).")
    ),
    Column(
        "profile_url", _("Address of the profile on the Atlas (export only)."), importable=False
    ),
    Column(
        "last_published",
        _("Date and time of the last publication (export only)."),
        importable=False,
    ),
]
COLUMN_NAMES = [column.name for column in COLUMNS]
IMPORTABLE = [column.name for column in COLUMNS if column.importable]
# Fields a partner's record may carry but that the Atlas never stores: their values are
# dropped at import (GDPR) and named in the report.
PERSONAL_FIELDS = ["contact_name"]
MAPPABLE_FIELDS = [name for name in IMPORTABLE if name != "atlas_id"] + PERSONAL_FIELDS
# How the admin names each field in a mapping: in words, with the export's column name.
FIELD_LABELS = {
    "name": _("Name"),
    "summary": _("Summary"),
    "description": _("Description"),
    "website": _("Website"),
    "email": _("Organisational email"),
    "phone": _("Organisational phone"),
    "address": _("Street address"),
    "postcode": _("Postcode"),
    "city": _("City"),
    "country": _("Country"),
    "latitude": _("Latitude"),
    "longitude": _("Longitude"),
    "online_only": _("Online only"),
    "sector": _("Sector"),
    "legal_form": _("Legal form"),
    "national_legal_form": _("National legal form"),
    "supports_transition": _("Supports the digital transition"),
    "provides_tools": _("Provides open digital tools"),
    "services": _("Services"),
    "scope": _("Scope"),
    "countries_served": _("Countries served"),
    "languages": _("Languages of service"),
    "founded_year": _("Year founded"),
    "staff_size": _("Staff size"),
    "open_source": _("Open source"),
    "open_source_note": _("Open-source note"),
    "social_links": _("Social links"),
    "source": _("Source name"),
    "source_record_id": _("Record id in the source"),
    "source_licence": _("Source licence"),
    "last_verified": _("Last verified"),
    "contact_name": _("Contact person (personal data: dropped without a legal basis)"),
}


def _labelled(names):
    return [(name, format_lazy("{} ({})", FIELD_LABELS[name], name)) for name in names]


def mappable_choices():
    """The Atlas fields a source's column can fill, for the admin's mapping form."""
    return _labelled(MAPPABLE_FIELDS)


# Fields whose source values can be translated into Atlas values by a value mapping.
VALUE_MAPPED_FIELDS = [
    "sector",
    "legal_form",
    "scope",
    "staff_size",
    "country",
    "services",
    "languages",
    "countries_served",
    "supports_transition",
    "provides_tools",
    "online_only",
    "open_source",
]


def value_mapped_choices():
    """The Atlas fields whose values a source may translate, for the admin's mapping form."""
    return _labelled(VALUE_MAPPED_FIELDS)


# --- Text helpers shared by export and import ---
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def rich_text_to_plain(value):
    """Rich text HTML as plain text, one paragraph per block, blocks separated by a blank line."""
    if not value:
        return ""
    text = _BLOCK_END.sub("\n\n", value)
    text = html.unescape(_TAG.sub("", text))
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", text)]
    return "\n\n".join(part for part in paragraphs if part)


def plain_to_rich_text(value):
    """Plain text as safe rich text: each paragraph escaped in its own <p>."""
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", value or "")]
    return "".join(f"<p>{html.escape(part, quote=False)}</p>" for part in paragraphs if part)


def format_bool(value):
    return TRUE if value else FALSE


def format_coordinate(value):
    return "" if value is None else f"{value:.6f}"


def join_multi(values):
    return MULTI_SEPARATOR.join(values)
