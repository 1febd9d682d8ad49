"""Import rules: rejections, idempotence, conflicts, duplicates, GDPR, atomicity, the command."""

from django.core.management import CommandError, call_command
from django.db import connection

from wagtail.models import Page

import pytest

from directory.models import OrganisationPage
from opendata.imports.importer import Importer
from opendata.imports.lock import LOCK_KEY, ImportAlreadyRunning
from opendata.models import DuplicateCandidate, ImportedRecord, ValueMapping
from tests.opendata.conftest import partner_csv, run_import

GOOD = (
    "1;Coop Libre;Aide les associations;https://coop-libre.example;"
    "contact@coop-libre.example;+33 4 72 00 00 00;Lyon;FR;45.76;4.83;"
    "Numérique solidaire;Coopérative;"
)


def english_pages():
    return OrganisationPage.objects.filter(locale__language_code="en")


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("2;;Aide;;;;Lyon;FR;;;Numérique solidaire;Coopérative;", "missing name"),
        ("2;Coop;Aide;;;;Lyon;FR;95;4.8;Numérique solidaire;Coopérative;", "invalid coordinates"),
        ("2;Coop;Aide;;;;Lyon;FR;abc;4.8;Numérique solidaire;Coopérative;", "invalid coordinates"),
        ("2;Coop;Aide;;;;Lyon;FR;0;0;Numérique solidaire;Coopérative;", "invalid coordinates"),
        (
            "2;Coop;Aide;javascript:alert(1);;;Lyon;FR;;;Numérique solidaire;Coopérative;",
            "unsafe URL",
        ),
        ("2;Coop;Aide;;;;;;;;Numérique solidaire;Coopérative;", "nothing to locate or identify"),
    ],
)
def test_only_an_unusable_record_is_rejected(partner, row, reason):
    partner.value_mappings.filter(atlas_field="country").delete()
    report = run_import(partner, partner_csv(row))
    result = report.rows[0]
    assert result.status == "rejected"
    assert any(reason in text for text in result.reasons), result.reasons
    assert not english_pages().exists()
    assert reason.split(" '")[0] in report.to_csv()


@pytest.mark.parametrize(
    ("row", "missing", "warning"),
    [
        ("2;Coop;Aide;;;;Lyon;FR;;;Cuisine;Coopérative;", ["sector"], "unknown sector 'Cuisine'"),
        (
            "2;Coop;Aide;;;;Lyon;Atlantis;;;Numérique solidaire;Coopérative;",
            ["country"],
            "Atlantis",
        ),
        ("2;Coop;Aide;;;;Lyon;FR;;;Numérique solidaire;SARL;", ["legal_form"], "'SARL'"),
        ("2;Coop;;;;;Lyon;FR;;;Numérique solidaire;Coopérative;", ["summary"], ""),
        ("2;Coop;;;;;Lyon;FR;;;;;", ["summary", "sector", "legal_form"], ""),
    ],
)
def test_a_sparse_record_comes_in_as_a_draft_saying_what_it_lacks(partner, row, missing, warning):
    report = run_import(partner, partner_csv(row))
    result = report.rows[0]
    assert result.status == "incomplete", result.reasons
    assert result.missing == missing
    assert warning in "; ".join(result.warnings)
    assert report.summary["incomplete"] == 1
    assert ", ".join(missing) in report.to_csv()
    page = english_pages().get()
    assert not page.live  # never published, whatever the source's mode
    assert page.missing_fields == missing
    assert not any(alias.live for alias in page.aliases.all())


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ("2;Coop;Aide;pas une url;;;Lyon;FR;;;Numérique solidaire;Coopérative;", "website"),
        ("2;Coop;Aide;;pas-un-courriel;;Lyon;FR;;;Numérique solidaire;Coopérative;", "email"),
    ],
)
def test_an_unreadable_value_is_left_out_with_a_warning(partner, row, field):
    report = run_import(partner, partner_csv(row))
    result = report.rows[0]
    assert result.status == "new"
    assert any(field in text and "left out" in text for text in result.warnings)
    assert getattr(english_pages().get(), field) == ""


def test_a_record_without_a_role_is_a_draft_to_complete(partner):
    partner.value_mappings.filter(atlas_field="supports_transition").delete()
    report = run_import(partner, partner_csv(GOOD))
    assert report.rows[0].status == "incomplete"
    assert report.rows[0].missing == ["role"]
    assert not english_pages().get().live


def test_an_update_never_empties_what_the_record_lacks(partner):
    run_import(partner, partner_csv(GOOD))
    sparse = GOOD.replace("Aide les associations", "").replace("Numérique solidaire", "")
    report = run_import(partner, partner_csv(sparse))
    assert report.rows[0].status == "unchanged"
    page = english_pages().get()
    assert page.summary == "Aide les associations"
    assert page.sector.slug == "digital-inclusion"
    assert page.live


