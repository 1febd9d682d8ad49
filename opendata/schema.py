"""The Atlas's open data format: one column per public field, shared by exports and imports.

The columns are the organisation fields of `directory.fields`. Exports write them; imports read
them back with no mapping at all, and a partner's mapping names them as targets. Every value is
a string in a stable textual form, so that an export compared with an import is a comparison of
strings.
"""

import html
import re

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from directory.fields import FIELDS

MULTI_SEPARATOR = "|"
TRUE, FALSE = "true", "false"


# The columns, in order, with the documentation the open data page shows: the field registry.
COLUMNS = FIELDS
COLUMN_NAMES = [field.name for field in FIELDS]
IMPORTABLE = [field.name for field in FIELDS if field.importable]
# Fields a partner's record may carry but that the Atlas never stores: their values are
# dropped at import (GDPR) and named in the report.
PERSONAL_FIELDS = ["contact_name"]
MAPPABLE_FIELDS = [name for name in IMPORTABLE if name != "atlas_id"] + PERSONAL_FIELDS
# How the admin names each field in a mapping: in words, with the export's column name.
FIELD_LABELS = {field.name: field.label for field in FIELDS} | {
    "contact_name": _("Contact person (personal data: dropped without a legal basis)"),
}
# Fields whose source values can be translated into Atlas values by a value mapping.
VALUE_MAPPED_FIELDS = [field.name for field in FIELDS if field.value_mapped]


def _labelled(names):
    return [(name, format_lazy("{} ({})", FIELD_LABELS[name], name)) for name in names]


def mappable_choices():
    """The Atlas fields a source's column can fill, for the admin's mapping form."""
    return _labelled(MAPPABLE_FIELDS)


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
