"""The map's own compact payload: columns of small integers, in the order of a space-filling curve.

Every dot the map draws and filters costs a few bytes, so that 100,000 organisations stay under
8 bytes each once gzipped (see the README, "Map payload format"). The body is binary:

    "ATLM" · format (u8) · 3 zero bytes · header length (u32, little-endian) · header · columns

The header is UTF-8 JSON padded with spaces to a multiple of 4 bytes: the collection's `version`,
the `count` of organisations, the coordinates' `scale` (units per degree), the `vocabulary` the
columns' small integers point into, and the `columns` as [name, type, length in bytes] in the
order they follow, each padded with zero bytes to a multiple of 4 (so that a Uint16Array can
view a u16 column in place).

Coordinates are quantised to 1/scale degree (1e-5, about a metre, as before) and shifted to
non-negative integers x = (lng + 180)·scale, y = (lat + 90)·scale; the organisations are ordered
by the Morton code (the bits of x and y interleaved) of their place, so that neighbours on the
map are neighbours in the data; the `cells` column holds the differences between consecutive
Morton codes (small numbers; 0 for a place shared with the previous organisation) as unsigned
little-endian integers of `width` bytes (the header's column type is "planes:<width>"), stored
byte plane by byte plane: all the lowest bytes, then all the next ones… The high planes are
nearly all zeros, which deflate shrinks to almost nothing. The other columns hold one small
integer per organisation (an index into the vocabulary; `roles` a bit per role); the
multi-valued ones (`services`, `languages`) a count per organisation in one column and the
indexes, one after the other, in another. Deflate's Huffman coding then does the rest: a column
of indexes into a vocabulary of n values costs about log2(n) bits, not 8.

The position of an organisation in this order is what the details and search endpoints take,
with the collection's version (directory.views).
"""

import hashlib
import json
import struct

MAGIC = b"ATLM"
FORMAT = 1
SCALE = 100_000  # units per degree: 1e-5 degree, about a metre

# (name, vocabulary key): one index per organisation.
SINGLE = (("sector", "sectors"), ("form", "forms"), ("country", "countries"))
# (name, vocabulary key): a list of indexes per organisation.
MULTI = (("services", "services"), ("languages", "languages"))


HEADER_KEYS = {"version", "count", "scale", "vocabulary", "columns"}


class FormatError(ValueError):
    """The bytes are not a map payload this code can read."""


def _spread(value):
    """The bits of a non-negative integer, spaced out with a zero bit between each two."""
    result, bit = 0, 0
    while value:
        # Sixteen bits at a time through a table: 100,000 places in a fraction of a second.
        result |= _SPREAD16[value & 0xFFFF] << bit
        value >>= 16
        bit += 32
    return result


_SPREAD16 = []
for _n in range(1 << 16):
    _r = 0
    for _b in range(16):
        _r |= ((_n >> _b) & 1) << (2 * _b)
    _SPREAD16.append(_r)
del _n, _r, _b


def _compact(value):
    """The inverse of _spread: every other bit, packed together."""
    result, bit = 0, 0
    while value:
        chunk = value & 0xFFFFFFFF
        result |= _COMPACT16[chunk & 0xFFFF] << bit
        result |= _COMPACT16[chunk >> 16] << (bit + 8)
        value >>= 32
        bit += 16
    return result


_COMPACT16 = [0] * (1 << 16)
for _i, _s in enumerate(_SPREAD16[:256]):
    for _j, _t in enumerate(_SPREAD16[:256]):
        _COMPACT16[_s | (_t << 1)] = _i
del _i, _s, _j, _t


def quantise(lng, lat, scale=SCALE):
    """A place as non-negative integers (x for longitude, y for latitude)."""
    return round((lng + 180) * scale), round((lat + 90) * scale)


def morton(x, y):
    """x's bits at the even positions, y's at the odd ones."""
    return _spread(x) | (_spread(y) << 1)


def unmorton(code):
    return _compact(code), _compact(code >> 1)