def test_reimport_is_idempotent(partner):
    run_import(partner, partner_csv(GOOD))
    report = run_import(partner, partner_csv(GOOD))
    assert report.rows[0].status == "unchanged"
    assert english_pages().count() == 1
    assert OrganisationPage.objects.count() == 3  # and its French and German aliases
    assert ImportedRecord.objects.get().record_id == "1"


def test_reimport_updates_what_the_source_changed(partner):
    run_import(partner, partner_csv(GOOD))
    changed = GOOD.replace("Aide les associations", "Aide toutes les associations")
    report = run_import(partner, partner_csv(changed))
    assert report.rows[0].status == "updated"
    assert report.rows[0].changes == ["summary"]
    page = english_pages().get()
    assert page.summary == "Aide toutes les associations"
    assert all(a.specific.summary == "Aide toutes les associations" for a in page.aliases.all())


def test_a_field_the_organisation_edited_is_kept_and_reported_as_a_conflict(partner):
    run_import(partner, partner_csv(GOOD))
    page = english_pages().get()
    page.summary = "Notre propre présentation"
    page.save_revision().publish()
    changed = GOOD.replace("Aide les associations", "Nouveau texte").replace("Lyon", "Villeurbanne")
    report = run_import(partner, partner_csv(changed))
    row = report.rows[0]
    assert row.status == "updated"
    assert row.conflicts == ["summary"] and row.changes == ["city"]
    page = english_pages().get()
    assert page.summary == "Notre propre présentation"
    assert page.city == "Villeurbanne"
    assert "summary" in report.to_csv()


def test_duplicates_across_sources_are_queued_not_created(partner, atlas, add_org):
    existing = add_org(
        title="Coop Libre SCIC", city="Lyon", website="https://www.coop-libre.example/about"
    )
    near = add_org(title="Les Faiseurs Numériques", city="Villeurbanne", location=(45.7700, 4.8800))
    rows = [
        GOOD,  # same website domain
        "2;coop libre;Aide;;;;LYON;FR;;;Numérique solidaire;Coopérative;",  # name and city
        "3;Faiseurs Numériques;Aide;;;;Ailleurs;FR;45.7710;4.8810;Numérique solidaire;Coopérative;",
        "4;Tout autre chose;Aide;;;;Lyon;FR;45.7710;4.8810;Numérique solidaire;Coopérative;",
    ]
    report = run_import(partner, partner_csv(*rows))
    statuses = [row.status for row in report.rows]
    assert statuses == ["duplicate", "duplicate", "duplicate", "new"]
    assert "website" in report.rows[0].reasons[0]
    assert "name and city" in report.rows[1].reasons[0]
    assert "1 km" in report.rows[2].reasons[0]
    queue = DuplicateCandidate.objects.order_by("record_id")
    assert [(d.record_id, d.match_id) for d in queue] == [
        ("1", existing.pk),
        ("2", existing.pk),
        ("3", near.pk),
    ]
    assert english_pages().count() == 3  # only "Tout autre chose" was created


def test_personal_data_is_dropped_and_reported(partner):
    row = (
        "5;Coop Perso;Aide. Appelez Jean au 06 12 34 56 78;;"
        "jean.dupont@coop.example;+33 6 11 22 33 44;Lyon;FR;;;"
        "Numérique solidaire;Coopérative;Jean Dupont"
    )
    report = run_import(partner, partner_csv(row))
    result = report.rows[0]
    assert result.status == "new"
    dropped = " ".join(str(item) for item in result.dropped)
    # The report says what was dropped without keeping it.
    assert "personal email j…@coop.example" in dropped
    assert "mobile number +33 … 44" in dropped
    assert "summary: 06 1… 78" in dropped
    assert "dupont" not in report.to_csv() and "11 22 33" not in report.to_csv()
    assert "contact_name" in dropped
    page = english_pages().get()
    assert page.email == "" and page.phone == ""
    assert "06 12" not in page.summary and "Jean Dupont" not in str(page.serializable_data())


def test_personal_data_is_kept_when_the_source_records_a_legal_basis(partner):
    partner.personal_data_legal_basis = "Consent collected by the partner (art. 6.1.a)"
    partner.save()
    row = (
        "5;Coop Perso;Aide;;jean.dupont@coop.example;+33 6 11 22 33 44;Lyon;FR;"
        ";;Numérique solidaire;Coopérative;"
    )
    run_import(partner, partner_csv(row))
    page = english_pages().get()
    assert page.email == "jean.dupont@coop.example"


def test_value_mappings_translate_the_sources_vocabulary(partner):
    ValueMapping.objects.create(
        source=partner, atlas_field="sector", source_value="Hébergement", atlas_value="hosting"
    )
    row = GOOD.replace("Numérique solidaire", "hébergement")  # case does not matter
    report = run_import(partner, partner_csv(row))
    assert report.rows[0].values["sector"] == "hosting"


def test_a_failure_in_the_middle_leaves_nothing_half_done(partner, monkeypatch):
    def explode(self, rows):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Importer, "_remember", explode)
    with pytest.raises(RuntimeError):
        run_import(partner, partner_csv(GOOD, GOOD.replace("1;Coop Libre", "2;Coop Deux")))
    assert not english_pages().exists()
    assert not ImportedRecord.objects.exists()
    assert all(not problems for problems in Page.find_problems())
    assert Page.objects.get(pk=Page.objects.get(slug="directory").pk).numchild == 0


