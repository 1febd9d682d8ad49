"""Turn one source record into Atlas values, or reasons to reject it.

Values come out in the open data format (`schema.py`): the same strings an export would
write, so that a record and an existing organisation compare as strings.
"""

import functools
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import translation
from django.utils.translation import gettext as _

from django_countries import countries

from directory.choices import LegalFormFamily, Scope, SocialNetwork, StaffSize
from directory.models import Language, Sector, Service
from directory.models.snippets import EXTRA_LANGUAGE_NAMES
from opendata.gdpr import is_mobile_number, is_personal_email, strip_personal_data
from opendata.schema import FALSE, MULTI_SEPARATOR, TRUE

TRUE_WORDS = {"true", "yes", "y", "1", "x", "oui", "vrai", "ja", "si", "sí", "wahr", "✓"}
FALSE_WORDS = {"false", "no", "n", "0", "non", "faux", "nein", "", "-"}
BOOLEAN_FIELDS = ("online_only", "supports_transition", "provides_tools", "open_source")
MULTI_FIELDS = ("services", "countries_served", "languages")
TEXT_LIMITS = {
    "name": 255,
    "national_legal_form": 80,
    "phone": 40,
    "address": 255,
    "postcode": 20,
    "city": 120,
    "open_source_note": 255,
    "source": 255,
    "source_record_id": 255,
    "source_licence": 100,
}
SUMMARY_LIMIT = 300
_url_validator = URLValidator(schemes=["http", "https"])
_email_validator = EmailValidator()


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


def mask(value):
    """Enough of a dropped value to find it in the source, not enough to keep the data:
    j…@example.org, +33 6… 78."""
    if "@" in value:
        local, domain = value.split("@", 1)
        return f"{local[:1]}…@{domain}"
    digits = value.strip()
    return f"{digits[:4]}… {digits[-2:]}" if len(digits) > 6 else "…"


def parse_bool(value):
    word = value.strip().casefold()
    if word in TRUE_WORDS:
        return TRUE
    if word in FALSE_WORDS:
        return FALSE
    return None


def parse_coordinate(value):
    """A float from '45.76', '45,76' (decimal comma) or ' 45.760 '; None when not a number."""
    text = value.strip().replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def parse_date(value):
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(value.strip()[:19], fmt).date()
        except ValueError:
            continue
    return None


def normalise_url(value):
    url = value.strip()
    if url and "://" not in url and "." in url and " " not in url:
        url = f"https://{url}"
    return url


def split_multi(value):
    return [part.strip() for part in re.split(r"[|;,]", value) if part.strip()]


