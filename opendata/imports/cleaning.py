"""Turn one source record into Atlas values, or reasons to reject it.

Only what makes a record unusable rejects it: no name, nothing to locate or identify it, an
unsafe URL, impossible coordinates. A record that lacks what publishing needs (a summary, a
sector, a legal form, a country, a role) comes in as a draft "to complete" (`missing_values`);
a value that cannot be read (an unknown service, a malformed email…) is left out with a warning.

Values come out in the open data format (`schema.py`): the same strings an export would
write, so that a record and an existing organisation compare as strings. Each field is read by
the rule of its kind in the field registry (`directory.fields`); a few rules span fields
(provenance, country, summary, location, roles).
"""

import re
import uuid
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.choices import SocialNetwork
from directory.fields import BY_NAME, FIELDS, PROVENANCE_FIELDS, Kind, max_length
from directory.identifiers import format_identifiers
from directory.identifiers import parse as parse_identifiers
from directory.models import TO_COMPLETE, Language, Sector, Service
from opendata.gdpr import is_mobile_number, is_personal_email, strip_personal_data
from opendata.imports.parsing import (
    SUMMARY_LIMIT,
    choice_labels,
    country_code,
    email_validator,
    is_language_code,
    mask,
    normalise_url,
    parse_bool,
    parse_coordinate,
    parse_date,
    split_multi,
    url_validator,
)
from opendata.schema import MULTI_SEPARATOR, TRUE


@dataclass
class Vocabulary:
    """Sector and service slugs, with their names in every language, and language codes."""

    sectors: dict
    services: dict
    languages: set

    @classmethod
    def load(cls):

        def names(model):
            lookup = {}
            for slug, name in model.objects.values_list("slug", "name"):
                lookup[slug.casefold()] = slug
                lookup.setdefault(name.strip().casefold(), slug)
            return lookup

        return cls(
            sectors=names(Sector),
            services=names(Service),
            languages=set(Language.objects.values_list("code", flat=True)),
        )


@dataclass
class Cleaned:
    values: dict = field(default_factory=dict)
    reasons: list = field(default_factory=list)
    dropped: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


# The fields whose absence makes a new record a draft to complete (see directory TO_COMPLETE):
# the role is two booleans, of which one must be true.
ROLE_FIELDS = ("supports_transition", "provides_tools")
# Enough to find the organisation: somewhere on a map, or its website.
LOCATING_FIELDS = ("country", "city", "postcode", "address", "latitude", "website")
UNSAFE_SCHEME = re.compile(r"^\s*(javascript|data|vbscript|file):", re.IGNORECASE)


def missing_values(values):
    """What a cleaned record lacks before its organisation can be published, in the order of
    directory's TO_COMPLETE: summary, sector, legal_form, country, role."""
    missing = []
    for name in TO_COMPLETE:
        if name == "role":
            if all(values.get(role) != TRUE for role in ROLE_FIELDS):
                missing.append(name)
        elif not values.get(name):
            missing.append(name)
    return missing


def without_missing(values, missing):
    """The values an update may write: a field a record lacks is not a field it empties."""
    drop = set(missing) | (set(ROLE_FIELDS) if "role" in missing else set())
    return {name: value for name, value in values.items() if name not in drop}


