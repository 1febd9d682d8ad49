"""Reading a partner's file without a mapping: its columns matched to Atlas fields by their
headers (English, French, German, Spanish, Italian; accents, case and punctuation ignored), and
the values found in them matched to Atlas values (legal forms, sectors, services…).

The admin's mapping screen starts from these suggestions and the import command uses them as
they are when a source has no mapping of its own. A suggestion is only ever a suggestion: the
moderator sees every column with samples of its values and may change any of them.
"""

import unicodedata
from dataclasses import dataclass, field

from directory.fields import BY_NAME, Kind
from opendata.imports.parsing import (
    choice_labels,
    country_code,
    is_language_code,
    parse_bool,
    split_multi,
)
from opendata.schema import COLUMN_NAMES, IMPORTABLE, MAPPABLE_FIELDS


def normalise(text):
    """'Téléphone ' → 'telephone', 'Code_Postal' → 'code postal': for comparing headers."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = "".join(char if char.isalnum() else " " for char in plain.casefold())
    return " ".join(words.split())


# Header words for each Atlas field, in the languages of the Atlas's partners. Matching is on
# the whole normalised header, so "Nom" is the name but "Nom du contact" is the contact.
HEADER_SYNONYMS = {
    "source_record_id": [
        "id", "identifier", "identifiant", "kennung", "identificador", "identificativo",
        "record id", "ref", "reference", "référence", "code", "numero", "numéro", "nr",
    ],
    "name": [
        "name", "nom", "organisation", "organization", "organisme", "structure", "raison sociale",
        "denomination", "dénomination", "title", "titre", "titel", "nombre", "nome",
        "ragione sociale", "bezeichnung", "organisation name", "organization name",
        "nom de la structure", "nom de l organisation", "initiative",
    ],
    "summary": [
        "summary", "résumé", "resume", "short description", "description courte", "accroche",
        "presentation courte", "présentation courte", "kurzbeschreibung", "resumen", "riassunto",
        "sintesi", "tagline", "baseline",
    ],
    "description": [
        "description", "présentation", "presentation", "beschreibung", "descripción",
        "descrizione", "about", "à propos", "activite", "activité", "activités", "long description",
        "description longue", "details", "détails",
    ],
    "website": [
        "website", "web", "site", "site web", "site internet", "url", "homepage", "webseite",
        "internetseite", "sitio web", "pagina web", "página web", "sito", "sito web", "www",
        "primary url",
    ],
    "email": [
        "email", "e mail", "mail", "courriel", "adresse mail", "adresse email",
        "adresse électronique", "correo", "correo electronico", "correo electrónico",
        "posta elettronica", "contact email",
    ],
    "phone": [
        "phone", "telephone", "téléphone", "tel", "tél", "telefon", "teléfono", "telefono",
        "phone number", "numero de telephone", "numéro de téléphone",
    ],
    "address": [
        "address", "adresse", "street", "street address", "rue", "voie", "strasse", "straße",
        "anschrift", "dirección", "direccion", "calle", "indirizzo", "via", "adresse postale",
    ],
    "postcode": [
        "postcode", "postal code", "post code", "zip", "zip code", "code postal", "cp",
        "postleitzahl", "plz", "código postal", "codigo postal", "cap", "codice postale",
    ],
    "city": [
        "city", "town", "ville", "commune", "localite", "localité", "locality", "stadt", "ort",
        "gemeinde", "ciudad", "localidad", "municipio", "città", "citta", "comune",
    ],
    "country": [
        "country", "pays", "land", "staat", "país", "pais", "paese", "nazione", "country code",
        "code pays", "country name",
    ],
    "latitude": ["latitude", "lat", "breitengrad", "breite", "latitud", "latitudine", "y"],
    "longitude": [
        "longitude", "lon", "lng", "long", "längengrad", "laengengrad", "länge", "longitud",
        "longitudine", "x",
    ],
    "online_only": ["online only", "en ligne uniquement", "nur online", "solo online"],
    "sector": [
        "sector", "secteur", "secteur d activite", "secteur d activité", "domaine", "thematique",
        "thématique", "branche", "sektor", "bereich", "sector de actividad", "settore",
        "category", "catégorie", "categorie", "kategorie", "categoría", "categoria",
        "primary activity", "activité principale",
    ],
    "legal_form": [
        "legal form", "forme juridique", "statut juridique", "statut", "statuts",
        "rechtsform", "forma juridica", "forma jurídica", "forma giuridica",
        "organisational structure", "organizational structure", "type de structure",
    ],
    "national_legal_form": ["national legal form", "forme juridique nationale"],
    "supports_transition": [
        "supports transition", "supports the digital transition", "accompagnement numerique",
        "accompagnement numérique", "transition numérique", "transition numerique",
    ],
    "provides_tools": [
        "provides tools", "provides open digital tools", "outils numeriques",
        "outils numériques", "outils libres",
    ],
    "services": ["services", "service", "dienstleistungen", "servicios", "servizi", "offre"],
    "scope": ["scope", "échelle", "echelle", "portée", "reichweite", "ámbito", "ambito"],
    "countries_served": ["countries served", "pays couverts", "pays d intervention"],
    "languages": ["languages", "langues", "sprachen", "idiomas", "lingue", "language", "langue"],
    "founded_year": [
        "founded", "founded year", "year founded", "année de création", "annee de creation",
        "date de création", "date de creation", "création", "creation", "gründungsjahr",
        "gegründet", "año de fundación", "anno di fondazione", "founded on",
    ],
    "staff_size": [
        "staff", "staff size", "employees", "effectif", "effectifs", "salariés", "salaries",
        "mitarbeiter", "mitarbeitende", "empleados", "dipendenti", "tranche d effectif",
    ],
    "open_source": ["open source", "logiciel libre", "libre"],
    "social_links": ["social links", "réseaux sociaux", "reseaux sociaux", "social media"],
    "source_licence": ["licence", "license", "lizenz", "licencia", "licenza"],
    "last_verified": ["last verified", "dernière vérification", "derniere verification"],
    "contact_name": [
        "contact", "contact name", "nom du contact", "personne contact", "interlocuteur",
        "référent", "referent", "responsable", "ansprechpartner", "ansprechperson",
        "persona de contacto", "contacto", "referente", "persona di contatto",
    ],
}  # fmt: skip
_HEADERS = {
    normalise(word): name
    for name in MAPPABLE_FIELDS
    for word in [name, name.replace("_", " "), *HEADER_SYNONYMS.get(name, [])]
}

# Legal form families by the words partners write, in the five languages: a national form
# (SCOP, eG, ASBL…) says its family. Matched whole, then by the first words.
LEGAL_FORM_WORDS = {
    "cooperative": [
        "cooperative", "coopérative", "co operative", "coop", "scop", "scic", "cae", "sccl",
        "genossenschaft", "eg", "e g", "cooperativa", "soc coop", "società cooperativa",
        "multi stakeholder co operative", "worker co operative", "consumer co operative",
        "producer co operative", "housing co operative", "sociedad cooperativa",
    ],
    "mutual": [
        "mutual", "mutuelle", "mutualité", "mutuelle d assurance", "mutual society",
        "versicherungsverein auf gegenseitigkeit", "vvag", "mutua", "mutualidad",
        "società di mutuo soccorso", "building society", "friendly society",
    ],
    "association": [
        "association", "association loi 1901", "asso", "asbl", "vzw", "verein", "e v", "ev",
        "eingetragener verein", "asociación", "asociacion", "associazione", "aps", "odv",
        "community group", "charity", "unincorporated association", "collectif",
    ],
    "foundation": [
        "foundation", "fondation", "fonds de dotation", "stiftung", "fundación", "fundacion",
        "fondazione", "charitable trust", "trust",
    ],
    "social_enterprise": [
        "social enterprise", "entreprise sociale", "esus", "entreprise solidaire",
        "entreprise d insertion", "sas esus", "gggmbh", "ggmbh", "gug", "sozialunternehmen",
        "empresa social", "impresa sociale", "cic", "community interest company",
        "community benefit society", "bencom", "société commerciale de l ess",
    ],
}  # fmt: skip
_LEGAL_FORMS = {
    normalise(word): family for family, words in LEGAL_FORM_WORDS.items() for word in words
}


def match_header(column):
    return _HEADERS.get(normalise(column))


def is_atlas_format(columns):
    """The Atlas's own export (or a file written in its format): no mapping needed."""
    known = [column for column in columns if column in COLUMN_NAMES]
    return "name" in columns and len(known) * 2 >= len(columns)