def country_code(value):
    text = value.strip()
    if not text:
        return ""
    if len(text) == 2 and text.upper() in countries:
        return text.upper()
    if len(text) == 3:
        code = countries.alpha2(text.upper())
        if code:
            return code
    for language in ("en", "fr"):
        with translation.override(language):
            code = countries.by_name(text)
        if code:
            return code
    return None


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
        result = Cleaned()
        data = self.gather(raw)
        values = result.values
        reasons = result.reasons
        country = ""

        if raw.get("_geometry_error"):
            reasons.append(
                _("invalid coordinates: geometry %(type)s is not a point")
                % {"type": raw["_geometry_error"]}
            )

        # --- Identity and provenance ---
        if "atlas_id" in data and data["atlas_id"].strip():
            try:
                values["atlas_id"] = str(uuid.UUID(data["atlas_id"].strip()))
            except ValueError:
                reasons.append(_("invalid atlas_id '%(value)s'") % {"value": data["atlas_id"]})
        name = " ".join(data.get("name", "").split())
        if not name:
            reasons.append(_("missing name"))
        values["name"] = name[: TEXT_LIMITS["name"]]
        if self.atlas_format:
            # The Atlas's own export keeps its provenance columns, even when empty.
            values["source"] = data["source"].strip() if "source" in data else self.source.name
            values["source_licence"] = (
                data["source_licence"].strip() if "source_licence" in data else self.source.licence
            )
        else:
            values["source"] = self.source.name
            values["source_licence"] = self.source.licence
        values["source_record_id"] = data.get("source_record_id", "").strip()

        # --- Country first: phone numbers are read in its national format ---
        if "country" in data:
            value = self._mapped("country", data["country"])
            code = country_code(value)
            if code is None:
                reasons.append(_("unknown country '%(value)s'") % {"value": value})
            elif not code:
                reasons.append(_("missing country"))
            else:
                values["country"] = country = code
        else:
            reasons.append(_("missing country"))

        # --- Free text (personal data inside it is removed) ---
        for text_field in ("description", "summary"):
            if text_field in data:
                text, removed = strip_personal_data(data[text_field].strip(), country)
                if removed and not self.legal_basis:
                    result.dropped += [f"{text_field}: {mask(item)}" for item in removed]
                else:
                    text = data[text_field].strip()
                values[text_field] = text.replace("\r\n", "\n")
        summary = " ".join(values.get("summary", "").split())
        if not summary and values.get("description"):
            summary = " ".join(values["description"].split())
            result.warnings.append(_("summary taken from the description"))
        if len(summary) > SUMMARY_LIMIT:
            summary = summary[: SUMMARY_LIMIT - 1].rsplit(" ", 1)[0] + "…"
            result.warnings.append(_("summary shortened to 300 characters"))
        if not summary:
            reasons.append(_("missing summary"))
        values["summary"] = summary
        if "description" in values:
            values["description"] = "\n\n".join(
                " ".join(part.split()) for part in re.split(r"\n\s*\n", values["description"])
            ).strip()

        for text_field in (
            "national_legal_form",
            "address",
            "postcode",
            "city",
            "open_source_note",
        ):
            if text_field in data:
                values[text_field] = " ".join(data[text_field].split())[: TEXT_LIMITS[text_field]]

        # --- Contact ---
        if "website" in data:
            url = normalise_url(data["website"])
            if url:
                try:
                    _url_validator(url)
                except ValidationError:
                    reasons.append(_("invalid URL '%(value)s'") % {"value": data["website"]})
            values["website"] = url
        if "email" in data:
            email = data["email"].strip().removeprefix("mailto:")
            if email:
                try:
                    _email_validator(email)
                except ValidationError:
                    reasons.append(_("invalid email '%(value)s'") % {"value": email})
                if is_personal_email(email) and not self.legal_basis:
                    result.dropped.append(_("personal email %(value)s") % {"value": mask(email)})
                    email = ""
            values["email"] = email
        if "phone" in data:
            phone = " ".join(data["phone"].split())[: TEXT_LIMITS["phone"]]
            if is_mobile_number(phone, country) and not self.legal_basis:
                result.dropped.append(_("mobile number %(value)s") % {"value": mask(phone)})
                phone = ""
            values["phone"] = phone
        if data.get("contact_name", "").strip():
            result.dropped.append(_("a person's name (contact_name)"))

        # --- Yes / no ---
        for bool_field in BOOLEAN_FIELDS:
            if bool_field in data:
                parsed = parse_bool(self._mapped(bool_field, data[bool_field]))
                if parsed is None:
                    reasons.append(
                        _("%(field)s should be true or false, not '%(value)s'")
                        % {"field": bool_field, "value": data[bool_field]}
                    )
                    parsed = FALSE
                values[bool_field] = parsed
        if values.get("supports_transition") != TRUE and values.get("provides_tools") != TRUE:
            reasons.append(
                _("no role: supports_transition or provides_tools must be true (map a default)")
            )

        # --- Location ---
        self._clean_location(data, values, reasons)

        # --- Classification ---
        if "sector" in data:
            value = self._mapped("sector", data["sector"]).strip()
            slug = self.vocabulary.sectors.get(value.casefold())
            if not value:
                reasons.append(_("missing sector"))
            elif slug is None:
                reasons.append(_("unknown sector '%(value)s' (no mapping)") % {"value": value})
            else:
                values["sector"] = slug
        else:
            reasons.append(_("missing sector"))
        self._choice(data, values, reasons, "legal_form", LegalFormFamily, required=True)
        self._choice(data, values, reasons, "scope", Scope, default=Scope.NATIONAL)
        self._choice(data, values, reasons, "staff_size", StaffSize, default="")

        if "services" in data:
            slugs = []
            for value in self._mapped_multi("services", data["services"]):
                slug = self.vocabulary.services.get(value.casefold())
                if slug is None:
                    reasons.append(_("unknown service '%(value)s' (no mapping)") % {"value": value})
                else:
                    slugs.append(slug)
            values["services"] = MULTI_SEPARATOR.join(sorted(set(slugs)))
        if "languages" in data:
            codes = []
            for value in self._mapped_multi("languages", data["languages"]):
                code = value.lower()
                if code in self.vocabulary.languages or _is_language_code(code):
                    codes.append(code)
                else:
                    reasons.append(_("unknown language '%(value)s'") % {"value": value})
            values["languages"] = MULTI_SEPARATOR.join(sorted(set(codes)))
        if "countries_served" in data:
            codes = []
            for value in self._mapped_multi("countries_served", data["countries_served"]):
                code = country_code(value)
                if not code:
                    reasons.append(_("unknown country '%(value)s'") % {"value": value})
                else:
                    codes.append(code)
            values["countries_served"] = MULTI_SEPARATOR.join(sorted(set(codes)))

        # --- Facts ---
        if "founded_year" in data:
            text = data["founded_year"].strip().removesuffix(".0")
            if text:
                if not text.isdigit() or not 1800 <= int(text) <= date.today().year:
                    reasons.append(_("invalid year founded '%(value)s'") % {"value": text})
                else:
                    values["founded_year"] = str(int(text))
            else:
                values["founded_year"] = ""
        if "last_verified" in data:
            text = data["last_verified"].strip()
            parsed = parse_date(text) if text else None
            if text and parsed is None:
                reasons.append(_("invalid date '%(value)s'") % {"value": text})
            values["last_verified"] = parsed.isoformat() if parsed else ""
        if "social_links" in data:
            values["social_links"] = self._social_links(data["social_links"], reasons)
        return result

    def _clean_location(self, data, values, reasons):
        if "latitude" not in data and "longitude" not in data:
            return
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
            reasons.append(
                _("invalid coordinates '%(lat)s, %(lng)s'") % {"lat": raw_lat, "lng": raw_lng}
            )
            return
        values["latitude"], values["longitude"] = f"{lat:.6f}", f"{lng:.6f}"

    def _choice(self, data, values, reasons, name, choices, required=False, default=None):
        if name not in data:
            if required:
                reasons.append(_("missing %(field)s") % {"field": name})
            return
        value = self._mapped(name, data[name]).strip()
        if not value:
            if required:
                reasons.append(_("missing %(field)s") % {"field": name})
            elif default is not None:
                values[name] = str(default)
            return
        key = value if value in choices.values else _labels(choices).get(value.casefold())
        if key is None:
            reasons.append(
                _("unknown %(field)s '%(value)s' (no mapping)") % {"field": name, "value": value}
            )
        else:
            values[name] = key

    def _social_links(self, value, reasons):
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
            try:
                _url_validator(url)
            except ValidationError:
                reasons.append(_("invalid URL '%(value)s'") % {"value": url})
                continue
            links.append(f"{kind} {url}")
        return MULTI_SEPARATOR.join(links)


@functools.cache
def _labels(choices):
    """Choice values by their English and French labels, e.g. 'coopérative' → cooperative."""
    by_label = {}
    for language in ("en", "fr"):
        with translation.override(language):
            by_label.update({str(label).casefold(): key for key, label in choices.choices})
    return by_label


def _is_language_code(code):
    if code in EXTRA_LANGUAGE_NAMES:
        return True
    try:
        translation.get_language_info(code)
    except KeyError:
        return False
    return len(code) == 2
