"""A real partner's file (Windows-1252, ';', decimal commas, French headers, no summary, no
role): read by its headers, mapped on the mapping screen, imported as drafts to complete; the
moderators' imports, drafts queue and duplicates, by direct URL for every role."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from wagtail.models import Page

import pytest

from directory.models import OrganisationPage
from moderation.models import add_editor
from moderation.roles import MODERATORS, setup_moderation
from opendata.models import DataSource, ImportRun, ValueMapping
from tests.moderation.conftest import make_user
from tests.opendata.conftest import by_name, make_organisation, run_import

SAMPLE = Path(__file__).parent / "samples" / "partenaire-ess.csv"


def english_pages():
    return OrganisationPage.objects.filter(locale__language_code="en")


@pytest.fixture
def reseau(atlas):
    """A partner's source with no mapping at all, as a moderator first meets it."""
    return DataSource.objects.create(name="Réseau ESS", licence="CC BY 4.0")


@pytest.fixture
def roles(atlas):
    setup_moderation()
    organisation = make_organisation(atlas, title="Alpha Coop")
    editor = make_user("editor")
    add_editor(editor, organisation)
    return {
        "moderator": make_user("moderator", MODERATORS),
        "editor": editor,
        "admin": make_user("admin", is_superuser=True, is_staff=True),
    }


def test_the_sample_is_what_the_issue_describes():
    raw = SAMPLE.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    header = raw.decode("cp1252").splitlines()[0]
    assert header.startswith("Nom;Statut juridique;Secteur;Adresse;Code postal;Ville;Pays")
    assert "Résumé" not in header and "45,7640" in raw.decode("cp1252")


def test_a_partner_file_without_mapping_is_read_by_its_headers_and_comes_in_as_drafts(reseau):
    report = run_import(reseau, SAMPLE.read_bytes(), filename="partenaire-ess.csv")
    assert report.auto_matched["Statut juridique"] == "legal_form"
    assert report.auto_matched["Contact"] == "contact_name"
    summary = report.summary
    assert (summary["new"], summary["incomplete"], summary["duplicate"], summary["rejected"]) == (
        0,
        9,
        1,
        2,
    )
    rows = by_name(report)
    assert rows["Coop'Numérique Rhône"].missing == ["summary", "role"]
    assert rows["Santé Connectée Solidaire"].missing == ["summary", "sector", "role"]
    assert rows["Numérique Bruxellois"].values["country"] == "BE"  # "Belgique"
    assert rows["Café Réparation"].missing == [
        "summary",
        "sector",
        "legal_form",
        "country",
        "role",
    ]
    assert rows["Coopérative Numérique du Rhône"].status == "duplicate"
    assert "invalid coordinates" in rows["Le Lien Numérique"].reasons[0]
    # Decimal commas, and a SCOP read as a cooperative.
    assert rows["Coop'Numérique Rhône"].values["latitude"] == "45.764000"
    assert rows["Coop'Numérique Rhône"].values["legal_form"] == "cooperative"
    # Personal data dropped and reported: a personal email, a mobile number, contact names.
    dropped = "; ".join(str(item) for item in rows["Les Ateliers du Libre"].dropped)
    assert "j…@gmail.com" in dropped and "06 1…" in dropped and "contact_name" in dropped
    assert summary["personal_data_dropped"] == 4
    pages = english_pages()
    assert pages.count() == 9 and not pages.filter(live=True).exists()
    assert not OrganisationPage.objects.filter(email__contains="gmail").exists()
    assert not Page.objects.filter(title__icontains="Dupont").exists()


def test_a_dry_run_of_the_partner_file_writes_nothing(reseau):
    report = run_import(reseau, SAMPLE.read_bytes(), dry_run=True)
    assert report.summary["incomplete"] == 9
    assert not english_pages().exists()


def test_defaults_of_the_source_make_complete_drafts(reseau):
    ValueMapping.objects.create(source=reseau, atlas_field="provides_tools", atlas_value="true")
    report = run_import(reseau, SAMPLE.read_bytes())
    assert by_name(report)["Formation Pour Tous"].missing == ["summary"]


