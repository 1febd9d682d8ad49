"""Admin: upload → preview → confirm (background task), the duplicates queue, erasure."""

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.models import PageLogEntry, Revision

from directory.models import OrganisationPage
from opendata.models import DuplicateCandidate, ImportedRecord, ImportRun
from tests.opendata.conftest import partner_csv, run_import

GOOD = (
    "1;Coop Libre;Aide les associations;https://coop-libre.example;contact@coop-libre.example;;"
    "Lyon;FR;45.76;4.83;Numérique solidaire;Coopérative;"
)
BAD = "2;;Aide;;;;Lyon;FR;;;Numérique solidaire;Coopérative;"


def english_pages():
    return OrganisationPage.objects.filter(locale__language_code="en")


def upload(admin_client, source, content, name="partner.csv"):
    return admin_client.post(
        "/admin/opendata/imports/new/",
        {"source": source.pk, "file": SimpleUploadedFile(name, content)},
    )


def test_upload_previews_without_changing_anything(admin_client, partner):
    response = upload(admin_client, partner, partner_csv(GOOD, BAD))
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{run.pk}/")
    assert not english_pages().exists()
    page = admin_client.get(response["Location"]).content.decode()
    assert "Confirm and import" in page
    assert "missing name" in page  # the rejected row is shown with its reason
    report = admin_client.get(f"/admin/opendata/imports/{run.pk}/report.csv")
    assert report.status_code == 200
    assert "rejected" in report.content.decode()


def test_confirm_runs_the_import_as_a_task(
    admin_client, partner, django_capture_on_commit_callbacks
):
    upload(admin_client, partner, partner_csv(GOOD))
    run = ImportRun.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/opendata/imports/{run.pk}/confirm/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == "done" and run.summary["new"] == 1
    assert run.content is None  # the upload is not kept once imported
    assert english_pages().get().title == "Coop Libre"
    # A confirmed import cannot be confirmed twice.
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/opendata/imports/{run.pk}/confirm/")
    assert english_pages().count() == 1 and ImportRun.objects.get().status == "done"


def test_an_unreadable_upload_gets_a_field_error(admin_client, partner):
    response = upload(admin_client, partner, b"%PDF-1.4", name="partner.pdf")
    assert response.status_code == 200
    assert "Choose a .csv, .xlsx, .json or .geojson file" in response.content.decode()
    response = upload(admin_client, partner, b"{not json", name="partner.json")
    assert "This is not valid JSON" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_every_import_view_refuses_an_organisation_editor_by_direct_url(
    client, admin_client, django_user_model, partner, add_org
):
    from django.contrib.auth.models import Group

    from moderation.roles import ORGANISATION_EDITORS, setup_moderation

    setup_moderation()
    upload(admin_client, partner, partner_csv(GOOD))
    run = ImportRun.objects.get()
    organisation = add_org(title="Coop Existante", website="https://coop-libre.example")
    run_import(partner, partner_csv(GOOD.replace("1;Coop Libre", "8;Coop Libre")))
    candidate = DuplicateCandidate.objects.get()
    editor = django_user_model.objects.create_user("org-editor", password="pw")
    editor.groups.add(Group.objects.get(name=ORGANISATION_EDITORS))
    client.force_login(editor)
    script = {"x-requested-with": "XMLHttpRequest"}  # Wagtail answers 403 instead of redirecting
    for url in [
        "/admin/opendata/imports/",
        "/admin/opendata/imports/new/",
        f"/admin/opendata/imports/{run.pk}/",
        f"/admin/opendata/imports/{run.pk}/report.csv",
        "/admin/opendata/duplicates/",
        f"/admin/opendata/erase/{organisation.pk}/",
    ]:
        assert client.get(url, headers=script).status_code == 403, url
    for url, data in [
        (f"/admin/opendata/imports/{run.pk}/confirm/", {}),
        (f"/admin/opendata/imports/{run.pk}/cancel/", {}),
        (f"/admin/opendata/duplicates/{candidate.pk}/", {"decision": "merge"}),
        (f"/admin/opendata/erase/{organisation.pk}/", {}),
    ]:
        assert client.post(url, data, headers=script).status_code == 403, url
    run.refresh_from_db()
    candidate.refresh_from_db()
    assert run.status == "preview" and candidate.status == "pending"
    assert OrganisationPage.objects.filter(pk=organisation.pk).exists()


