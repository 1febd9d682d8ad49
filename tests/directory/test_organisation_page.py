"""An organisation's public profile: everything it says, JSON-LD, OpenGraph, escaping, privacy."""

import json
import re
from datetime import date
from html import unescape

import pytest

from directory.models import OrganisationSocialLink
from tests.directory.conftest import add_organisation, sector

pytestmark = pytest.mark.django_db

HOSTILE = '</script><script>alert("x")</script> & <b>Co</b> "quoted" \'single\''


@pytest.fixture(scope="module")
def profile(atlas, django_db_blocker):
    with django_db_blocker.unblock():
        page = add_organisation(
            atlas,
            title="Coop Numérique Solidaire",
            summary="Helps village associations move to free software.",
            description="<p>Founded by <b>librarians</b> in 2012.</p>",
            website="https://coop-numerique.example.org/",
            email="contact@coop-numerique.example.org",
            phone="+33 4 72 00 00 00",
            address="12 rue des Tisserands",
            postcode="69004",
            city="Lyon",
            country="FR",
            sector=sector("open-source"),
            legal_form="cooperative",
            national_legal_form="SCIC",
            supports_transition=True,
            provides_tools=True,
            scope="regional",
            countries_served=["FR", "BE"],
            founded_year=2012,
            staff_size="10-49",
            open_source=True,
            open_source_note="All our tools are AGPL on Codeberg.",
            data_source="Partner open database",
            source_record_id="rec-42",
            source_licence="ODbL-1.0",
            last_verified=date(2026, 3, 14),
            services=["hosting", "training"],
            languages=["fr", "en"],
            location=(45.7741, 4.8272),
        )
        OrganisationSocialLink.objects.create(
            page=page, kind="mastodon", url="https://social.coop/@coopnum", sort_order=0
        )
        page.save_revision().publish()
    return page


def get_profile(client, url="/en/directory/coop-numerique-solidaire/"):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_profile_shows_everything_a_reader_needs(client, profile):
    html = get_profile(client)
    for text in [
        "<h1>Coop Numérique Solidaire</h1>",
        "Helps village associations move to free software.",
        "Founded by <b>librarians</b> in 2012.",
        "Open-source software",  # sector label
        "--sector-colour: #b45309",
        "Cooperative (SCIC)",
        "Digital transition support",
        "Open digital tools",
        "Regional",
        "Hosting",
        "Training",
        "2012",
        "10 to 49 staff",
        "English",
        "French",
        "Belgium, France",
        "All our tools are AGPL on Codeberg.",
        'href="https://coop-numerique.example.org/"',
        'href="mailto:contact@coop-numerique.example.org"',
        'href="tel:+33472000000"',
        'href="https://social.coop/@coopnum"',
        "12 rue des Tisserands",
        "69004 Lyon",
        'data-lat="45.774100" data-lng="4.827200"',
        "Data from:",
        "Partner open database, ODbL-1.0",
        "Last verified on",
        "2026",
    ]:
        assert text in html, text


def test_profile_links_back_to_the_directory(client, profile):
    assert '<a href="/en/directory/">Directory</a>' in get_profile(client)


def test_profile_has_a_parsable_schema_org_organization(client, profile):
    document = json_ld(get_profile(client))
    assert document["@context"]["@vocab"] == "http://schema.org/"
    page, data = document["@graph"]
    assert page["@type"] == "ProfilePage" and page["inLanguage"] == "en"
    assert page["mainEntity"] == {"@id": data["@id"]}
    assert data["@type"] == "Organization"
    assert data["name"] == "Coop Numérique Solidaire"
    assert data["url"] == "https://coop-numerique.example.org/"
    assert data["email"] == "contact@coop-numerique.example.org"
    assert data["foundingDate"] == "2012"
    assert data["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "FR",
        "streetAddress": "12 rue des Tisserands",
        "postalCode": "69004",
        "addressLocality": "Lyon",
    }
    assert data["location"]["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 45.7741,
        "longitude": 4.8272,
    }
    assert data["sameAs"] == ["https://social.coop/@coopnum"]
    assert data["mainEntityOfPage"].endswith("/en/directory/coop-numerique-solidaire/")
    # the Atlas's vocabulary IRIs (the test server is http://), and ESSGlobal's (https://)
    assert all(
        iri.startswith(("http://", "https://dev.lod.coop/")) for iri in data["additionalType"]
    )
    assert any("essglobal" in iri for iri in data["additionalType"])