class RecordCleaner:
    """Cleans records of one source, with its mapping and the Atlas's vocabularies."""

    def __init__(self, source, mapping, vocabulary, atlas_format):
        self.source = source
        self.fields = mapping["fields"]
        self.value_map = mapping["values"]
        self.legal_basis = bool(mapping["legal_basis"])
        self.vocabulary = vocabulary
        self.atlas_format = atlas_format

    def _mapped(self, name, value):
        """The Atlas value the source's value stands for (or its default when empty)."""
        table = self.value_map.get(name)
        if not table:
            return value
        if not value.strip():
            return table.get("", value)
        return table.get(value.strip().casefold(), value)

    def _mapped_multi(self, name, value):
        table = self.value_map.get(name)
        parts = split_multi(value)
        if not table:
            return parts
        if not parts and "" in table:
            return split_multi(table[""])
        return [table.get(part.casefold(), part) for part in parts]

    def gather(self, raw):
        """{atlas field: raw string} for the fields this record provides."""
        gathered = {}
        for column, value in raw.items():
            if column.startswith("_"):
                continue
            name = column if self.atlas_format else self.fields.get(column)
            if name:
                gathered[name] = value if isinstance(value, str) else str(value)
        if "_latitude" in raw:  # a GeoJSON point
            gathered["latitude"], gathered["longitude"] = raw["_latitude"], raw["_longitude"]
        if not self.atlas_format:
            # Value mappings with an empty source value are defaults for absent fields too.
            for name, table in self.value_map.items():
                if name not in gathered and "" in table:
                    gathered[name] = ""
        return gathered

    def clean(self, raw):
        """The record's values in the open data format, and why it cannot be imported."""
        result = Cleaned()
        data = self.gather(raw)
        if raw.get("_warning"):  # from the reader, e.g. a peer's profile not fetched
            result.warnings.append(raw["_warning"])
        if raw.get("_geometry_error"):
            result.reasons.append(
                _("invalid coordinates: geometry %(type)s is not a point")
                % {"type": raw["_geometry_error"]}
            )
        self._identity(data, result)
        # The country first: phone numbers are read in its national format.
        country = self._country(data, result)
        for spec in RULES_BY_KIND:
            if spec.name in data:
                RULES[spec.kind](self, spec, data[spec.name], result, country)
        self._summary(result)
        self._location(data, result)
        if not any(result.values.get(name) for name in LOCATING_FIELDS):
            result.reasons.append(
                _(
                    "nothing to locate or identify it: no country, city, address, coordinates "
                    "or website"
                )
            )
        if data.get("contact_name", "").strip():
            result.dropped.append(_("a person's name (contact_name)"))
        return result

    # --- Identity, provenance and country ---
    def _identity(self, data, result):
        values, reasons = result.values, result.reasons
        if data.get("atlas_id", "").strip():
            try:
                values["atlas_id"] = str(uuid.UUID(data["atlas_id"].strip()))
            except ValueError:
                reasons.append(_("invalid atlas_id '%(value)s'") % {"value": data["atlas_id"]})
        name = " ".join(data.get("name", "").split())
        if not name:
            reasons.append(_("missing name"))
        values["name"] = name[: max_length(BY_NAME["name"])]
        # The Atlas's own export keeps its provenance columns, even when empty.
        keep = self.atlas_format
        values["source"] = data["source"].strip() if keep and "source" in data else self.source.name
        values["source_licence"] = (
            data["source_licence"].strip()
            if keep and "source_licence" in data
            else self.source.licence
        )
        values["source_record_id"] = data.get("source_record_id", "").strip()

    def _country(self, data, result):
        if "country" not in data:
            return ""
        value = self._mapped("country", data["country"])
        code = country_code(value)
        if code is None:
            result.warnings.append(
                _("unknown country '%(value)s' (no mapping): to complete") % {"value": value}
            )
        elif code:
            result.values["country"] = code
        return code or ""

    # --- One rule per kind of field ---
    def _text(self, field, value, result, country):
        result.values[field.name] = " ".join(value.split())[: max_length(field)]

    def _free_text(self, field, value, result, country):
        """Summary and description; personal data inside them is removed without a legal basis."""
        text, removed = strip_personal_data(value.strip(), country)
        if removed and not self.legal_basis:
            result.dropped += [f"{field.name}: {mask(item)}" for item in removed]
        else:
            text = value.strip()
        result.values[field.name] = text.replace("\r\n", "\n")

    def _left_out(self, field, value, result):
        message = _("%(field)s '%(value)s' cannot be read: left out")
        result.warnings.append(message % {"field": field.name, "value": value})

    def _url(self, field, value, result, country):
        if UNSAFE_SCHEME.match(value):
            result.reasons.append(_("unsafe URL '%(value)s'") % {"value": value})
            return
        url = normalise_url(value)
        if url:
            try:
                url_validator(url)
            except ValidationError:
                self._left_out(field, value, result)
                return
        result.values[field.name] = url

    def _email(self, field, value, result, country):
        email = value.strip().removeprefix("mailto:")
        if email:
            try:
                email_validator(email)
            except ValidationError:
                self._left_out(field, email, result)
                return
            if is_personal_email(email) and not self.legal_basis:
                result.dropped.append(_("personal email %(value)s") % {"value": mask(email)})
                email = ""
        result.values[field.name] = email

    def _phone(self, field, value, result, country):
        phone = " ".join(value.split())[: max_length(field)]
        if is_mobile_number(phone, country) and not self.legal_basis:
            result.dropped.append(_("mobile number %(value)s") % {"value": mask(phone)})
            phone = ""
        result.values[field.name] = phone

    def _boolean(self, field, value, result, country):
        parsed = parse_bool(self._mapped(field.name, value))
        if parsed is None:
            result.warnings.append(
                _("%(field)s should be true or false, not '%(value)s': left out")
                % {"field": field.name, "value": value}
            )
            return
        result.values[field.name] = parsed

    def _sector(self, field, value, result, country):
        # One sector: the value's, else the first of a list (a peer's categories) that maps.
        parts = [value, *value.split(MULTI_SEPARATOR)] if MULTI_SEPARATOR in value else [value]
        for part in parts:
            slug = self.vocabulary.sectors.get(self._mapped(field.name, part).strip().casefold())
            if slug:
                result.values[field.name] = slug
                return
        if self._mapped(field.name, value).strip():
            result.warnings.append(
                _("unknown sector '%(value)s' (no mapping): to complete") % {"value": value}
            )

    def _choice(self, field, value, result, country):
        value = self._mapped(field.name, value).strip()
        if not value:
            if not field.required and field.default is not None:
                result.values[field.name] = str(field.default)
            return
        choices = field.choices
        key = value if value in choices.values else choice_labels(choices).get(value.casefold())
        if key is None:
            result.warnings.append(
                _("unknown %(field)s '%(value)s' (no mapping): %(outcome)s")
                % {
                    "field": field.name,
                    "value": value,
                    "outcome": _("to complete") if field.required else _("left out"),
                }
            )
        else:
            result.values[field.name] = key

    def _multi(self, field, value, result, country):
        """Services, languages and countries served: each part read, unknown ones rejected."""
        read = MULTI_READERS[field.kind]
        items = []
        for part in self._mapped_multi(field.name, value):
            item = read(self, part)
            if item:
                items.append(item)
            else:
                message = MULTI_UNKNOWN[field.kind]
                result.warnings.append(message % {"value": part})
        result.values[field.name] = MULTI_SEPARATOR.join(sorted(set(items)))

    def _service(self, value):
        return self.vocabulary.services.get(value.casefold())

    def _language(self, value):
        code = value.lower()
        return code if code in self.vocabulary.languages or is_language_code(code) else None

    def _served_country(self, value):
        return country_code(value)

    def _year(self, field, value, result, country):
        text = value.strip().removesuffix(".0")
        if text and (not text.isdigit() or not 1800 <= int(text) <= date.today().year):
            self._left_out(field, text, result)
            return
        result.values[field.name] = str(int(text)) if text else ""

    def _date(self, field, value, result, country):
        text = value.strip()
        parsed = parse_date(text) if text else None
        if text and parsed is None:
            self._left_out(field, text, result)
            return
        result.values[field.name] = parsed.isoformat() if parsed else ""

    def _identifiers(self, field, value, result, country):
        """Each pair validated by its scheme's rule; a wrong one is left out with a warning."""
        identifiers, errors = parse_identifiers(value)
        for error in errors:
            result.warnings.append(_("identifier left out: %(error)s") % {"error": error})
        result.values[field.name] = format_identifiers(identifiers)

    def _social_links(self, field, value, result, country):
        links = []
        for pair in (part.strip() for part in value.split(MULTI_SEPARATOR)):
            if not pair:
                continue
            kind, _sep, url = pair.partition(" ")
            if not url:
                kind, url = SocialNetwork.OTHER.value, kind
            if kind not in SocialNetwork.values:
                kind = SocialNetwork.OTHER.value
            url = url.strip()
            if UNSAFE_SCHEME.match(url):
                result.reasons.append(_("unsafe URL '%(value)s'") % {"value": url})
                continue
            try:
                url_validator(url)
            except ValidationError:
                self._left_out(field, url, result)
                continue
            links.append(f"{kind} {url}")
        result.values[field.name] = MULTI_SEPARATOR.join(links)

    # --- Rules across fields ---
    def _summary(self, result):
        """The summary, or the description's beginning; at most 300 characters."""
        values = result.values
        summary = " ".join(values.get("summary", "").split())
        if not summary and values.get("description"):
            summary = " ".join(values["description"].split())
            result.warnings.append(_("summary taken from the description"))
        if len(summary) > SUMMARY_LIMIT:
            summary = summary[: SUMMARY_LIMIT - 1].rsplit(" ", 1)[0] + "…"
            result.warnings.append(_("summary shortened to 300 characters"))
        if summary:
            values["summary"] = summary
        else:
            values.pop("summary", None)
        if "description" in values:
            values["description"] = "\n\n".join(
                " ".join(part.split()) for part in re.split(r"\n\s*\n", values["description"])
            ).strip()

    def _location(self, data, result):
        """Latitude and longitude come as a pair, within range, and not at 0, 0."""
        if "latitude" not in data and "longitude" not in data:
            return
        values = result.values
        raw_lat, raw_lng = data.get("latitude", "").strip(), data.get("longitude", "").strip()
        if values.get("online_only") == TRUE or (not raw_lat and not raw_lng):
            values["latitude"] = values["longitude"] = ""
            return
        lat, lng = parse_coordinate(raw_lat), parse_coordinate(raw_lng)
        if (
            lat is None
            or lng is None
            or not -90 <= lat <= 90
            or not -180 <= lng <= 180
            or (lat == 0 and lng == 0)
        ):
            result.reasons.append(
                _("invalid coordinates '%(lat)s, %(lng)s'") % {"lat": raw_lat, "lng": raw_lng}
            )
            return
        values["latitude"], values["longitude"] = f"{lat:.6f}", f"{lng:.6f}"