def test_data_source_snippet_can_be_created_in_the_admin(admin_client, atlas):
    response = admin_client.get("/admin/snippets/opendata/datasource/add/")
    assert response.status_code == 200
    assert "Column mapping" in response.content.decode()


def test_duplicates_queue_merge_and_keep_apart(admin_client, partner, add_org):
    existing = add_org(title="Coop Libre", city="Lyon", website="https://coop-libre.example")
    run_import(partner, partner_csv(GOOD, GOOD.replace("1;Coop", "7;Coop")))
    first, second = DuplicateCandidate.objects.order_by("record_id")
    page = admin_client.get("/admin/opendata/duplicates/").content.decode()
    assert "Same organisation: merge" in page and "same website domain" in page

    admin_client.post(f"/admin/opendata/duplicates/{first.pk}/", {"decision": "merge"})
    first.refresh_from_db()
    assert first.status == "merged"
    assert ImportedRecord.objects.get(record_id="1").translation_key == existing.translation_key

    admin_client.post(f"/admin/opendata/duplicates/{second.pk}/", {"decision": "keep_apart"})
    second.refresh_from_db()
    assert second.status == "kept_apart"
    assert english_pages().filter(title="Coop Libre").count() == 2

    # Next import: the merged record updates the existing organisation, nothing is queued.
    report = run_import(partner, partner_csv(GOOD))
    assert report.rows[0].status in ("updated", "unchanged")


def test_erasure_removes_the_organisation_everywhere(admin_client, client, partner, add_org):
    run_import(partner, partner_csv(GOOD))
    page = english_pages().get()
    page.summary = "Edited"
    page.save_revision().publish()
    ids = list(
        OrganisationPage.objects.filter(translation_key=page.translation_key).values_list(
            "pk", flat=True
        )
    )
    assert len(ids) == 3  # English, French and German
    assert "Coop Libre" in client.get("/open-data/organisations.csv").content.decode()

    confirm = admin_client.get(f"/admin/opendata/erase/{page.pk}/")
    assert "This cannot be undone" in confirm.content.decode()
    admin_client.post(f"/admin/opendata/erase/{page.pk}/")

    assert not OrganisationPage.objects.filter(pk__in=ids).exists()
    assert not Revision.objects.filter(object_id__in=[str(i) for i in ids]).exists()
    assert not PageLogEntry.objects.filter(page_id__in=ids).exists()
    assert not ImportedRecord.objects.exists()
    assert "Coop Libre" not in client.get("/open-data/organisations.csv").content.decode()
    assert not OrganisationPage.objects.search("Coop Libre")


def test_the_mapping_form_names_atlas_fields_in_words(admin_client, atlas):
    page = admin_client.get("/admin/snippets/opendata/datasource/add/").content.decode()
    assert ">Name (name)</option>" in page
    assert ">Record id in the source (source_record_id)</option>" in page
    assert ">Contact person (personal data: dropped without a legal basis) (contact_name)<" in page


