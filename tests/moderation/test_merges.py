"""Merging a duplicate keeps its links alive (301 to the survivor, in HTML and the API), records
which source won each field, and can be undone; by direct URL for every role."""

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageLogEntry

import pytest

from directory import merging
from directory.models import OrganisationMerge, OrganisationPage, Tombstone

SCRIPT = {"x-requested-with": "XMLHttpRequest"}  # Wagtail answers 403 instead of redirecting


@pytest.fixture
def pair(atlas):
    """Beta (a duplicate with a city, an identifier and another source) and Alpha (kept)."""
    beta = atlas.org_b
    beta.city, beta.data_source, beta.identifiers = "Lyon", "Partner", {"wikidata": "Q42"}
    beta.save_revision().publish()
    alpha = atlas.org_a
    alpha.city, alpha.identifiers = "", {"siren": "732829320"}
    alpha.save_revision().publish()
    return OrganisationPage.objects.get(pk=beta.pk), OrganisationPage.objects.get(pk=alpha.pk)


def merge_by_post(client, merged, survivor):
    return client.post(
        f"/admin/merges/merge/{merged.pk}/",
        {"survivor": survivor.pk, "confirm": "yes"},
        headers=SCRIPT,
    )


def test_merge_keeps_links_alive_and_records_who_won(atlas, pair, client):
    beta, alpha = pair
    beta_url, beta_fr_url = beta.url, atlas.org_b_fr.url
    client.force_login(atlas.moderator)
    # The preview says which side each field keeps, before anything changes.
    preview = client.post(f"/admin/merges/merge/{beta.pk}/", {"survivor": alpha.pk})
    assert preview.status_code == 200 and "Partner" in preview.content.decode()
    assert OrganisationPage.objects.get(pk=beta.pk).live
    response = merge_by_post(client, beta, alpha)
    assert response.status_code == 302
    record = OrganisationMerge.objects.get()
    assert record.field_sources["city"] == {"won": "merged", "source": "Partner"}
    assert record.field_sources["website"]["won"] == "survivor"
    assert record.field_sources["identifiers"]["won"] == "both"
    alpha.refresh_from_db()
    assert alpha.city == "Lyon"
    assert alpha.identifiers == {"siren": "732829320", "wikidata": "Q42"}
    assert PageLogEntry.objects.filter(page=alpha, action=merging.MERGE_ACTION).exists()
    client.logout()
    # The old addresses answer 301 to the survivor, in each language.
    old = client.get(beta_url)
    assert old.status_code == 301 and old["Location"].endswith(alpha.url)
    old_fr = client.get(beta_fr_url)
    assert old_fr.status_code == 301 and old_fr["Location"].endswith(atlas.org_a_fr.url)
    # The API says where it went.
    api = client.get(f"/api/v1/organisations/{beta.translation_key}")
    assert api.status_code == 301
    assert api.json()["merged_into"] == str(alpha.translation_key)
    assert api["Location"].endswith(f"/api/v1/organisations/{alpha.translation_key}")
    assert client.get(api["Location"]).status_code == 200


def test_undo_puts_everything_back(atlas, pair, client):
    beta, alpha = pair
    redirects = set(Redirect.objects.values_list("pk", flat=True))
    client.force_login(atlas.moderator)
    merge_by_post(client, beta, alpha)
    assert set(Redirect.objects.values_list("pk", flat=True)) != redirects
    record = OrganisationMerge.objects.get()
    listing = client.get("/admin/merges/")
    assert "Undo this merge" in listing.content.decode()
    assert client.post(f"/admin/merges/{record.pk}/undo/").status_code == 302
    alpha.refresh_from_db()
    beta.refresh_from_db()
    assert alpha.city == "" and alpha.identifiers == {"siren": "732829320"}
    assert beta.live and OrganisationPage.objects.get(pk=atlas.org_b_fr.pk).live
    # The merge's redirects are gone (the site tree's own, from its seeding, stay).
    assert set(Redirect.objects.values_list("pk", flat=True)) == redirects
    assert not Tombstone.objects.exists()
    client.logout()
    assert client.get(beta.url).status_code == 200
    assert client.get(f"/api/v1/organisations/{beta.translation_key}").status_code == 200
    record.refresh_from_db()
    assert record.undone_at is not None


@pytest.mark.parametrize("role", ["editor_a", "editor_b", "communications", "anonymous"])
def test_other_roles_cannot_merge_or_undo_by_direct_url(atlas, pair, client, role):
    beta, alpha = pair
    record = merging.merge(beta, alpha, atlas.admin)
    if role != "anonymous":
        client.force_login(getattr(atlas, role))
    for url in ["/admin/merges/", f"/admin/merges/merge/{alpha.pk}/"]:
        assert client.get(url, headers=SCRIPT).status_code in (302, 403), url
    assert merge_by_post(client, alpha, beta).status_code in (302, 403)
    client.post(f"/admin/merges/{record.pk}/undo/", headers=SCRIPT)
    record.refresh_from_db()
    assert record.undone_at is None
    assert OrganisationMerge.objects.count() == 1
    assert OrganisationPage.objects.get(pk=alpha.pk).live


def test_moderators_and_administrators_reach_the_merge_screens(atlas, pair, client):
    beta, _alpha = pair
    for user in (atlas.moderator, atlas.admin):
        client.force_login(user)
        assert client.get("/admin/merges/").status_code == 200
        page = client.get(f"/admin/merges/merge/{beta.pk}/")
        assert page.status_code == 200
        edit = client.get(f"/admin/pages/{beta.pk}/edit/").content.decode()
        assert f"/admin/merges/merge/{beta.pk}/" in edit


def test_a_merge_refuses_itself_and_translations(atlas, pair):
    beta, _alpha = pair
    with pytest.raises(Exception, match="itself"):
        merging.merge(beta, beta, atlas.admin)
    with pytest.raises(Exception, match="original"):
        merging.merge(atlas.org_b_fr, atlas.org_a, atlas.admin)


def test_deleting_and_unpublishing_leave_tombstones_the_api_answers_410(atlas, client):
    key = atlas.org_b.translation_key
    atlas.org_b.unpublish()
    assert Tombstone.objects.get(atlas_id=key).kind == "unpublished"
    response = client.get(f"/api/v1/organisations/{key}")
    assert response.status_code == 410 and response.json()["reason"] == "unpublished"
    atlas.org_b.get_latest_revision().publish()
    assert not Tombstone.objects.filter(atlas_id=key).exists()
    atlas.org_b_fr.delete()
    OrganisationPage.objects.get(pk=atlas.org_b.pk).delete()
    assert Tombstone.objects.get(atlas_id=key).kind == "deleted"
