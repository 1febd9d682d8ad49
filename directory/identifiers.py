"""External identifiers of an organisation: company and association registers, VAT, Wikidata,
OpenStreetMap and the peer databases' own ids.

An organisation carries them as one dict {scheme: value} (`OrganisationPage.identifiers`),
each value normalised by its scheme's rule, so that the same identifier written two ways
("SIRET 123 456 789 00012", "12345678900012") compares equal. In the open data format they are
one column, "scheme:value" pairs separated by "|"; in the API an object; in the JSON-LD a
schema.org `identifier` PropertyValue each, plus `sameAs` for those that are addresses on the
web (Wikidata, OpenStreetMap).

Identical identifiers are the strongest evidence that two records are one organisation: the
importer and the duplicate finder match them before names and distance.

Adding a scheme is one `Scheme` below.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

SEPARATOR = "|"


def luhn_ok(digits):
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _compact(value):
    return re.sub(r"[\s.\-/]", "", value).upper()


def _siren(value):
    value = _compact(value)
    if not re.fullmatch(r"\d{9}", value):
        raise ValidationError(_("A SIREN is 9 digits."))
    if not luhn_ok(value):
        raise ValidationError(_("This SIREN's check digit is wrong."))
    return value


# La Poste's establishments share one SIREN and are numbered outside the Luhn rule: their
# SIRET's digits add up to a multiple of 5.
LA_POSTE = "356000000"


def _siret(value):
    value = _compact(value)
    if not re.fullmatch(r"\d{14}", value):
        raise ValidationError(_("A SIRET is 14 digits."))
    if value.startswith(LA_POSTE) and value != "35600000000048":
        valid = sum(int(char) for char in value) % 5 == 0
    else:
        valid = luhn_ok(value) and luhn_ok(value[:9])
    if not valid:
        raise ValidationError(_("This SIRET's check digits are wrong."))
    return value


def _rna(value):
    value = _compact(value)
    if not re.fullmatch(r"W\d{9}", value):
        raise ValidationError(_("An RNA number is W followed by 9 digits (W751234567)."))
    return value


def _kvk(value):
    value = _compact(value)
    if not re.fullmatch(r"\d{8}", value):
        raise ValidationError(_("A KVK number is 8 digits."))
    return value


def _companies_house(value):
    value = _compact(value)
    if re.fullmatch(r"\d{1,8}", value):
        value = value.zfill(8)
    if not re.fullmatch(
        r"(\d{8}|(SC|NI|OC|SO|NC|R0|IP|SP|CE|CS|LP|SL|NL|FC|GE|RC|AC)\d{6})", value
    ):
        raise ValidationError(
            _("A Companies House number is 8 digits, or 2 letters and 6 digits (SC123456).")
        )
    return value


def _vat(value):
    value = _compact(value)
    if not re.fullmatch(r"(EL|[A-Z]{2})[0-9A-Z+*]{2,12}", value):
        raise ValidationError(
            _("A VAT number starts with its country's two letters (FR, DE, BE…).")
        )
    if value.startswith("FR") and re.fullmatch(r"FR\d{11}", value):
        key, siren = int(value[2:4]), int(value[4:])
        if key != (12 + 3 * (siren % 97)) % 97:
            raise ValidationError(_("This French VAT number's key is wrong."))
    return value


def _wikidata(value):
    value = value.strip()
    match = re.fullmatch(
        r"(?:https?://(?:www\.)?wikidata\.org/(?:wiki|entity)/)?([Qq][1-9]\d*)", value
    )
    if not match:
        raise ValidationError(_("A Wikidata item is Q followed by a number (Q42)."))
    return match[1].upper()


OSM_TYPES = ("node", "way", "relation")


def _openstreetmap(value):
    value = value.strip()
    match = re.fullmatch(
        r"(?:https?://(?:www\.)?openstreetmap\.org/)?(node|way|relation)[/:\s]?([1-9]\d*)",
        value,
        re.IGNORECASE,
    )
    if not match:
        raise ValidationError(
            _("An OpenStreetMap object is node, way or relation and its number (node/123).")
        )
    return f"{match[1].lower()}/{match[2]}"


def _kvm(value):
    value = value.strip().lower().replace("-", "")
    if not re.fullmatch(r"[0-9a-f]{32}", value):
        raise ValidationError(_("A Karte von morgen id is 32 hexadecimal characters."))
    return value


def _gogocarto(value):
    value = value.strip()
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", value):
        raise ValidationError(_("A GoGoCarto id is letters, digits, - or _ (at most 64)."))
    return value


def _murmurations(value):
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname or " " in value:
        raise ValidationError(_("A Murmurations node is its profile's address (https://…)."))
    return value


@dataclass(frozen=True)
class Scheme:
    key: str  # in the open data format, e.g. "siret:12345678900012"
    label: str
    clean: object  # value → normalised value, or ValidationError
    url: str = ""  # the identifier's page, {value} replaced: `sameAs` in the JSON-LD
    property_id: str = ""  # its PropertyValue's propertyID, when not the key


SCHEMES = {
    scheme.key: scheme
    for scheme in (
        Scheme("siren", _("SIREN (France)"), _siren),
        Scheme("siret", _("SIRET (France)"), _siret),
        Scheme("rna", _("RNA (French associations)"), _rna),
        Scheme("kvk", _("KVK (Netherlands)"), _kvk),
        Scheme("companies_house", _("Companies House (UK)"), _companies_house),
        Scheme("vat", _("VAT number (EU)"), _vat),
        Scheme("wikidata", _("Wikidata"), _wikidata, url="https://www.wikidata.org/wiki/{value}"),
        Scheme(
            "osm", _("OpenStreetMap"), _openstreetmap, url="https://www.openstreetmap.org/{value}"
        ),
        Scheme("kvm", _("Karte von morgen"), _kvm),
        Scheme("gogocarto", _("GoGoCarto"), _gogocarto),
        Scheme("murmurations", _("Murmurations node"), _murmurations),
    )
}
# What people write before a value in a file or the admin, mapped to the scheme.
ALIASES = {
    "companieshouse": "companies_house",
    "companies house": "companies_house",
    "crn": "companies_house",
    "openstreetmap": "osm",
    "kartevonmorgen": "kvm",
    "karte von morgen": "kvm",
    "openfairdb": "kvm",
    "tva": "vat",
    "ust-idnr": "vat",
    "btw": "vat",
    "murmurations node": "murmurations",
}


def scheme_of(word):
    word = " ".join(word.strip().lower().replace("_", " ").split())
    return SCHEMES.get(word.replace(" ", "_")) or SCHEMES.get(ALIASES.get(word, ""))


def clean_identifier(scheme, value):
    """The value normalised by its scheme's rule; ValidationError when not valid."""
    known = scheme_of(scheme)
    if known is None:
        raise ValidationError(_("Unknown identifier scheme '%(scheme)s'.") % {"scheme": scheme})
    return known.key, known.clean(value)


