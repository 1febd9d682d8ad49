"""The organisation's public fields, declared once.

Each entry says what the open data format (CSV column, GeoJSON property, API field) calls a
field, how it is typed, labelled and described, which schema.org property carries it, how an
import reads it and whether the public "Add your organisation" form asks for it. The export
columns, the API schema, the import cleaning, the CSV documentation, the bulk insertion and the
proposal form are all built from this table: adding a field to organisations is the model
field, its migration and one entry here (see the README, "How to add a field").
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from directory.choices import LegalFormFamily, Scope, StaffSize


class Kind:
    """How a field's value is written in the open data format (always a string) and typed."""

    TEXT = "text"  # one line, whitespace collapsed, cut to the model's max_length
    RICH_TEXT = "rich_text"  # rich text on the page, plain paragraphs in the open data
    SUMMARY = "summary"  # one or two sentences, taken from the description when missing
    URL = "url"
    EMAIL = "email"
    PHONE = "phone"
    COUNTRY = "country"  # ISO 3166-1 alpha-2
    COORDINATE = "coordinate"  # decimal degrees, WGS 84
    BOOLEAN = "boolean"  # "true" / "false"
    CHOICE = "choice"  # one of `choices`
    SECTOR = "sector"  # a sector slug
    SERVICES = "services"  # service slugs, "|"-separated
    COUNTRIES = "countries"  # ISO 3166-1 alpha-2 codes, "|"-separated
    LANGUAGES = "languages"  # ISO 639-1 codes, "|"-separated
    YEAR = "year"
    DATE = "date"  # YYYY-MM-DD
    DATETIME = "datetime"  # ISO 8601
    SOCIAL_LINKS = "social_links"  # "network URL" pairs, "|"-separated
    ID = "id"  # a UUID
    IDENTIFIERS = "identifiers"  # "scheme:value" pairs, "|"-separated (directory.identifiers)


# The kinds whose values are lists in the API (and "|"-separated strings in the CSV).
MULTI_KINDS = {Kind.SERVICES, Kind.COUNTRIES, Kind.LANGUAGES, Kind.SOCIAL_LINKS}
# The kinds an import's value mapping may translate (source value → Atlas value).
VALUE_MAPPED_KINDS = {
    Kind.SECTOR,
    Kind.CHOICE,
    Kind.COUNTRY,
    Kind.SERVICES,
    Kind.LANGUAGES,
    Kind.COUNTRIES,
    Kind.BOOLEAN,
}


@dataclass(frozen=True)
class OrganisationField:
    """One public field of an organisation, in the open data format."""

    name: str  # the column / property name in every export and the API
    kind: str
    label: str  # how the admin names it (import mappings)
    description: str  # the CSV documentation of the column
    attribute: str = ""  # the model attribute, when it is not `name`
    choices: type | None = None
    required: bool = False  # an import rejects a record without it
    default: str | None = None  # an import's value for an empty cell
    importable: bool = True  # False: export only (computed by the Atlas)
    stored: bool = True  # False: not a column of the organisation page
    # The schema.org Organization property that carries it, dotted when it sits in a nested node
    # (`address.postalCode`: a PostalAddress); several fields may share one (`additionalType`).
    jsonld: str = ""
    public_form: bool = False  # the public "Add your organisation" form asks for it

    @property
    def model_attribute(self):
        return self.attribute or self.name

    @property
    def multiple(self):
        return self.kind in MULTI_KINDS

    @property
    def value_mapped(self):
        return self.importable and self.kind in VALUE_MAPPED_KINDS


