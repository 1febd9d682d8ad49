"""The controlled vocabularies of the open data: sectors, services and legal forms, with their
labels in every language of the site, their IRIs and how many published organisations use them.

A client turns the slugs of the exports into names with the API (`/api/v1/sectors`…); linked
data clients dereference each term's IRI (`/vocab/sectors/<slug>`) for a SKOS concept.
"""

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import translation

from wagtail.models import Site

from directory.choices import LegalFormFamily
from directory.models import OrganisationPage, Sector, Service
from opendata.rows import exported_organisations

# The schemes, by the name of their API endpoint and IRI path.
SECTORS, SERVICES, LEGAL_FORMS = "sectors", "services", "legal-forms"
SCHEMES = (SECTORS, SERVICES, LEGAL_FORMS)
# The directory filter that lists a term's organisations (the term's page for people).
FILTER_PARAMETERS = {SECTORS: "sector", SERVICES: "service", LEGAL_FORMS: "form"}
# schema.org has no class for any legal form family (no Cooperative, Mutual, Association,
# Foundation or SocialEnterprise type): organisations get the Atlas's own IRIs, and the two
# families that are non-governmental organisations in schema.org's sense say so.
SCHEMA_ORG_BROADER = {
    LegalFormFamily.ASSOCIATION: "http://schema.org/NGO",
    LegalFormFamily.FOUNDATION: "http://schema.org/NGO",
}


def site_root(request=None):
    """The site's address without a trailing slash: the base of every IRI the Atlas mints.

    From the site's configured root URL rather than the request's host, so that an IRI is the
    same whatever address a client used."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_url.rstrip("/")
    return request.build_absolute_uri("/").rstrip("/") if request is not None else ""


def scheme_iri(root, scheme):
    return f"{root}{reverse('opendata_vocabulary', args=[scheme])}"


def term_iri(root, scheme, slug):
    return f"{root}{reverse('opendata_vocabulary_term', args=[scheme, slug])}"


def _languages():
    return [code for code, _name in settings.LANGUAGES]


def _translated_terms(model, counts):
    """Each term of a translatable vocabulary, once, with its name and description per locale.

    Terms are grouped by translation key; the slug is the default language's (the same in
    every language by convention)."""
    default = settings.LANGUAGE_CODE
    terms = {}
    for item in model.objects.select_related("locale").order_by("pk"):
        term = terms.setdefault(
            item.translation_key, {"slug": item.slug, "labels": {}, "descriptions": {}}
        )
        code = item.locale.language_code
        if code == default:
            term["slug"] = item.slug
        term["labels"][code] = item.name
        if item.description:
            term["descriptions"][code] = item.description
        if hasattr(item, "colour") and (code == default or "colour" not in term):
            term["colour"] = item.colour
    result = []
    for term in terms.values():
        term["count"] = counts.get(term["slug"], 0)
        result.append(term)
    return sorted(result, key=lambda term: term["slug"])


def sectors():
    counts = dict(
        exported_organisations()
        .order_by()
        .values_list("sector__slug")
        .annotate(n=Count("pk"))
        .values_list("sector__slug", "n")
    )
    return _translated_terms(Sector, counts)


def services():
    live = exported_organisations().order_by().values("pk")
    counts = dict(
        OrganisationPage.services.through.objects.filter(organisationpage_id__in=live)
        .values_list("service__slug")
        .annotate(n=Count("pk"))
        .values_list("service__slug", "n")
    )
    return _translated_terms(Service, counts)


def legal_forms():
    counts = dict(
        exported_organisations()
        .order_by()
        .values_list("legal_form")
        .annotate(n=Count("pk"))
        .values_list("legal_form", "n")
    )
    terms = []
    for value in LegalFormFamily:
        labels = {}
        for code in _languages():
            with translation.override(code):
                labels[code] = str(value.label)
        count = counts.get(value.value, 0)
        terms.append({"slug": value.value, "labels": labels, "descriptions": {}, "count": count})
    return terms


TERMS = {SECTORS: sectors, SERVICES: services, LEGAL_FORMS: legal_forms}
# The scheme's own name, per language (the API's `title`, the SKOS scheme's prefLabel).
SCHEME_TITLES = {
    SECTORS: "Sectors of the Social Tech Atlas",
    SERVICES: "Services of the Social Tech Atlas",
    LEGAL_FORMS: "Legal form families of the Social Tech Atlas",
}


def terms(scheme):
    """The terms of `scheme`, each with its slug, labels and descriptions per language, count
    of published organisations and (sectors) colour."""
    return TERMS[scheme]()


# --- SKOS ---
SKOS = "http://www.w3.org/2004/02/skos/core#"


def _lang_literals(values):
    return [{"@value": text, "@language": code} for code, text in sorted(values.items())]


def concept_node(scheme, term, root):
    """A term as a SKOS concept, its labels and definitions tagged with their language."""
    node = {
        "@id": term_iri(root, scheme, term["slug"]),
        "@type": "skos:Concept",
        "skos:notation": term["slug"],
        "skos:prefLabel": _lang_literals(term["labels"]),
        "skos:inScheme": {"@id": scheme_iri(root, scheme)},
    }
    if term.get("descriptions"):
        node["skos:definition"] = _lang_literals(term["descriptions"])
    broader = SCHEMA_ORG_BROADER.get(term["slug"]) if scheme == LEGAL_FORMS else None
    if broader:
        node["skos:broadMatch"] = {"@id": broader}
    return node


def scheme_nodes(scheme, items, root):
    """The scheme and its concepts, as JSON-LD nodes."""
    return [
        {
            "@id": scheme_iri(root, scheme),
            "@type": "skos:ConceptScheme",
            "skos:prefLabel": {"@value": SCHEME_TITLES[scheme], "@language": "en"},
            "skos:hasTopConcept": [{"@id": term_iri(root, scheme, t["slug"])} for t in items],
        },
        *(concept_node(scheme, term, root) for term in items),
    ]
