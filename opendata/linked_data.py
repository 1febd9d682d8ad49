"""The Atlas's linked data, built once: schema.org JSON-LD of an organisation (the JSON-LD export
and every profile page), of the dataset and its catalogue (the open data page, the export), and
SKOS concepts of the vocabularies.

An organisation's properties come from the field registry (`directory.fields`, each field's
`jsonld`), applied to the typed row the API and the GeoJSON serve. Every document carries its
own context, so that RDF tools read it without fetching anything: schema.org terms, IRIs where
schema.org expects IRIs (a legal form, a sector or a service is the Atlas's vocabulary IRI, never
a word a parser would resolve against the file's address).
"""

from directory.choices import LegalFormFamily
from directory.fields import FIELDS, Kind
from directory.identifiers import pairs as identifier_pairs
from directory.identifiers import same_as
from opendata import vocabularies
from opendata.essglobal import legal_form_iri, sector_iri
from opendata.vocabularies import LEGAL_FORMS, SECTORS, SERVICES, term_iri

SCHEMA_ORG = "http://schema.org/"
# The properties whose values are IRIs, not text.
IRI_PROPERTIES = (
    "additionalType",
    "url",
    "sameAs",
    "mainEntityOfPage",
    "knowsAbout",
    "license",
    "contentUrl",
)
CONTEXT = {
    "@vocab": SCHEMA_ORG,
    "schema": SCHEMA_ORG,
    "skos": vocabularies.SKOS,
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    **{name: {"@type": "@id"} for name in IRI_PROPERTIES},
}
# The type of each nested node the registry's dotted properties open.
NESTED_TYPES = {
    "address": "PostalAddress",
    "location": "Place",
    "location.geo": "GeoCoordinates",
}
# The vocabulary of each field whose values are terms of one.
VOCABULARY_KINDS = {Kind.SECTOR: SECTORS, Kind.SERVICES: SERVICES}


def _scheme(field):
    if field.choices is LegalFormFamily:
        return LEGAL_FORMS
    return VOCABULARY_KINDS.get(field.kind)


def _jsonld_value(field, value, root):
    """The field's typed value as schema.org writes it (None when there is nothing to say)."""
    if value in (None, "", []):
        return None
    scheme = _scheme(field)
    if scheme:
        slugs = value if isinstance(value, list) else [value]
        return [term_iri(root, scheme, slug) for slug in slugs]
    if field.kind == Kind.SOCIAL_LINKS:
        return [link["url"] for link in value]
    if field.kind == Kind.IDENTIFIERS:
        return [
            {"@type": "PropertyValue", "propertyID": key, "value": item}
            for key, item in identifier_pairs(value)
        ] or None
    if field.kind == Kind.YEAR:
        return str(value)  # schema.org's foundingDate is an ISO 8601 date: a year is one
    return value


def _put(node, path, value):
    """Set `value` at a dotted path, opening typed nested nodes; several fields may share a
    property (the legal form and the sector are both `additionalType`)."""
    *parents, name = path.split(".")
    for depth, parent in enumerate(parents):
        prefix = ".".join(parents[: depth + 1])
        node = node.setdefault(parent, {"@type": NESTED_TYPES[prefix]})
    if name in node:
        existing = node[name] if isinstance(node[name], list) else [node[name]]
        node[name] = existing + (value if isinstance(value, list) else [value])
    else:
        node[name] = value


def organisation_iri(atlas_id):
    """The organisation's IRI: its Atlas id, the same in every language and after any rename."""
    return f"urn:uuid:{atlas_id}"


