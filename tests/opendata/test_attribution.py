"""Each profile names every source its data comes from, with their licences ("Data from …")."""

import pytest

from directory.models import OrganisationPage
from opendata.models import DataSource, DuplicateCandidate, FieldMapping, ValueMapping
from tests.opendata.conftest import partner_csv, run_import
from tests.opendata.test_admin import GOOD


@pytest.fixture
def second_partner(partner):
    """Another network publishing the same kind of file, under another licence."""
    source = DataSource.objects.create(
        name="Réseau Deux",
        website="https://reseau-deux.example",
        licence="ODbL 1.0",
        licence_url="https://opendatacommons.org/licenses/odbl/1-0/",
        attribution="© Réseau Deux et ses membres",
        default_mode="publish",
    )
    for mapping in partner.field_mappings.all():
        FieldMapping.objects.create(
            source=source, column=mapping.column, atlas_field=mapping.atlas_field
        )
    for mapping in partner.value_mappings.all():
        ValueMapping.objects.create(
            source=source,
            atlas_field=mapping.atlas_field,
            source_value=mapping.source_value,
            atlas_value=mapping.atlas_value,
        )
    return source


def profile_html(client, language="en"):
    page = OrganisationPage.objects.get(locale__language_code=language, title="Coop Libre")
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def credits_section(html):
    start = html.index("Data from") if "Data from" in html else html.index("Données issues")
    return html[start : html.index("</ul>", start)]


def test_an_imported_profile_names_its_source_and_licence(client, partner):
    run_import(partner, partner_csv(GOOD))
    credits = credits_section(profile_html(client))
    assert "Réseau Partenaire" in credits and "CC BY 4.0" in credits
    assert "© Réseau Partenaire" in credits


def test_a_merged_profile_names_every_source_and_licence(
    client, admin_client, partner, second_partner
):
    run_import(partner, partner_csv(GOOD))
    # The second network has the same organisation under its own id: a possible duplicate.
    report = run_import(second_partner, partner_csv(GOOD.replace("1;Coop", "B-77;Coop")))
    assert report.rows[0].status == "duplicate"
    candidate = DuplicateCandidate.objects.get()
    admin_client.post(f"/admin/opendata/duplicates/{candidate.pk}/", {"decision": "merge"})

    for language in ("en", "fr"):
        credits = credits_section(profile_html(client, language))
        assert "Réseau Partenaire" in credits and "CC BY 4.0" in credits, language
        assert "Réseau Deux" in credits and "ODbL 1.0" in credits, language
        assert 'href="https://opendatacommons.org/licenses/odbl/1-0/"' in credits
        assert 'href="https://reseau-deux.example"' in credits
        assert "© Réseau Deux et ses membres" in credits

    # The second network's next import updates the organisation: still both, each named once.
    run_import(second_partner, partner_csv(GOOD.replace("1;Coop", "B-77;Coop")))
    credits = credits_section(profile_html(client))
    assert credits.count("Réseau Partenaire") == 2  # the name and its attribution text
    assert credits.count("Réseau Deux") == 2


def test_a_source_named_only_on_the_page_is_credited_too(client, add_org):
    add_org(title="Coop Libre", data_source="Annuaire régional", source_licence="CC0")
    credits = credits_section(profile_html(client))
    assert "Annuaire régional" in credits and "CC0" in credits