def parse(text):
    """({scheme: value}, [error messages]) from "scheme:value" pairs separated by "|" or lines."""
    identifiers, errors = {}, []
    for pair in re.split(r"[|\n]", text or ""):
        pair = pair.strip()
        if not pair:
            continue
        scheme, sep, value = pair.partition(":")
        # A Murmurations node or a URL-shaped value keeps its own colons.
        if not sep or not value.strip():
            errors.append(_("'%(pair)s' is not scheme:value.") % {"pair": pair})
            continue
        try:
            key, cleaned = clean_identifier(scheme, value)
        except ValidationError as error:
            errors.append(f"{scheme.strip()}: {' '.join(error.messages)}")
            continue
        identifiers[key] = cleaned
    return identifiers, errors


def format_identifiers(identifiers):
    """The open data format: "scheme:value" pairs, in the schemes' order, separated by "|"."""
    identifiers = identifiers or {}
    return SEPARATOR.join(f"{key}:{identifiers[key]}" for key in SCHEMES if identifiers.get(key))


def pairs(identifiers):
    """(scheme, value) of each identifier: what two records are matched by."""
    return [(key, value) for key, value in (identifiers or {}).items() if key in SCHEMES and value]


def same_as(identifiers):
    """The addresses on the web of the identifiers that have one (Wikidata, OpenStreetMap)."""
    return [
        SCHEMES[key].url.format(value=value)
        for key, value in pairs(identifiers)
        if SCHEMES[key].url
    ]


class IdentifiersFormField(forms.CharField):
    """One identifier a line, "scheme: value"; an error names each wrong line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *args, **kwargs):
        for name in ("encoder", "decoder", "max_length"):
            kwargs.pop(name, None)
        kwargs.setdefault(
            "help_text",
            _("One a line, scheme: value. Schemes: %(schemes)s.") % {"schemes": ", ".join(SCHEMES)},
        )
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, dict):
            return "\n".join(f"{key}: {val}" for key, val in value.items())
        return value

    def to_python(self, value):
        if isinstance(value, dict):
            return value
        identifiers, errors = parse(super().to_python(value))
        if errors:
            raise ValidationError(errors)
        return identifiers

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (initial or {})
        except ValidationError:
            return True


class IdentifiersField(models.JSONField):
    """{scheme: value}, edited as lines of "scheme: value" and validated per scheme."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": IdentifiersFormField, **kwargs})

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        errors = []
        for key, item in (value or {}).items():
            try:
                clean_identifier(key, str(item))
            except ValidationError as error:
                errors += [f"{key}: {message}" for message in error.messages]
        if errors:
            raise ValidationError(errors)