F = OrganisationField
FIELDS = (
    # --- Identity ---
    F("atlas_id", Kind.ID, _("Atlas id"), _("Stable identifier of the organisation on the Atlas (a UUID)."), attribute="translation_key", stored=False, jsonld="identifier"),  # noqa: E501
    F("name", Kind.TEXT, _("Name"), _("Name of the organisation (required)."), attribute="title", required=True, jsonld="name", public_form=True),  # noqa: E501
    F("summary", Kind.SUMMARY, _("Summary"), _("One or two sentences, at most 300 characters (required)."), required=True, jsonld="description", public_form=True),  # noqa: E501
    F("description", Kind.RICH_TEXT, _("Description"), _("Longer presentation, plain text; paragraphs separated by a blank line.")),  # noqa: E501
    # --- Contact ---
    F("website", Kind.URL, _("Website"), _("Website address, starting with http:// or https://."), jsonld="url", public_form=True),  # noqa: E501
    F("email", Kind.EMAIL, _("Organisational email"), _("Organisational public email (never a person's own address)."), jsonld="email"),  # noqa: E501
    F("phone", Kind.PHONE, _("Organisational phone"), _("Organisational public phone (never a mobile number of a person)."), jsonld="telephone"),  # noqa: E501
    # --- Location ---
    F("address", Kind.TEXT, _("Street address"), _("Street address."), jsonld="address.streetAddress", public_form=True),  # noqa: E501
    F("postcode", Kind.TEXT, _("Postcode"), _("Postcode."), jsonld="address.postalCode", public_form=True),  # noqa: E501
    F("city", Kind.TEXT, _("City"), _("City."), jsonld="address.addressLocality", public_form=True),
    F("country", Kind.COUNTRY, _("Country"), _("Country of the head office, ISO 3166-1 alpha-2 code (FR, BE, DE…)."), required=True, jsonld="address.addressCountry", public_form=True),  # noqa: E501
    F("latitude", Kind.COORDINATE, _("Latitude"), _("WGS 84 latitude in decimal degrees; empty when unknown."), jsonld="location.geo.latitude"),  # noqa: E501
    F("longitude", Kind.COORDINATE, _("Longitude"), _("WGS 84 longitude in decimal degrees; empty when unknown."), jsonld="location.geo.longitude"),  # noqa: E501
    F("online_only", Kind.BOOLEAN, _("Online only"), _("true when the organisation has no public premises."), public_form=True),  # noqa: E501
    # --- Classification ---
    F("sector", Kind.SECTOR, _("Sector"), _("Sector slug (see the directory's sector filter)."), required=True, jsonld="additionalType", public_form=True),  # noqa: E501
    F("legal_form", Kind.CHOICE, _("Legal form"), _("Legal form family: cooperative, mutual, association, foundation, social_enterprise, other."), choices=LegalFormFamily, required=True, jsonld="additionalType", public_form=True),  # noqa: E501
    F("national_legal_form", Kind.TEXT, _("National legal form"), _("Legal form as written in the country (SCIC, ASBL, eG…).")),  # noqa: E501
    F("supports_transition", Kind.BOOLEAN, _("Supports the digital transition"), _("true if it supports SSE organisations' digital transition."), public_form=True),  # noqa: E501
    F("provides_tools", Kind.BOOLEAN, _("Provides open digital tools"), _("true if it provides open / alternative digital tools."), public_form=True),  # noqa: E501
    F("services", Kind.SERVICES, _("Services"), _("Service slugs separated by |."), jsonld="knowsAbout"),  # noqa: E501
    F("scope", Kind.CHOICE, _("Scope"), _("local, regional, national, european or international."), choices=Scope, default=Scope.NATIONAL),  # noqa: E501
    F("countries_served", Kind.COUNTRIES, _("Countries served"), _("ISO 3166-1 alpha-2 codes separated by |."), jsonld="areaServed"),  # noqa: E501
    F("languages", Kind.LANGUAGES, _("Languages of service"), _("ISO 639-1 language codes separated by |."), jsonld="knowsLanguage"),  # noqa: E501
    # --- Facts ---
    F("founded_year", Kind.YEAR, _("Year founded"), _("Year founded."), jsonld="foundingDate"),
    F("staff_size", Kind.CHOICE, _("Staff size"), _("0, 1-9, 10-49, 50-249 or 250+."), choices=StaffSize, default=""),  # noqa: E501
    F("open_source", Kind.BOOLEAN, _("Open source"), _("true if committed to open source.")),
    F("open_source_note", Kind.TEXT, _("Open-source note"), _("Note on the open-source commitment.")),  # noqa: E501
    F("social_links", Kind.SOCIAL_LINKS, _("Social links"), _("'network URL' pairs separated by |, e.g. 'mastodon https://…'."), stored=False, jsonld="sameAs"),  # noqa: E501
    # --- Provenance ---
    F("source", Kind.TEXT, _("Source name"), _("Name of the data source the record comes from."), attribute="data_source"),  # noqa: E501
    F("source_record_id", Kind.TEXT, _("Record id in the source"), _("Identifier of the record in its source.")),  # noqa: E501
    F("source_licence", Kind.TEXT, _("Source licence"), _("Licence of the source.")),
    F("identifiers", Kind.IDENTIFIERS, _("Identifiers"), _("Identifiers elsewhere, 'scheme:value' pairs separated by | (siren, siret, rna, kvk, companies_house, vat, wikidata, osm, kvm, gogocarto, murmurations)."), jsonld="identifier"),  # noqa: E501
    F("last_verified", Kind.DATE, _("Last verified"), _("Date a moderator or the organisation last confirmed it (YYYY-MM-DD).")),  # noqa: E501
    # --- Computed by the Atlas (export only) ---
    F("profile_url", Kind.URL, _("Profile address"), _("Address of the profile on the Atlas (export only)."), importable=False, stored=False, jsonld="mainEntityOfPage"),  # noqa: E501
    F("last_published", Kind.DATETIME, _("Last published"), _("Date and time of the last publication (export only)."), attribute="last_published_at", importable=False),  # noqa: E501
)  # fmt: skip
del F

BY_NAME = {field.name: field for field in FIELDS}
COLUMN_NAMES = [field.name for field in FIELDS]
IMPORTABLE = [field.name for field in FIELDS if field.importable]
# Fields stored as columns of the organisation page and written as they are by a bulk insert.
PLAIN_COLUMNS = [
    field.model_attribute
    for field in FIELDS
    if field.stored
    and field.importable
    and field.kind not in (Kind.SECTOR, Kind.SERVICES, Kind.LANGUAGES, Kind.COORDINATE)
    and field.name != "name"
]
PUBLIC_FORM_FIELDS = [field for field in FIELDS if field.public_form]
# Where a record comes from: written by the source that created the organisation.
PROVENANCE_FIELDS = ("source", "source_record_id", "source_licence")


def of_kind(*kinds):
    return [field for field in FIELDS if field.kind in kinds]


def max_length(field):
    """The model column's max_length, which an import cuts a text to."""
    from directory.models import OrganisationPage

    return OrganisationPage._meta.get_field(field.model_attribute).max_length
