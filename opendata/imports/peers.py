"""The formats of the peer databases that hold most SSE data today, read without a mapping.

Each has its own built-in column mapping (a moderator may still save another on the source);
its values (legal forms, categories) are matched like any file's (`matching`). Field names come
from each format's public documentation:

* GoGoCarto / Transiscope: the JSON of `/api/elements.json` (`data`: `id`, `name`, `geo`
  {`latitude`, `longitude`}, `address` {`streetAddress`, `postalCode`, `addressLocality`,
  `addressCountry`}, `categories`, `description`, `descriptionMore`, `website`, `email`,
  `telephone`).
* OpenFairDB / Karte von morgen: `/entries` JSON and the CSV export (`id`, `title`,
  `description`, `lat`, `lng`, `street`, `zip`, `city`, `country`, `homepage`, `email`,
  `telephone`, `tags`, `categories`, `license`, `contact_name`).
* DigitalCommons / ESSGlobal "standard CSV" (`Identifier`, `Name`, `Description`,
  `Organisational Structure`, `Primary Activity`, `Street Address`, `Locality`, `Postcode`,
  `Country Name`, `Website`, `Phone`, `Email`, `Latitude`, `Longitude`).
* Murmurations: an index's node list (`data`: `profile_url`…), each profile fetched and read
  by `organizations_schema-v1.0.0` (`name`, `primary_url`, `mission`, `description`,
  `locality`, `country_name`, `geolocation` {`lat`, `lon`}, `email`, `tags`).
"""

import json

from django.utils.translation import gettext as _

from opendata.imports.readers import Record, UnreadableFile, decode, read_csv, read_json

GOGOCARTO, OPENFAIRDB = "gogocarto", "openfairdb"
ESSGLOBAL, MURMURATIONS = "essglobal", "murmurations"

PEER_FIELDS = {
    GOGOCARTO: {
        "id": "source_record_id",
        "name": "name",
        "description": "summary",
        "descriptionMore": "description",
        "geo.latitude": "latitude",
        "geo.longitude": "longitude",
        "address.streetAddress": "address",
        "address.postalCode": "postcode",
        "address.addressLocality": "city",
        "address.addressCountry": "country",
        "categories": "sector",
        "website": "website",
        "email": "email",
        "telephone": "phone",
        "identifiers": "identifiers",
    },
    OPENFAIRDB: {
        "id": "source_record_id",
        "title": "name",
        "description": "description",
        "lat": "latitude",
        "lng": "longitude",
        "street": "address",
        "zip": "postcode",
        "city": "city",
        "country": "country",
        "homepage": "website",
        "email": "email",
        "telephone": "phone",
        "tags": "sector",
        "contact_name": "contact_name",
        "identifiers": "identifiers",
    },
    ESSGLOBAL: {
        "Identifier": "source_record_id",
        "Name": "name",
        "Description": "description",
        "Organisational Structure": "legal_form",
        "Primary Activity": "sector",
        "Street Address": "address",
        "Locality": "city",
        "Postcode": "postcode",
        "Country Name": "country",
        "Website": "website",
        "Phone": "phone",
        "Email": "email",
        "Latitude": "latitude",
        "Longitude": "longitude",
    },
    MURMURATIONS: {
        "profile_url": "source_record_id",
        "name": "name",
        "mission": "summary",
        "description": "description",
        "primary_url": "website",
        "locality": "city",
        "country_name": "country",
        "geolocation.lat": "latitude",
        "geolocation.lon": "longitude",
        "email": "email",
        "tags": "sector",
        "identifiers": "identifiers",
    },
}
PEER_FORMATS = tuple(PEER_FIELDS)


# The identifier scheme of each peer's own id, and the column that holds it: an organisation
# imported from a peer carries the peer's id (`directory.identifiers`), so that a re-import, or
# the same organisation from another source that knows that id, matches it.
PEER_IDS = {
    GOGOCARTO: ("gogocarto", "id"),
    OPENFAIRDB: ("kvm", "id"),
    MURMURATIONS: ("murmurations", "profile_url"),
}


def read_peer(content, fmt):
    columns, records = _read_peer(content, fmt)
    if fmt in PEER_IDS:
        scheme, column = PEER_IDS[fmt]
        for record in records:
            own = str(record.values.get("identifiers") or "").strip()
            peer_id = str(record.values.get(column) or "").strip()
            pairs = [f"{scheme}:{peer_id}"] if peer_id else []
            record.values["identifiers"] = "|".join(pairs + ([own] if own else []))
        if "identifiers" not in columns:
            columns = [*columns, "identifiers"]
    return columns, records


def _read_peer(content, fmt):
    if fmt == GOGOCARTO:
        return read_json(content)
    if fmt == OPENFAIRDB:  # its JSON API or its CSV export
        return read_json(content) if decode(content).lstrip()[:1] in "[{" else read_csv(content)
    if fmt == ESSGLOBAL:
        return read_csv(content)
    if fmt == MURMURATIONS:
        return read_murmurations_index(content)
    raise UnreadableFile(_("Unknown format: %(format)s.") % {"format": fmt})


def read_murmurations_index(content):
    """The nodes of an index answer, each read from its profile (fetched from `profile_url`);
    a profile that cannot be fetched is read from what the index says of it."""
    from opendata.imports.fetch import INTERACTIVE_TIMEOUT, FetchError, fetch
    from opendata.imports.readers import _flatten

    try:
        data = json.loads(decode(content))
    except json.JSONDecodeError as error:
        raise UnreadableFile(_("This is not a Murmurations index answer (JSON).")) from error
    nodes = data.get("data") if isinstance(data, dict) else data
    if not isinstance(nodes, list):
        raise UnreadableFile(_("This is not a Murmurations index answer (no “data” list)."))
    records = []
    for number, node in enumerate(nodes, start=1):
        if not isinstance(node, dict) or node.get("status") == "deleted":
            continue
        values = _flatten(node)
        url = node.get("profile_url", "")
        if url:
            try:
                fetched = fetch(url, "json", timeout=INTERACTIVE_TIMEOUT)
                profile = json.loads(decode(fetched.content))
            except (FetchError, json.JSONDecodeError):
                values["_warning"] = _("profile not fetched: read from the index")
            else:
                if isinstance(profile, dict):
                    values.update(_flatten(profile))
                    values["profile_url"] = url
        # The index names the location's fields apart from the profile's.
        values.setdefault("geolocation.lat", values.pop("latitude", ""))
        values.setdefault("geolocation.lon", values.pop("longitude", ""))
        values.setdefault("country_name", values.pop("country", ""))
        records.append(Record(number, values))
    columns = list(dict.fromkeys(key for record in records for key in record.values))
    return [column for column in columns if column[0] != "_"], records