def _planes(values):
    """Non-negative integers as byte planes: the type ("planes:<width>") and the bytes."""
    width = max(1, (max(values, default=0).bit_length() + 7) // 8)
    data = b"".join(bytes((value >> (8 * k)) & 0xFF for value in values) for k in range(width))
    return f"planes:{width}", data


def _read_planes(kind, data, count):
    width = int(kind.split(":")[1])
    if len(data) != width * count:
        raise FormatError("the cells column does not hold one place per organisation")
    values = [0] * count
    for k in range(width):
        plane = data[k * count : (k + 1) * count]
        for i, byte in enumerate(plane):
            values[i] |= byte << (8 * k)
    return values


def _integers(values):
    """A column of small non-negative integers: u8 when they fit, else u16."""
    kind, code = ("u8", "B") if max(values, default=0) < 256 else ("u16", "H")
    if max(values, default=0) >= 65536:
        raise ValueError("a vocabulary of more than 65,536 values")
    return kind, struct.pack(f"<{len(values)}{code}", *values)


def order(records, scale=SCALE):
    """The records' places and the order they go in: by Morton code, ties in the given order."""
    places = [quantise(record["lng"], record["lat"], scale) for record in records]
    codes = [morton(x, y) for x, y in places]
    return codes, sorted(range(len(records)), key=codes.__getitem__)


def encode(records, vocabulary, scale=SCALE):
    """The payload's bytes, and the permutation applied (payload position -> record index).

    The header's `version` is a hash of everything else: the same data gives the same version
    (and ETag) in every process.

    `records` are dicts with lng, lat, sector, form, country (values of the vocabulary's
    sectors, forms, countries), roles (a subset of vocabulary["roles"], at most 8: a bit each),
    freshness (a value of vocabulary["freshness"]), services and languages (lists of
    vocabulary values). Values missing from the vocabulary are an error (KeyError).
    """
    codes, permutation = order(records, scale)
    indexes = {
        key: {value: i for i, value in enumerate(values)} for key, values in vocabulary.items()
    }
    ordered = [records[i] for i in permutation]
    columns = []
    previous = 0
    gaps = []
    for i in permutation:
        gaps.append(codes[i] - previous)
        previous = codes[i]
    columns.append(("cells", *_planes(gaps)))
    for name, key in SINGLE:
        columns.append((name, *_integers([indexes[key][r[name]] for r in ordered])))
    roles = [sum(1 << indexes["roles"][role] for role in set(r["roles"])) for r in ordered]
    columns.append(("roles", *_integers(roles)))
    columns.append(
        ("freshness", *_integers([indexes["freshness"][r["freshness"]] for r in ordered]))
    )
    for name, key in MULTI:
        lists = [sorted(indexes[key][value] for value in r[name]) for r in ordered]
        columns.append((f"{name}_count", *_integers([len(values) for values in lists])))
        columns.append((name, *_integers([value for values in lists for value in values])))
    content = {
        "count": len(records),
        "scale": scale,
        "vocabulary": vocabulary,
        "columns": [[name, kind, len(data)] for name, kind, data in columns],
    }
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode())
    for _name, _kind, data in columns:
        digest.update(data)
    header = {"version": digest.hexdigest()[:24], **content}
    header_bytes = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode()
    header_bytes += b" " * (-len(header_bytes) % 4)
    body = bytearray(MAGIC + bytes([FORMAT, 0, 0, 0]) + struct.pack("<I", len(header_bytes)))
    body += header_bytes
    for _name, _kind, data in columns:
        body += data + b"\0" * (-len(data) % 4)
    return bytes(body), permutation


def decode(body):
    """The header and the records, in payload order (for tests and tools; the map decodes the
    same bytes in static/js/map.js). Coordinates come back quantised, as the map sees them."""
    header = read_header(body)
    (header_length,) = struct.unpack_from("<I", body, 8)
    count, vocabulary = header["count"], header["vocabulary"]
    offset = 12 + header_length
    columns = {}
    for name, kind, length in header["columns"]:
        data = body[offset : offset + length]
        if len(data) != length:
            raise FormatError(f"column {name} is cut short")
        offset += length + (-length % 4)
        if kind.startswith("planes:"):
            columns[name] = _read_planes(kind, data, count)
        else:
            code = {"u8": "B", "u16": "H"}[kind]
            columns[name] = list(struct.unpack(f"<{length // struct.calcsize(code)}{code}", data))
    code, places = 0, []
    for gap in columns["cells"]:
        code += gap
        places.append(unmorton(code))
    scale = header["scale"]
    lists = {}
    for name, _key in MULTI:
        flat, at, per = columns[name], 0, []
        for n in columns[f"{name}_count"]:
            per.append(flat[at : at + n])
            at += n
        lists[name] = per
    records = []
    for position, (x, y) in enumerate(places):
        record = {"lng": x / scale - 180, "lat": y / scale - 90}
        for name, key in SINGLE:
            record[name] = vocabulary[key][columns[name][position]]
        mask = columns["roles"][position]
        record["roles"] = [
            role for bit, role in enumerate(vocabulary["roles"]) if mask & (1 << bit)
        ]
        record["freshness"] = vocabulary["freshness"][columns["freshness"][position]]
        for name, key in MULTI:
            record[name] = [vocabulary[key][i] for i in lists[name][position]]
        records.append(record)
    return header, records


def read_header(body):
    """The header alone (the version, the count, the vocabulary)."""
    if len(body) < 12 or body[:4] != MAGIC:
        raise FormatError("not a map payload")
    if body[4] != FORMAT:
        raise FormatError(f"map payload format {body[4]}, expected {FORMAT}")
    (header_length,) = struct.unpack_from("<I", body, 8)
    try:
        header = json.loads(body[12 : 12 + header_length])
    except ValueError as error:
        raise FormatError("the header is not JSON") from error
    if not isinstance(header, dict) or not set(header) >= HEADER_KEYS:
        raise FormatError(f"the header lacks {', '.join(sorted(HEADER_KEYS))}")
    return header