# The rule that reads each kind of field (the registry says which kind a field is). Name,
# provenance, country, summary and location are read by the rules across fields above.
RULES = {
    Kind.TEXT: RecordCleaner._text,
    Kind.RICH_TEXT: RecordCleaner._free_text,
    Kind.SUMMARY: RecordCleaner._free_text,
    Kind.URL: RecordCleaner._url,
    Kind.EMAIL: RecordCleaner._email,
    Kind.PHONE: RecordCleaner._phone,
    Kind.BOOLEAN: RecordCleaner._boolean,
    Kind.SECTOR: RecordCleaner._sector,
    Kind.CHOICE: RecordCleaner._choice,
    Kind.SERVICES: RecordCleaner._multi,
    Kind.LANGUAGES: RecordCleaner._multi,
    Kind.COUNTRIES: RecordCleaner._multi,
    Kind.YEAR: RecordCleaner._year,
    Kind.DATE: RecordCleaner._date,
    Kind.SOCIAL_LINKS: RecordCleaner._social_links,
    Kind.IDENTIFIERS: RecordCleaner._identifiers,
}
MULTI_READERS = {
    Kind.SERVICES: RecordCleaner._service,
    Kind.LANGUAGES: RecordCleaner._language,
    Kind.COUNTRIES: RecordCleaner._served_country,
}
MULTI_UNKNOWN = {
    Kind.SERVICES: gettext_lazy("unknown service '%(value)s' (no mapping): left out"),
    Kind.LANGUAGES: gettext_lazy("unknown language '%(value)s': left out"),
    Kind.COUNTRIES: gettext_lazy("unknown country '%(value)s': left out"),
}
# Free text first (the description, then the summary), then the registry's order.
_ACROSS = {"atlas_id", "name", "country", *PROVENANCE_FIELDS}
RULES_BY_KIND = sorted(
    (
        field
        for field in FIELDS
        if field.importable and field.name not in _ACROSS and field.kind in RULES
    ),
    key=lambda field: {Kind.RICH_TEXT: 0, Kind.SUMMARY: 1}.get(field.kind, 2),
)