def test_the_command_says_what_it_matched(reseau, tmp_path, capsys):
    with pytest.raises(CommandError):  # rows were rejected: exit status 1
        call_command(
            "import_organisations",
            str(SAMPLE),
            source="Réseau ESS",
            dry_run=True,
            report=str(tmp_path / "r.csv"),
        )
    out = capsys.readouterr().out
    assert "columns matched by their headers: Nom → name, Statut juridique → legal_form" in out
    assert "9 new drafts to complete" in out
    assert "summary, role" in (tmp_path / "r.csv").read_text()


def upload(client, source):
    return client.post(
        "/admin/opendata/imports/new/",
        {"source": source.pk, "file": SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes())},
    )


def test_the_mapping_screen_shows_the_columns_prematched_and_saves_the_mapping(
    client, roles, reseau
):
    client.force_login(roles["moderator"])
    response = upload(client, reseau)
    run = ImportRun.objects.get()
    assert response["Location"].endswith(f"/imports/{run.pk}/mapping/")
    page = client.get(response["Location"]).content.decode()
    # Each column with samples of its values, and the field matched from its header.
    assert "Statut juridique" in page and "SCOP SARL" in page and "Association loi 1901" in page
    assert '<option value="legal_form" selected>' in page
    assert '<option value="contact_name" selected>' in page
    # A value the Atlas cannot read by itself, with a suggestion where one was found.
    assert "Santé" in page and "ASBL" not in page.split("Values to translate")[0][-50:]
    form = {"action": "save", "shown": "legal_form,sector", "default-role": "provides_tools"}
    columns = page.count('name="column-')
    for index, field in enumerate(
        [
            "name",
            "legal_form",
            "sector",
            "address",
            "postcode",
            "city",
            "country",
            "latitude",
            "longitude",
            "website",
            "email",
            "phone",
            "contact_name",
        ][:columns]
    ):
        form[f"column-{index}"] = field
    response = client.post(f"/admin/opendata/imports/{run.pk}/mapping/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert reseau.field_mappings.count() == 13
    assert reseau.value_mappings.filter(atlas_field="provides_tools", source_value="").exists()
    run.refresh_from_db()
    assert run.summary["incomplete"] == 9
    detail = client.get(f"/admin/opendata/imports/{run.pk}/").content.decode()
    assert "Confirm and import" in detail and "disabled" not in detail.split("Confirm and")[0][-80:]
    # The next file of this source goes straight to the preview, with its saved mapping.
    response = upload(client, reseau)
    assert response["Location"].endswith("/") and "mapping" not in response["Location"]


def test_a_mapping_without_a_name_column_is_a_field_error_not_a_crash(client, roles, reseau):
    client.force_login(roles["moderator"])
    upload(client, reseau)
    run = ImportRun.objects.get()
    response = client.post(
        f"/admin/opendata/imports/{run.pk}/mapping/",
        {"action": "save", "shown": "", "column-0": "not-a-field", "default-role": "nonsense"},
    )
    assert response.status_code == 200
    assert "names" in response.content.decode() or "valid choice" in response.content.decode()
    assert not reseau.field_mappings.exists()


def test_confirm_is_disabled_and_refused_when_nothing_would_be_imported(client, roles, reseau):
    client.force_login(roles["moderator"])
    bad = "Nom;Ville;Latitude;Longitude\r\n;Lyon;;\r\nCoop;Lyon;95;4\r\n".encode("cp1252")
    client.post(
        "/admin/opendata/imports/new/",
        {"source": reseau.pk, "file": SimpleUploadedFile("bad.csv", bad)},
    )
    run = ImportRun.objects.get()
    client.post(
        f"/admin/opendata/imports/{run.pk}/mapping/",
        {
            "action": "save",
            "shown": "",
            "column-0": "name",
            "column-1": "city",
            "column-2": "latitude",
            "column-3": "longitude",
        },
    )
    run.refresh_from_db()
    assert run.summary["rejected"] == 2
    detail = client.get(f"/admin/opendata/imports/{run.pk}/").content.decode()
    assert "Nothing in this file would be imported" in detail
    assert 'disabled aria-disabled="true">Confirm and import' in detail
    response = client.post(f"/admin/opendata/imports/{run.pk}/confirm/")
    run.refresh_from_db()
    assert response.status_code == 302 and run.status == "preview"


@pytest.mark.parametrize(
    ("url", "method"),
    [
        ("/admin/opendata/imports/", "get"),
        ("/admin/opendata/imports/new/", "get"),
        ("/admin/opendata/to-complete/", "get"),
        ("/admin/opendata/duplicates/", "get"),
        ("/admin/snippets/opendata/datasource/", "get"),
        ("/admin/snippets/opendata/datasource/add/", "get"),
    ],
)
def test_moderators_reach_imports_drafts_duplicates_and_sources_and_editors_do_not(
    client, roles, url, method
):
    client.force_login(roles["moderator"])
    assert getattr(client, method)(url).status_code == 200
    client.force_login(roles["editor"])
    response = getattr(client, method)(url)
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/admin/" in response["Location"]


def test_run_pages_refuse_organisation_editors(client, roles, reseau):
    client.force_login(roles["admin"])
    upload(client, reseau)
    run = ImportRun.objects.get()
    client.force_login(roles["editor"])
    for url in (
        f"/admin/opendata/imports/{run.pk}/",
        f"/admin/opendata/imports/{run.pk}/mapping/",
        f"/admin/opendata/imports/{run.pk}/report.csv",
    ):
        assert client.get(url).status_code in (302, 403)
    assert client.post(f"/admin/opendata/imports/{run.pk}/confirm/").status_code in (302, 403)
    run.refresh_from_db()
    assert run.status == "preview"


def test_moderators_edit_a_sources_mapping_but_not_its_url_schedule_or_legal_basis(
    client, roles, reseau
):
    client.force_login(roles["moderator"])
    page = client.get(f"/admin/snippets/opendata/datasource/edit/{reseau.pk}/").content.decode()
    assert 'name="field_mappings-TOTAL_FORMS"' in page
    assert 'name="import_url"' not in page and 'name="reimport_every"' not in page
    assert 'name="personal_data_legal_basis"' not in page
    client.force_login(roles["admin"])
    page = client.get(f"/admin/snippets/opendata/datasource/edit/{reseau.pk}/").content.decode()
    assert 'name="import_url"' in page


def test_the_drafts_queue_counts_filters_completes_and_publishes(client, roles, reseau):
    run_import(reseau, SAMPLE.read_bytes())
    client.force_login(roles["moderator"])
    page = client.get("/admin/opendata/to-complete/").content.decode()
    assert "9 imported organisations lack what publishing needs" in page
    assert "Sector (3)" in page  # Santé, Collectif, Café Réparation lack a sector
    filtered = client.get("/admin/opendata/to-complete/?missing=sector").content.decode()
    assert "Café Réparation" in filtered and "Formation Pour Tous" not in filtered
    # Bogus filters are ignored, not errors.
    assert client.get("/admin/opendata/to-complete/?missing=x&p=zz").status_code == 200

    lacking_only_text = english_pages().filter(live=False).exclude(title="Café Réparation")
    ids = [str(pk) for pk in lacking_only_text.values_list("pk", flat=True)]
    response = client.post(
        "/admin/opendata/to-complete/", {"pages": ids, "action": "set", "role": "both"}
    )
    assert response.status_code == 302
    assert (
        not english_pages()
        .filter(supports_transition=False)
        .exclude(title="Café Réparation")
        .exists()
    )
    # Publishing publishes nothing while the summary is missing.
    client.post("/admin/opendata/to-complete/", {"pages": ids, "action": "publish"})
    assert not english_pages().filter(live=True).exclude(title="Alpha Coop").exists()
    formation = english_pages().get(title="Formation Pour Tous")
    formation.summary = "Des formations au numérique pour toutes et tous."
    formation.save()
    client.post("/admin/opendata/to-complete/", {"pages": [formation.pk], "action": "publish"})
    formation.refresh_from_db()
    assert formation.live and all(alias.live for alias in formation.aliases.all())


def test_organisation_editors_cannot_complete_or_publish_drafts(client, roles, reseau):
    run_import(reseau, SAMPLE.read_bytes())
    client.force_login(roles["editor"])
    draft = english_pages().get(title="Formation Pour Tous")
    response = client.post(
        "/admin/opendata/to-complete/", {"pages": [draft.pk], "action": "set", "role": "both"}
    )
    assert response.status_code in (302, 403)
    draft.refresh_from_db()
    assert not draft.supports_transition
