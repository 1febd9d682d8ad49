"""What other accounts must never learn, by direct URL: organisation A's images and documents,
the titles of unpublished drafts (a proposal awaiting review, a renamed profile not yet
approved), and who organisation A's editor is.

Each probe is a URL a curious account can type; the secrets must not be in the answer, whatever
its status. The owners, moderators and administrators still see them (the probes would be
useless if they could not find the secrets anywhere).
"""

from urllib.parse import urlsplit

from django.urls import reverse

from wagtail.models import Collection

import pytest

from directory.models import OrganisationPage

# Strings only organisation A's editor, the moderators and the administrators may read.
DRAFT_TITLE = "Zeta Hidden Proposal"
RENAMED_TITLE = "Alpha Quietly Renamed"


@pytest.fixture
def secrets(atlas):
    """A proposal that is not live yet, and organisation A renamed in a draft by its editor."""
    c = atlas
    draft = OrganisationPage(
        title=DRAFT_TITLE,
        slug="zeta-hidden-proposal",
        summary="Awaiting review.",
        sector=c.org_a.sector,
        legal_form="cooperative",
        country="BE",
        city="Gent",
        supports_transition=True,
        live=False,
    )
    c.site.directory.add_child(instance=draft)
    draft.save_revision()
    c.draft = draft
    page = OrganisationPage.objects.get(pk=c.org_a.pk)
    page.title = RENAMED_TITLE
    page.save_revision(user=c.editor_a, log_action=True)
    c.org_a.refresh_from_db()
    return c


def hidden_strings(c):
    return [
        DRAFT_TITLE,
        RENAMED_TITLE,
        c.editor_a.email,
        c.editor_a.username,
        c.image_a.title,
        c.document_a.title,
    ]