def organisation_node(typed, root):
    """schema.org Organization of one organisation, from its typed row (`rows.typed_row`)."""
    node = {"@id": organisation_iri(typed["atlas_id"]), "@type": "Organization"}
    for field in FIELDS:
        if field.jsonld:
            value = _jsonld_value(field, typed.get(field.name), root)
            if value is not None:
                _put(node, field.jsonld, value)
    # The ESSGlobal codes of its legal form and sector, for the SSE's own linked data.
    essglobal = [
        iri
        for iri in (legal_form_iri(typed.get("legal_form")), sector_iri(typed.get("sector")))
        if iri
    ]
    if essglobal:
        _put(node, "additionalType", essglobal)
    # Identifiers that are addresses on the web say the same thing as the organisation.
    links = same_as(typed.get("identifiers"))
    if links:
        _put(node, "sameAs", links)
    # With no website of its own, the organisation's address on the web is its profile.
    node.setdefault("url", typed.get("profile_url") or None)
    if node["url"] is None:
        del node["url"]
    location = node.get("location")
    if location and set(location.get("geo", {})) != {"@type", "latitude", "longitude"}:
        del node["location"]  # half a coordinate is no place
    return node


def profile_document(typed, root, page_url, language):
    """The JSON-LD of a profile page: the page, in the language of the text it shows, about the
    organisation."""
    organisation = organisation_node(typed, root)
    page = {
        "@id": page_url,
        "@type": "ProfilePage",
        "url": page_url,
        "inLanguage": language,
        "mainEntity": {"@id": organisation["@id"]},
    }
    return {"@context": CONTEXT, "@graph": [page, organisation]}


def vocabulary_nodes(root):
    """Every vocabulary as SKOS: a scheme per vocabulary, a concept per term."""
    nodes = []
    for scheme in vocabularies.SCHEMES:
        nodes += vocabularies.scheme_nodes(scheme, vocabularies.terms(scheme), root)
    return nodes


def catalogue_nodes(dataset):
    """The DCAT-AP-style description of the open data, in schema.org and DCAT types.

    `dataset` comes from `export.dataset_description`: names, the open data page, licence,
    publisher, dates and the downloads with their media types."""
    root = dataset["root"]
    catalogue_iri = f"{root}/#catalogue"
    dataset_iri = f"{dataset['page_url'] or root + '/'}#dataset"
    publisher = {
        "@id": f"{root}/#publisher",
        "@type": "Organization",
        "name": dataset["publisher"],
        "url": f"{root}/",
    }
    node = {
        "@id": dataset_iri,
        "@type": ["Dataset", "dcat:Dataset"],
        "name": dataset["name"],
        "description": dataset["description"],
        "url": dataset["page_url"] or f"{root}/",
        "license": dataset["licence_url"],
        "dct:license": {"@id": dataset["licence_url"]},
        "creditText": dataset["attribution"],
        "isAccessibleForFree": True,
        "publisher": {"@id": publisher["@id"]},
        "creator": {"@id": publisher["@id"]},
        "includedInDataCatalog": {"@id": catalogue_iri},
        "keywords": dataset["keywords"],
        "spatialCoverage": {"@type": "Place", "name": "Europe"},
        "distribution": [
            {
                "@type": ["DataDownload", "dcat:Distribution"],
                "name": download["name"],
                "encodingFormat": download["media_type"],
                "dcat:mediaType": download["media_type"],
                "contentUrl": download["url"],
                "dcat:downloadURL": {"@id": download["url"]},
            }
            for download in dataset["downloads"]
        ],
    }
    if dataset["first_published"] and dataset["last_updated"]:
        start = dataset["first_published"].date().isoformat()
        end = dataset["last_updated"].date().isoformat()
        node["temporalCoverage"] = f"{start}/{end}"
        node["dateModified"] = dataset["last_updated"].isoformat(timespec="seconds")
    if dataset["sources"]:
        node["isBasedOn"] = [
            {
                "@type": "Dataset",
                "name": source["name"],
                **({"url": source["website"]} if source["website"] else {}),
                **({"license": source["licence_url"]} if source["licence_url"] else {}),
            }
            for source in dataset["sources"]
        ]
    catalogue = {
        "@id": catalogue_iri,
        "@type": ["DataCatalog", "dcat:Catalog"],
        "name": dataset["publisher"],
        "url": f"{root}/",
        "publisher": {"@id": publisher["@id"]},
        "dataset": {"@id": dataset_iri},
    }
    return [catalogue, node, publisher]