def match_columns(columns):
    """{column: Atlas field} for the columns whose header names a field; each field once,
    taken by the first column that names it."""
    matched, taken = {}, set()
    for column in columns:
        name = match_header(column)
        if name and name not in taken and (name in IMPORTABLE or name == "contact_name"):
            matched[column] = name
            taken.add(name)
    return matched


def suggest_legal_form(value):
    text = normalise(value)
    if text in _LEGAL_FORMS:
        return _LEGAL_FORMS[text]
    words = text.split()
    for length in range(len(words), 0, -1):  # "SCOP SARL" → scop; "Association loi 1901"
        family = _LEGAL_FORMS.get(" ".join(words[:length]))
        if family:
            return family
    return choice_labels(BY_NAME["legal_form"].choices).get(value.strip().casefold())


def _stem(word):
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


def suggest_from_names(value, names):
    """A slug from {normalised name or slug: slug}: the same name, else the name that shares
    the most words with the value (plural 's' ignored), else nothing."""
    text = normalise(value)
    if text in names:
        return names[text]
    words = {_stem(word) for word in text.split() if len(word) > 2}
    best, best_score = None, 0
    for name, slug in names.items():
        score = len(words & {_stem(word) for word in name.split() if len(word) > 2})
        if score > best_score:
            best, best_score = slug, score
    return best