def test_untranslated_french_profile_says_its_text_is_english(client, profile):
    html = get_profile(client, "/fr/annuaire/coop-numerique-solidaire/")
    page, _organisation = json_ld(html)["@graph"]
    assert page["inLanguage"] == "en"
    assert '<meta property="og:locale" content="en_GB">' in html
    assert '<html lang="fr">' in html  # the interface around the text is French
    # The alias is a copy: it names its original as the canonical page, and no hreflang.
    assert (
        '<link rel="canonical" href="http://localhost/en/directory/coop-numerique-solidaire/">'
        in html
    )
    assert 'hreflang="fr"' not in html.split("</head>")[0]


def test_profile_has_opengraph_and_description_meta(client, profile):
    html = get_profile(client)
    assert '<meta property="og:title" content="Coop Numérique Solidaire">' in html
    assert '<meta property="og:type" content="profile">' in html
    assert (
        '<meta property="og:description" content="Helps village associations move to free '
        'software.">' in html
    )
    assert re.search(r'<meta property="og:url" content="http://[^"]+/en/directory/coop-', html)
    assert '<meta name="description" content="Helps village associations' in html


def test_profile_shows_no_personal_data_fields(client, profile):
    html = get_profile(client).lower()
    for personal in ("first_name", "last_name", "owner", "date of birth", "admin@", "password"):
        assert personal not in html
    # The only contact addresses are the organisation's own.
    assert set(re.findall(r"mailto:([^\"]+)", html)) == {"contact@coop-numerique.example.org"}


def test_online_only_profile_has_no_map(client, atlas):
    add_organisation(atlas, title="Remote Coop", online_only=True, location=(48.0, 2.0))
    html = get_profile(client, "/en/directory/remote-coop/")
    assert "works online only" in html
    assert "data-lat" not in html
    assert "leaflet.js" not in html
    assert "location" not in json_ld(html)


def test_a_sparse_profile_shows_no_empty_sections(client, atlas):
    """An imported record may carry little more than a name: no heading without content."""
    add_organisation(atlas, title="Sparse Coop", website="", email="", phone="", founded_year=None)
    html = get_profile(client, "/en/directory/sparse-coop/")
    assert "<h2>Facts</h2>" not in html and '<dl class="facts">' not in html
    assert "<h2>Contact</h2>" not in html


def test_french_alias_renders_in_french_with_the_same_organisation(client, profile):
    html = get_profile(client, "/fr/annuaire/coop-numerique-solidaire/")
    assert '<html lang="fr"' in html
    assert "<h1>Coop Numérique Solidaire</h1>" in html
    assert "Logiciels libres" in html  # the sector in French
    assert '<a href="/fr/annuaire/">Annuaire</a>' in html
    organisation = json_ld(html)["@graph"][1]
    assert organisation["mainEntityOfPage"].endswith("/fr/annuaire/coop-numerique-solidaire/")


def test_unknown_organisation_is_a_404(client, atlas):
    assert client.get("/en/directory/unknown-org/").status_code == 404
    assert client.get("/fr/annuaire/unknown-org/").status_code == 404


# --- Escaping ---
@pytest.fixture
def hostile(atlas):
    return add_organisation(
        atlas,
        title=HOSTILE,
        slug="hostile",
        summary=HOSTILE,
        city='<img src=x onerror="alert(1)">',
        national_legal_form="<i>SCIC</i>",
        location=(45.0, 4.0),
    )


def test_a_name_with_html_is_escaped_in_the_profile(client, hostile):
    html = get_profile(client, "/en/directory/hostile/")
    assert "<script>alert(" not in html
    assert "<b>Co</b>" not in html
    assert '<img src=x onerror="alert(1)">' not in html
    assert "<i>SCIC</i>" not in html
    assert "&lt;b&gt;Co&lt;/b&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_a_name_with_html_is_escaped_in_data_attributes(client, hostile):
    html = get_profile(client, "/en/directory/hostile/")
    label = re.search(r'data-label="([^"]*)"', html).group(1)
    assert unescape(label) == HOSTILE
    assert "<" not in label and '"' not in label


def test_a_name_with_html_cannot_break_out_of_the_json_ld(client, hostile):
    html = get_profile(client, "/en/directory/hostile/")
    data = json_ld(html)  # exactly one block: the name did not close the script
    assert data["@graph"][1]["name"] == HOSTILE
    assert data["@graph"][1]["description"] == HOSTILE
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "</script" not in block.lower() and "<b>" not in block


def test_a_name_with_html_is_escaped_in_the_directory_card(client, hostile):
    html = client.get("/en/directory/").content.decode()
    assert "<script>alert(" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