def test_a_merged_record_fills_the_gaps_and_never_takes_the_organisation_over(
    admin_client, partner, add_org
):
    existing = add_org(
        title="Coop Libre",
        summary="Notre résumé, écrit par la coopérative.",
        city="Lyon",
        website="https://coop-libre.example",
        email="",
        phone="",
    )
    theirs = GOOD.replace("1;Coop Libre;Aide les associations", "1;Coop Libre (réseau);Leur résumé")
    run_import(partner, partner_csv(theirs))
    candidate = DuplicateCandidate.objects.get()
    admin_client.post(f"/admin/opendata/duplicates/{candidate.pk}/", {"decision": "merge"})

    page = OrganisationPage.objects.get(pk=existing.pk)
    # What the organisation left empty comes from the source; what it wrote stays.
    assert page.email == "contact@coop-libre.example"
    assert (round(page.latitude, 2), round(page.longitude, 2)) == (45.76, 4.83)
    assert page.title == "Coop Libre" and page.summary.startswith("Notre résumé")
    assert page.data_source == existing.data_source  # where it was first entered
    french = OrganisationPage.objects.get(
        translation_key=page.translation_key, locale__language_code="fr"
    )
    assert french.email == "contact@coop-libre.example"  # the alias follows

    # The source's next imports: its own values are not forced onto the organisation.
    report = run_import(partner, partner_csv(theirs))
    row = report.rows[0]
    assert row.status == "unchanged"
    assert set(row.conflicts) == {"name", "summary"}
    page.refresh_from_db()
    assert page.title == "Coop Libre" and page.data_source == existing.data_source
    # A value the source supplied follows the source when it changes.
    changed = theirs.replace("contact@coop-libre.example", "bonjour@coop-libre.example")
    report = run_import(partner, partner_csv(changed))
    assert report.rows[0].status == "updated" and report.rows[0].changes == ["email"]
    page.refresh_from_db()
    assert page.email == "bonjour@coop-libre.example" and page.title == "Coop Libre"


def test_cancelling_a_preview_drops_it_and_its_file(admin_client, partner):
    upload(admin_client, partner, partner_csv(GOOD))
    run = ImportRun.objects.get()
    assert admin_client.get(f"/admin/opendata/imports/{run.pk}/cancel/").status_code == 405
    response = admin_client.post(f"/admin/opendata/imports/{run.pk}/cancel/")
    assert response.status_code == 302
    assert not ImportRun.objects.exists() and not english_pages().exists()
    # Only a preview can be cancelled: nothing else is found there.
    assert admin_client.post(f"/admin/opendata/imports/{run.pk}/cancel/").status_code in (302, 404)


def test_the_preview_lists_what_each_updated_row_changes_in_words(admin_client, partner):
    run_import(partner, partner_csv(GOOD))
    changed = GOOD.replace("contact@coop-libre.example", "bonjour@coop-libre.example")
    upload(admin_client, partner, partner_csv(changed, BAD))
    page = admin_client.get(f"/admin/opendata/imports/{ImportRun.objects.get().pk}/")
    html = page.content.decode()
    assert "<td>updated</td>" in html and "<td>Organisational email</td>" in html
    report = admin_client.get(f"/admin/opendata/imports/{ImportRun.objects.get().pk}/report.csv")
    text = report.content.decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets read it as UTF-8
    rejected = [line for line in text.splitlines() if ",rejected," in line]
    assert rejected and rejected[0].split(",")[3] == "2"  # the rejected row's id in the file


def test_the_upload_form_help_is_translated(admin_client, admin_user, partner):
    from wagtail.users.models import UserProfile

    # The admin speaks the language the user chose (stored at first sign-in otherwise).
    UserProfile.objects.filter(user=admin_user).update(preferred_language="fr")
    page = admin_client.get("/admin/opendata/imports/new/", HTTP_ACCEPT_LANGUAGE="fr")
    assert "CSV, XLSX, JSON ou GeoJSON, 25 Mo au maximum." in page.content.decode()


def test_the_preview_warns_of_new_rows_without_coordinates(admin_client, partner):
    no_location = GOOD.replace("45.76;4.83", ";")
    upload(admin_client, partner, partner_csv(no_location))
    html = admin_client.get(f"/admin/opendata/imports/{ImportRun.objects.get().pk}/").content
    assert "no coordinates: flagged “needs location”" in html.decode()