@dataclass
class Suggestion:
    """A mapping suggested for a file: its columns' fields and, for each value-mapped field,
    the values the import would not read by themselves with the Atlas value suggested for
    each (None: no suggestion, for the moderator to choose)."""

    fields: dict
    values: dict = field(default_factory=dict)  # {atlas field: {source value: atlas value}}

    def as_mapping(self, legal_basis=""):
        """The suggestion as `DataSource.get_mapping()` gives a saved mapping."""
        return {
            "fields": dict(self.fields),
            "values": {
                name: {value.strip().casefold(): atlas for value, atlas in table.items() if atlas}
                for name, table in self.values.items()
            },
            "legal_basis": legal_basis,
        }


def _names(lookup):
    """{normalised name: slug} from a cleaning vocabulary's {casefolded name or slug: slug}."""
    names = {}
    for key, slug in lookup.items():
        names.setdefault(normalise(key.replace("-", " ")), slug)
    return names


def _reader(kind, spec, vocabulary):
    """How the import reads a value of this kind by itself (None: it cannot)."""
    if kind == Kind.SECTOR:
        return lambda value: vocabulary.sectors.get(value.strip().casefold())
    if kind == Kind.SERVICES:
        return lambda value: vocabulary.services.get(value.strip().casefold())
    if kind == Kind.COUNTRY or kind == Kind.COUNTRIES:
        return country_code
    if kind == Kind.BOOLEAN:
        return parse_bool
    if kind == Kind.LANGUAGES:
        return lambda value: value.lower() if is_language_code(value.strip().lower()) else None
    if kind == Kind.CHOICE:
        choices = spec.choices
        return lambda value: (
            value if value in choices.values else choice_labels(choices).get(value.casefold())
        )
    return lambda value: value


def _suggest(kind, spec, value, vocabulary):
    if spec.name == "legal_form":
        return suggest_legal_form(value)
    if kind == Kind.SECTOR:
        return suggest_from_names(value, _names(vocabulary.sectors))
    if kind == Kind.SERVICES:
        return suggest_from_names(value, _names(vocabulary.services))
    return None


def suggest_mapping(columns, records, vocabulary, fields=None):
    """The columns' fields (`fields` if given, else matched from the headers) and the value
    mappings the distinct values found in them need."""
    fields = match_columns(columns) if fields is None else fields
    suggestion = Suggestion(fields=fields)
    for column, name in fields.items():
        spec = BY_NAME.get(name)
        if spec is None or not spec.value_mapped:
            continue
        reads = _reader(spec.kind, spec, vocabulary)
        table = {}
        for value in distinct_values(records, column, spec.kind):
            if reads(value) in (None, ""):
                table[value] = _suggest(spec.kind, spec, value, vocabulary)
        if table:
            suggestion.values.setdefault(name, {}).update(table)
    return suggestion


def distinct_values(records, column, kind, limit=40):
    """The distinct non-empty values of a column, most frequent first (lists split)."""
    counts = {}
    for record in records:
        raw = record.values.get(column, "")
        if kind in (Kind.SERVICES, Kind.LANGUAGES, Kind.COUNTRIES):
            parts = split_multi(raw)
        elif kind == Kind.SECTOR:
            parts = raw.split("|")
        else:
            parts = [raw]
        for part in parts:
            part = part.strip()
            if part:
                counts[part] = counts.get(part, 0) + 1
    return sorted(counts, key=lambda value: (-counts[value], value))[:limit]


def samples(records, column, count=3):
    """A few distinct non-empty values of a column, to show beside it."""
    found = []
    for record in records:
        value = record.values.get(column, "").strip()
        if value and value not in found:
            found.append(value)
            if len(found) == count:
                break
    return found