def test_dry_run_changes_nothing(partner):
    report = run_import(partner, partner_csv(GOOD), dry_run=True)
    assert report.rows[0].status == "new"
    assert not english_pages().exists() and not ImportedRecord.objects.exists()


def test_draft_mode_creates_pages_for_review(partner, client):
    partner.default_mode = "draft"
    partner.save()
    run_import(partner, partner_csv(GOOD))
    page = english_pages().get()
    assert not page.live
    assert "Coop Libre" not in client.get("/open-data/organisations.csv").content.decode()


def test_command_writes_the_report_and_fails_on_rejections(partner, tmp_path, capsys):
    path = tmp_path / "partner.csv"
    path.write_bytes(partner_csv(GOOD, "2;;Aide;;;;Lyon;FR;;;Numérique solidaire;Coopérative;"))
    report = tmp_path / "report.csv"
    with pytest.raises(CommandError) as error:
        call_command(
            "import_organisations", str(path), source="Réseau Partenaire", report=str(report)
        )
    assert error.value.returncode == 1
    assert str(report) in str(error.value)
    assert "1 new" in capsys.readouterr().out
    lines = report.read_text().splitlines()
    assert lines[0].startswith("row,status,name")
    assert "rejected" in lines[2] and "missing name" in lines[2]
    assert english_pages().count() == 1  # the good row came in


def test_command_dry_run_succeeds_without_rejections(partner, tmp_path, capsys):
    path = tmp_path / "partner.csv"
    path.write_bytes(partner_csv(GOOD))
    call_command(
        "import_organisations",
        str(path),
        source="Réseau Partenaire",
        dry_run=True,
        report=str(tmp_path / "r.csv"),
    )
    assert "Dry run: 1 rows — 1 new" in capsys.readouterr().out
    assert not english_pages().exists()


def test_command_refuses_an_unknown_source(atlas, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a\n1\n")
    with pytest.raises(CommandError, match="Unknown source"):
        call_command("import_organisations", str(path), source="Nobody")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's")
def test_two_imports_never_run_at_once(partner):
    import psycopg

    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"],
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
    )
    try:
        other.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])  # an import in progress
        with pytest.raises(ImportAlreadyRunning):
            run_import(partner, partner_csv(GOOD))
    finally:
        other.close()
    assert not english_pages().exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_waits_for_none_while_another_holds_the_lock(migrated_data, partner):
    """On every database: a second import refuses to start while one is running in another
    connection (SQLite: the lock row's write lock; PostgreSQL: the advisory lock)."""
    import threading

    from django.db import connections, transaction

    from opendata.imports.lock import acquire_import_lock

    holding, release, errors = threading.Event(), threading.Event(), []

    def running_import():
        try:
            with transaction.atomic():
                acquire_import_lock()
                holding.set()
                release.wait(timeout=60)
        except Exception as error:  # pragma: no cover - shown by the assertion below
            errors.append(error)
            holding.set()
        finally:
            connections.close_all()

    other = threading.Thread(target=running_import)
    other.start()
    try:
        assert holding.wait(timeout=30)
        assert not errors
        with pytest.raises(ImportAlreadyRunning):
            run_import(partner, partner_csv(GOOD))
        assert not english_pages().exists()
    finally:
        release.set()
        other.join(timeout=60)
    # Once the first import has finished, the next one runs.
    assert run_import(partner, partner_csv(GOOD)).summary["new"] == 1
    assert english_pages().count() == 1


def test_imported_organisations_are_found_by_search_in_both_languages(
    client, partner, django_capture_on_commit_callbacks
):
    row = GOOD.replace("Aide les associations", "Aide les associations xylophonistes")
    with django_capture_on_commit_callbacks(execute=True):  # the indexing task, after commit
        run_import(partner, partner_csv(row))
    for url in ("/en/directory/", "/fr/annuaire/"):
        html = client.get(url, {"q": "xylophonistes"}).content.decode()
        assert "Coop Libre" in html, url
        assert "Coop Libre" not in client.get(url, {"q": "saxophonistes"}).content.decode()


def test_an_update_gives_the_french_alias_this_organisation_s_links_only(
    partner, atlas_source, add_org
):
    from directory.models import OrganisationSocialLink

    other = add_org(title="Other Coop", website="https://other.example")
    other.social_links = [OrganisationSocialLink(kind="mastodon", url="https://social.coop/@o")]
    other.save_revision().publish()
    run_import(partner, partner_csv(GOOD))
    report = run_import(partner, partner_csv(GOOD.replace("Aide les associations", "Aide aussi")))
    assert report.rows[0].status == "updated"
    for page in OrganisationPage.objects.filter(title="Coop Libre"):
        assert page.social_links.count() == 0, page.locale
    assert OrganisationSocialLink.objects.count() == 2  # Other Coop's, English and its French alias
