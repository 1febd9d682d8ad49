"""The published open data read by independent clients, as a reuser would read it: pandas and
openpyxl (CSV, XLSX), frictionless (the data package), rdflib and pyld (JSON-LD, with extruct on
the pages), openapi-core (the API, errors included) and GDAL's ogrinfo where it is installed.

A regression in any format, seen by any of these readers, fails here."""

import io
import json
import shutil
import subprocess

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from directory.models import OrganisationSocialLink

SCHEMA = Namespace("http://schema.org/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
# A base no IRI of the Atlas may be resolved against: a relative IRI would start with it.
SENTINEL_BASE = "http://relative-iri.invalid/dir/file"


@pytest.fixture
def varied(atlas, add_org):
    """Organisations with what trips readers up: accents, a "250+" band, a social enterprise,
    an association, online only, lists, a text that looks like a formula."""
    first = add_org(
        title="Košice Coop",
        city="Košice",
        country="SK",
        location=(48.716, 21.261),
        services=["hosting", "training"],
        languages=["sk", "en"],
        founded_year=2011,
        staff_size="250+",
        legal_form="social_enterprise",
        countries_served=["SK", "CZ"],
        website="https://kosice.example",
        national_legal_form="=1+1",
    )
    OrganisationSocialLink.objects.create(page=first, kind="mastodon", url="https://m.example/@k")
    first.save_revision().publish()
    add_org(
        title="Association en ligne",
        online_only=True,
        legal_form="association",
        staff_size="10-49",
        provides_tools=True,
    )
    return first


def download(client, fmt):
    response = client.get(f"/open-data/organisations.{fmt}")
    assert response.status_code == 200
    return response.content


# --- GeoJSON ---
def test_geojson_properties_are_typed_like_the_api(client, varied):
    data = json.loads(download(client, "geojson"))
    features = {f["properties"]["name"]: f for f in data["features"]}
    kosice = features["Košice Coop"]["properties"]
    assert kosice["online_only"] is False and kosice["founded_year"] == 2011
    assert kosice["services"] == ["hosting", "training"]
    assert kosice["social_links"] == [{"network": "mastodon", "url": "https://m.example/@k"}]
    assert kosice["staff_size"] == "250+"
    assert "latitude" not in kosice  # the geometry is the location
    online = features["Association en ligne"]
    assert online["geometry"] is None and online["properties"]["online_only"] is True
    assert online["properties"]["founded_year"] is None
    api = client.get(f"/api/v1/organisations/{kosice['atlas_id']}").json()
    assert {k: v for k, v in api.items() if k not in ("latitude", "longitude")} == kosice


@pytest.mark.skipif(not shutil.which("ogrinfo"), reason="GDAL's ogrinfo is not installed")
def test_ogrinfo_reads_typed_fields_and_every_feature(client, varied, tmp_path):
    path = tmp_path / "atlas.geojson"
    path.write_bytes(download(client, "geojson"))
    output = subprocess.run(
        ["ogrinfo", "-so", "-al", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "Feature Count: 2" in output
    assert "online_only: Integer(Boolean)" in output
    assert "founded_year: Integer" in output
    assert "services: StringList" in output


# --- CSV and XLSX ---
def test_pandas_reads_the_csv_accents_and_bands_as_text(client, varied):
    import pandas

    frame = pandas.read_csv(io.BytesIO(download(client, "csv")), dtype=str, keep_default_na=False)
    assert list(frame.columns)[0] == "atlas_id"  # the byte order mark is not in the name
    row = frame.set_index("name").loc["Košice Coop"]
    assert row["city"] == "Košice" and row["staff_size"] == "250+"


def test_a_spreadsheet_reading_the_csv_as_windows_1252_would_scramble_it_without_the_bom(
    client, varied
):
    content = download(client, "csv")
    # What a spreadsheet does with UTF-8 it was not told about: the BOM is how it is told.
    assert content.startswith("\ufeff".encode())
    assert "Košice".encode() in content


def test_the_xlsx_has_typed_cells_and_never_a_formula(client, varied):
    import pandas
    from openpyxl import load_workbook

    content = download(client, "xlsx")
    frame = pandas.read_excel(io.BytesIO(content)).set_index("name")
    kosice = frame.loc["Košice Coop"]
    assert kosice["staff_size"] == "250+" and kosice["founded_year"] == 2011
    assert bool(kosice["online_only"]) is False and kosice["latitude"] == pytest.approx(48.716)
    assert kosice["services"] == "hosting|training"
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row}
    assert cells["=1+1"].data_type == "s"  # text, not a formula a spreadsheet would evaluate
    assert cells[2011].data_type == "n" and cells[True].data_type == "b"


def test_frictionless_validates_the_published_data_package(client, varied, tmp_path):
    from frictionless import Package, validate

    descriptor = json.loads(client.get("/open-data/datapackage.json").content)
    fields = {field["name"]: field for field in descriptor["resources"][0]["schema"]["fields"]}
    assert fields["founded_year"]["type"] == "year"
    assert fields["online_only"]["type"] == "boolean"
    assert fields["staff_size"]["type"] == "string"
    assert "250+" in fields["staff_size"]["constraints"]["enum"]
    assert fields["legal_form"]["constraints"]["required"] is True
    assert descriptor["licenses"][0]["path"] == "https://opendatacommons.org/licenses/odbl/1-0/"
    # The published files, next to the published descriptor (paths made local: no network).
    for resource in descriptor["resources"]:
        fmt = resource["path"].rsplit(".", 1)[1]
        (tmp_path / f"organisations.{fmt}").write_bytes(download(client, fmt))
        resource["path"] = f"organisations.{fmt}"
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    checked = {task.name: task.stats for task in report.tasks}
    assert checked["organisations"]["rows"] == 2 and checked["organisations-xlsx"]["rows"] == 2
    package = Package(str(tmp_path / "datapackage.json"))
    rows = package.get_resource("organisations").read_rows()
    kosice = next(row for row in rows if row["name"] == "Košice Coop")
    assert kosice["founded_year"] == 2011 and kosice["online_only"] is False
    assert kosice["staff_size"] == "250+"


def test_frictionless_finds_a_broken_file(client, varied, tmp_path):
    """The validation can fail: a file that drifts from its schema is reported."""
    from frictionless import validate

    descriptor = json.loads(client.get("/open-data/datapackage.json").content)
    resource = descriptor["resources"][0]
    content = download(client, "csv").decode("utf-8-sig").replace(",250+,", ",lots,")
    (tmp_path / "organisations.csv").write_text(content, encoding="utf-8-sig")
    resource["path"] = "organisations.csv"
    descriptor["resources"] = [resource]
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    report = validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert "constraint-error" in [error[1] for error in report.flatten(["fieldName", "type"])]


# --- JSON-LD ---
def rdf_graph(content):
    graph = Graph()
    graph.parse(data=content, format="json-ld", publicID=SENTINEL_BASE)
    return graph


def assert_no_relative_iris(graph):
    iris = {str(term) for triple in graph for term in triple if isinstance(term, URIRef)}
    relative = sorted(iri for iri in iris if iri.startswith("http://relative-iri.invalid"))
    assert relative == []


def test_rdflib_and_pyld_read_the_same_triples_with_no_relative_iri(client, varied):
    from pyld import jsonld

    content = download(client, "jsonld")
    graph = rdf_graph(content)
    assert_no_relative_iris(graph)
    organisations = set(graph.subjects(RDF.type, SCHEMA.Organization)) - set(
        graph.subjects(SCHEMA.name, Literal("Social Tech Atlas"))
    )
    assert len(organisations) == 2
    kosice = next(o for o in organisations if (o, SCHEMA.name, Literal("Košice Coop")) in graph)
    types = set(graph.objects(kosice, SCHEMA.additionalType))
    labels = {
        str(label)
        for concept in types
        for label in graph.objects(concept, SKOS.prefLabel)
        if label.language == "fr"
    }
    assert labels == {"Entreprise sociale", "Inclusion numérique"}
    assert len(list(graph.objects(kosice, SCHEMA.knowsAbout))) == 2
    assert len(list(graph.objects(kosice, SCHEMA.sameAs))) == 1
    # Triples about the organisation: type, identifier, name, description, url, address,
    # location, two additionalType, two knowsAbout, two areaServed, two knowsLanguage,
    # foundingDate, sameAs, mainEntityOfPage (the phone and email are empty).
    # 18, and the ESSGlobal codes of its legal form and sector (two more additionalType)
    assert len(list(graph.triples((kosice, None, None)))) == 20
    # pyld, reading the same document, finds every triple rdflib found: none dropped.
    dataset = jsonld.to_rdf(json.loads(content), {"format": "application/n-quads"})
    assert len(set(dataset.strip().splitlines())) == len(graph)


def test_profile_pages_json_ld_reads_with_extruct_and_rdflib(client, varied, atlas):
    import extruct

    for url, language in (
        ("/en/directory/kosice-coop/", "en"),
        ("/fr/annuaire/kosice-coop/", "en"),  # the French alias shows the English text
    ):
        html = client.get(url).content.decode()
        (document,) = extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
        graph = rdf_graph(json.dumps(document))
        assert_no_relative_iris(graph)
        page = next(graph.subjects(RDF.type, SCHEMA.ProfilePage))
        assert graph.value(page, SCHEMA.inLanguage) == Literal(language)
        organisation = graph.value(page, SCHEMA.mainEntity)
        assert graph.value(organisation, SCHEMA.name) == Literal("Košice Coop")
        # its legal form and sector, in the Atlas's vocabularies and in ESSGlobal's
        assert len(list(graph.objects(organisation, SCHEMA.additionalType))) == 4


def test_a_translated_profile_says_its_text_is_french(client, varied, atlas):
    from directory.models import OrganisationPage

    alias = OrganisationPage.objects.get(alias_of=varied)
    alias.alias_of = None
    alias.title = "Coopérative de Košice"
    alias.save_revision().publish()
    html = client.get(alias.url).content.decode()
    assert '<meta property="og:locale" content="fr_FR">' in html
    graph = rdf_graph(json.dumps(json.loads(_json_ld_block(html))))
    page = next(graph.subjects(RDF.type, SCHEMA.ProfilePage))
    assert graph.value(page, SCHEMA.inLanguage) == Literal("fr")
    head = html.split("</head>")[0]
    assert 'hreflang="fr"' in head and 'hreflang="en"' in head and 'hreflang="x-default"' in head


def _json_ld_block(html):
    from lxml import html as lxml_html

    (script,) = lxml_html.fromstring(html).xpath('//script[@type="application/ld+json"]')
    return script.text


def test_open_data_page_describes_the_dataset_in_dcat_and_schema_org(client, varied):
    html = client.get("/en/open-data/").content.decode()
    graph = rdf_graph(_json_ld_block(html))
    assert_no_relative_iris(graph)
    (dataset,) = graph.subjects(RDF.type, DCAT.Dataset)
    assert (dataset, RDF.type, SCHEMA.Dataset) in graph
    assert str(graph.value(dataset, SCHEMA.license)).startswith("https://opendatacommons.org/")
    catalogue = next(graph.subjects(RDF.type, DCAT.Catalog))
    assert graph.value(catalogue, SCHEMA.dataset) == dataset
    distributions = list(graph.objects(dataset, SCHEMA.distribution))
    media_types = {str(graph.value(d, SCHEMA.encodingFormat)) for d in distributions}
    assert media_types == {
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/geo+json",
        "application/ld+json",
        "application/json",
    }
    for distribution in distributions:
        url = str(graph.value(distribution, SCHEMA.contentUrl))
        assert client.get(url.replace("http://localhost", "")).status_code == 200
    assert graph.value(dataset, SCHEMA.temporalCoverage) is not None
    assert graph.value(dataset, SCHEMA.publisher) is not None


# --- The vocabularies ---
def test_a_vocabulary_iri_dereferences_to_a_skos_concept_in_every_language(client, varied):
    response = client.get(
        "/vocab/legal-forms/social_enterprise", headers={"Accept": "application/ld+json"}
    )
    assert response["Content-Type"] == "application/ld+json"
    graph = rdf_graph(response.content)
    concept = URIRef("http://localhost/vocab/legal-forms/social_enterprise")
    labels = {label.language: str(label) for label in graph.objects(concept, SKOS.prefLabel)}
    assert labels == {
        "en": "Social enterprise",
        "fr": "Entreprise sociale",
        "de": "Sozialunternehmen",
    }
    assert (concept, RDF.type, SKOS.Concept) in graph
    scheme = client.get("/vocab/sectors?format=jsonld", headers={"Accept": "text/html"})
    assert scheme["Content-Type"] == "application/ld+json"
    assert len(set(rdf_graph(scheme.content).subjects(RDF.type, SKOS.Concept))) >= 9


def test_a_browser_following_a_vocabulary_iri_gets_the_directory_in_its_language(client, varied):
    response = client.get(
        "/vocab/sectors/digital-inclusion",
        headers={"Accept": "text/html,*/*;q=0.8", "Accept-Language": "fr"},
    )
    assert response.status_code == 303
    assert response["Location"] == "/fr/annuaire/?sector=digital-inclusion"
    assert client.get("/vocab/sectors/no-such-sector").status_code == 404
    assert client.get("/vocab/nothing").status_code == 404


def test_vocabulary_api_gives_labels_per_language_colours_and_counts(client, varied):
    sectors = client.get("/api/v1/sectors").json()
    inclusion = next(t for t in sectors["results"] if t["slug"] == "digital-inclusion")
    assert inclusion["labels"] == {
        "en": "Digital inclusion",
        "fr": "Inclusion numérique",
        "de": "Digitale Teilhabe",
    }
    assert inclusion["count"] == 2 and inclusion["colour"].startswith("#")
    assert inclusion["iri"] == "http://localhost/vocab/sectors/digital-inclusion"
    forms = {t["slug"]: t for t in client.get("/api/v1/legal-forms").json()["results"]}
    assert forms["association"]["labels"]["fr"] == "Association"
    assert forms["social_enterprise"]["count"] == 1 and forms["cooperative"]["count"] == 0
    services = {t["slug"]: t for t in client.get("/api/v1/services").json()["results"]}
    assert services["hosting"]["count"] == 1


# --- The API against its own OpenAPI description ---
@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/organisations", 200),
        ("/api/v1/organisations?country=SK&page_size=1", 200),
        ("/api/v1/organisations?page=9", 404),
        ("/api/v1/organisations?page=0", 422),
        ("/api/v1/organisations?page_size=500", 422),
        ("/api/v1/organisations?sort=size", 422),
        ("/api/v1/organisations/not-a-uuid", 404),
        ("/api/v1/sectors", 200),
        ("/api/v1/services", 200),
        ("/api/v1/legal-forms", 200),
    ],
)
def test_api_responses_conform_to_the_openapi_description(client, varied, url, status):
    from openapi_core import OpenAPI
    from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

    spec = OpenAPI.from_dict(client.get("/api/v1/openapi.json").json())
    response = client.get(url)
    assert response.status_code == status
    spec.validate_response(
        DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
    )


def test_one_organisation_conforms_to_the_openapi_description(client, varied):
    from openapi_core import OpenAPI
    from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

    spec = OpenAPI.from_dict(client.get("/api/v1/openapi.json").json())
    atlas_id = client.get("/api/v1/organisations").json()["results"][0]["atlas_id"]
    response = client.get(f"/api/v1/organisations/{atlas_id}")
    spec.validate_response(
        DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
    )
