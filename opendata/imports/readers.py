"""Read partners' files as records: CSV (any usual encoding and delimiter), XLSX, JSON, GeoJSON.

Each reader returns the columns it saw and a list of `Record`s: the row number a person
would look for in the file, and a flat dictionary of strings.
"""

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath

from django.utils.translation import gettext as _

from core.spreadsheets import restore_formula_text


class UnreadableFile(ValueError):
    """The file cannot be read in the format given (the message says why)."""


@dataclass
class Record:
    number: int
    values: dict


FORMAT_BY_EXTENSION = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".json": "json",
    ".jsonld": "json",
    ".geojson": "geojson",
}


def detect_format(filename, default="csv"):
    """The format of a file: a peer database's own (the source's), else by its extension."""
    from opendata.imports.peers import PEER_FORMATS

    if default in PEER_FORMATS:
        return default
    return FORMAT_BY_EXTENSION.get(PurePath(filename or "").suffix.lower(), default)


def read_file(content: bytes, fmt: str):
    """(columns, records) from the raw bytes of a file in `fmt`."""
    if fmt == "csv":
        return read_csv(content)
    if fmt == "xlsx":
        return read_xlsx(content)
    if fmt in ("json", "geojson"):
        return read_json(content)
    from opendata.imports.peers import PEER_FORMATS, read_peer

    if fmt in PEER_FORMATS:
        return read_peer(content, fmt)
    raise UnreadableFile(_("Unknown format: %(format)s.") % {"format": fmt})


# --- CSV ---
def decode(content: bytes):
    """Text from UTF-8 (with or without BOM), else Windows-1252, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")


def sniff_delimiter(text):
    """The delimiter of the header line: the most frequent of ; , tab and |, outside quotes."""
    header, in_quotes = [], False
    for char in text:
        if char == '"':
            in_quotes = not in_quotes
        elif char in "\r\n" and not in_quotes:
            break
        elif not in_quotes:
            header.append(char)
    header = "".join(header)
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t", "|")}
    delimiter = max(counts, key=counts.get)
    return delimiter if counts[delimiter] else ","


def read_csv(content: bytes):
    text = decode(content)
    if not text.strip():
        raise UnreadableFile(_("The file is empty."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise UnreadableFile(_("The file has no header row.")) from error
    columns = [column.strip() for column in header]
    records = []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue  # blank line
            # An apostrophe the Atlas's own CSV put before a formula-like text goes again.
            values = {
                column: restore_formula_text(row[index].strip()) if index < len(row) else ""
                for index, column in enumerate(columns)
                if column
            }
            records.append(Record(reader.line_num, values))
    except csv.Error as error:
        raise UnreadableFile(
            _("Line %(line)s cannot be read: %(error)s") % {"line": reader.line_num, "error": error}
        ) from error
    return [column for column in columns if column], records


# --- XLSX ---
def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if not value.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def read_xlsx(content: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise UnreadableFile(_("This is not an Excel (XLSX) file.")) from error
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        columns = [_cell_text(cell) for cell in next(rows)]
    except StopIteration as error:
        raise UnreadableFile(_("The file is empty.")) from error
    records = []
    for number, row in enumerate(rows, start=2):
        cells = [_cell_text(cell) for cell in row]
        if not any(cells):
            continue
        values = {
            column: cells[index] if index < len(cells) else ""
            for index, column in enumerate(columns)
            if column
        }
        records.append(Record(number, values))
    workbook.close()
    return [column for column in columns if column], records


# --- JSON and GeoJSON ---
LIST_KEYS = ("organisations", "organizations", "records", "results", "data", "items", "@graph")


def _flatten(value, prefix=""):
    """Nested objects as dotted keys: {"address": {"city": …}} → {"address.city": …}."""
    flat = {}
    for key, item in value.items():
        if isinstance(item, dict):
            flat.update(_flatten(item, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = _scalar(item)
    return flat


def _scalar(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, dict):
                # e.g. the API's social links: {"network": …, "url": …}
                parts.append(" ".join(_scalar(v) for v in item.values()))
            else:
                parts.append(_scalar(item))
        return "|".join(part for part in parts if part)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value).strip()


def _feature_values(feature):
    values = _flatten(feature.get("properties") or {})
    geometry = feature.get("geometry")
    if geometry:
        if geometry.get("type") == "Point" and len(geometry.get("coordinates") or []) >= 2:
            longitude, latitude = geometry["coordinates"][:2]
            # The geometry is the location, whatever the properties say (see cleaning.gather).
            values["_longitude"], values["_latitude"] = _scalar(longitude), _scalar(latitude)
        else:
            values["_geometry_error"] = geometry.get("type") or "?"
    return values


def read_json(content: bytes):
    try:
        data = json.loads(decode(content))
    except json.JSONDecodeError as error:
        raise UnreadableFile(
            _("This is not valid JSON (line %(line)s): %(error)s")
            % {"line": error.lineno, "error": error.msg}
        ) from error
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        items = [_feature_values(feature) for feature in data.get("features") or []]
    else:
        if isinstance(data, dict):
            data = next((data[key] for key in LIST_KEYS if isinstance(data.get(key), list)), None)
        if not isinstance(data, list):
            raise UnreadableFile(_("The JSON file holds no list of records."))
        items = [_flatten(item) for item in data if isinstance(item, dict)]
    columns = list(dict.fromkeys(key for item in items for key in item if key[0] != "_"))
    records = [
        Record(number, item) for number, item in enumerate(items, start=1) if any(item.values())
    ]
    return columns, records