def api_url(endpoint, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"/admin/api/main/{endpoint}/" + (f"?{query}" if query else "")


def bulk_url(action, *pages):
    ids = "&".join(f"id={page.pk}" for page in pages)
    return f"/admin/bulk/wagtailcore/page/{action}/?next=/admin/&{ids}"


# name → callable(c) giving the URL an outsider types.
PROBES = {
    "admin API images": lambda c: api_url("images"),
    "admin API image detail": lambda c: api_url(f"images/{c.image_a.pk}"),
    "admin API documents": lambda c: api_url("documents"),
    "admin API document detail": lambda c: api_url(f"documents/{c.document_a.pk}"),
    "admin API pages search": lambda c: api_url("pages", search="Zeta"),
    "admin API directory children": lambda c: api_url("pages", child_of=c.site.directory.pk),
    "admin API draft detail": lambda c: api_url(f"pages/{c.draft.pk}"),
    "page chooser, the directory": lambda c: reverse(
        "wagtailadmin_choose_page_child", args=[c.site.directory.pk]
    ),
    "page chooser search (draft)": lambda c: reverse("wagtailadmin_choose_page_search") + "?q=Zeta",
    "page chooser search (renamed)": lambda c: (
        reverse("wagtailadmin_choose_page_search") + "?q=Alpha"
    ),
    "page search": lambda c: reverse("wagtailadmin_pages:search") + "?q=Zeta",
    "page types report": lambda c: reverse("wagtailadmin_reports:page_types_usage"),
    "page types report results": lambda c: reverse("wagtailadmin_reports:page_types_usage_results"),
    "site history": lambda c: reverse("wagtailadmin_reports:site_history"),
    "site history results": lambda c: reverse("wagtailadmin_reports:site_history_results"),
    "workflows report": lambda c: reverse("wagtailadmin_reports:workflow"),
    "workflow tasks report": lambda c: reverse("wagtailadmin_reports:workflow_tasks"),
    "aging pages report": lambda c: reverse("wagtailadmin_reports:aging_pages"),
    "locked pages report": lambda c: reverse("wagtailadmin_reports:locked_pages"),
    "bulk delete": lambda c: bulk_url("delete", c.draft, c.org_a),
    "bulk publish": lambda c: bulk_url("publish", c.draft, c.org_a),
    "bulk unpublish": lambda c: bulk_url("unpublish", c.draft, c.org_a),
    "bulk move": lambda c: bulk_url("move", c.draft, c.org_a),
    "draft view": lambda c: reverse("wagtailadmin_pages:view_draft", args=[c.draft.pk]),
    "draft edit": lambda c: reverse("wagtailadmin_pages:edit", args=[c.draft.pk]),
    "draft history": lambda c: reverse("wagtailadmin_pages:history", args=[c.draft.pk]),
    "users chooser": lambda c: "/admin/users/",
}


@pytest.mark.parametrize("role", ["anonymous", "editor_b", "communications"])
def test_outsiders_find_no_draft_title_no_editor_and_no_other_collection_by_direct_url(
    client, secrets, role
):
    c = secrets
    if role != "anonymous":
        client.force_login(getattr(c, role))
    failures = []
    for name, url in PROBES.items():
        url = url(c)
        response = client.get(url, follow=True)
        if response.status_code >= 500:
            failures.append(f"{name} ({url}): {response.status_code}")
            continue
        text = response.content.decode()
        for secret in hidden_strings(c):
            if secret in text:
                failures.append(f"{name} ({url}): shows {secret!r}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ["editor_a", "moderator", "admin"])
def test_owner_and_staff_still_find_the_organisations_images_documents_and_drafts(
    client, secrets, role
):
    c = secrets
    client.force_login(getattr(c, role))
    images = client.get(api_url("images")).json()
    assert c.image_a.title in [item["title"] for item in images["items"]]
    documents = client.get(api_url("documents")).json()
    assert c.document_a.title in [item["title"] for item in documents["items"]]
    chooser = client.get(reverse("wagtailadmin_choose_page_search") + "?q=Alpha")
    assert RENAMED_TITLE in chooser.content.decode()
    if role != "editor_a":
        chooser = client.get(reverse("wagtailadmin_choose_page_search") + "?q=Zeta")
        assert DRAFT_TITLE in chooser.content.decode()


def test_outsiders_still_choose_live_organisations_in_the_page_chooser(client, secrets):
    client.force_login(secrets.editor_b)
    response = client.get(reverse("wagtailadmin_choose_page_search") + "?q=Beta")
    assert "Beta Network" in response.content.decode()


# --- Serving documents ---


def serve_url(document):
    return reverse("wagtaildocs_serve", args=[document.pk, document.filename])


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("editor_b", False),
        ("communications", False),
        ("editor_a", True),
        ("moderator", True),
        ("admin", True),
    ],
)
def test_an_organisations_documents_are_served_only_to_its_editors_and_staff(
    client, atlas, role, allowed
):
    if role != "anonymous":
        client.force_login(getattr(atlas, role))
    response = client.get(serve_url(atlas.document_a))
    if allowed:
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
    else:
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "login" in response["Location"]


def test_documents_are_served_by_the_view_never_by_a_public_media_url(client, atlas, settings):
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    client.force_login(atlas.editor_a)
    documents = client.get(api_url("documents")).json()["items"]
    url = next(item for item in documents if item["title"] == atlas.document_a.title)["meta"][
        "download_url"
    ]
    assert urlsplit(url).path.startswith("/documents/")
    assert settings.MEDIA_URL not in url


def test_new_organisation_collections_are_private_to_their_team_and_moderators(atlas):
    collection = Collection.objects.get(pk=atlas.team_b.collection.pk)
    restrictions = list(collection.get_view_restrictions())
    assert [r.restriction_type for r in restrictions] == ["groups"]
    names = {group.name for group in restrictions[0].groups.all()}
    assert atlas.team_b.group.name in names
    assert "Moderators" in names


def test_admin_api_detail_of_another_organisations_image_is_not_found(client, atlas):
    client.force_login(atlas.editor_b)
    response = client.get(api_url(f"images/{atlas.image_a.pk}"), follow=True)
    assert response.status_code == 404
    assert atlas.image_a.title not in response.content.decode()


def test_media_urls_serve_renditions_only_never_documents_or_originals(client, atlas):
    rendition = atlas.image_a.get_rendition("fill-10x10")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]
    for name in (atlas.document_a.file.name, atlas.image_a.file.name):
        response = client.get(f"/media/{name}", follow=True)
        assert response.status_code == 404, name
    assert client.get("/media/images/../documents/x.pdf", follow=True).status_code == 404
