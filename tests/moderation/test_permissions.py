"""The permission matrix: who may do what to organisation A's profile, through the admin's URLs.

Every role is sent at every admin URL that touches organisation A's page (and its French alias),
A's images and documents, and the admin areas an organisation account has no business in. A
refused request must answer 403 or redirect to the login page or the dashboard, and must change
nothing. Allowed read-only requests must answer 200, which proves the probe reaches the view.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.contrib.auth.models import Group, User
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Revision, TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest

from directory.models import DirectoryIndexPage, OrganisationPage
from moderation.models import OrganisationMembership

ROLES = ["anonymous", "editor_a", "editor_b", "moderator", "communications", "admin"]
STAFF = {"moderator", "admin"}
OWNER = {"editor_a"}


def edit_form_data(page, **changes):
    """A complete, valid POST for the organisation edit form."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "description": rich_text(""),
        "sector": page.sector_id,
        "legal_form": page.legal_form,
        "national_legal_form": "",
        "supports_transition": "on",
        "scope": page.scope,
        "country": str(page.country),
        "city": page.city,
        "address": "",
        "postcode": "",
        "location": "",
        "website": page.website,
        "email": "",
        "phone": "",
        "social_links": inline_formset([]),
        "content_translations": inline_formset([]),
        "comments": inline_formset([]),
        "founded_year": "",
        "staff_size": "",
        "open_source_note": "",
        "data_source": "",
        "source_record_id": "",
        "source_licence": "",
        "last_verified": "",
        "seo_title": "",
        "search_description": "",
    }
    data.update(changes)
    return nested_form_data(data)


@dataclass
class Probe:
    """One admin URL called by one method; `allowed` roles get through."""

    name: str
    method: str
    url: object  # callable(ctx) -> str
    allowed: set = field(default_factory=set)
    data: object = None  # callable(ctx) -> dict
    # Roles that may open the listing but must not find organisation A's item in it.
    hidden_from: set = field(default_factory=set)


def page_url(name, *extra, page="org_a"):
    return lambda c: reverse(f"wagtailadmin_pages:{name}", args=[getattr(c, page).pk, *extra])


PROBES = [
    # --- Organisation A's page ---
    Probe(
        "explore the directory",
        "GET",
        lambda c: reverse("wagtailadmin_explore", args=[c.site.directory.pk]),
        allowed=STAFF,
        hidden_from={"editor_b", "communications"},
    ),
    Probe("view draft", "GET", page_url("view_draft"), STAFF | OWNER),
    Probe("edit form", "GET", page_url("edit"), STAFF | OWNER),
    Probe(
        "save a draft",
        "POST",
        page_url("edit"),
        STAFF | OWNER,
        data=lambda c: edit_form_data(c.org_a, title="Hijacked"),
    ),
    Probe(
        "publish via the edit form",
        "POST",
        page_url("edit"),
        # The owner may post it; Wagtail then saves a draft without publishing (tested in
        # test_workflow).
        STAFF | OWNER,
        data=lambda c: {**edit_form_data(c.org_a, title="Hijacked"), "action-publish": "1"},
    ),
    Probe("unpublish form", "GET", page_url("unpublish"), STAFF),
    Probe("unpublish", "POST", page_url("unpublish"), STAFF),
    Probe("delete form", "GET", page_url("delete"), STAFF),
    Probe("delete", "POST", page_url("delete"), STAFF),
    Probe(
        "move form", "GET", lambda c: reverse("wagtailadmin_pages:move", args=[c.org_a.pk]), STAFF
    ),
    Probe(
        "move",
        "POST",
        lambda c: reverse("wagtailadmin_pages:move_confirm", args=[c.org_a.pk, c.archive.pk]),
        STAFF,
    ),
    Probe(
        "reorder",
        "POST",
        lambda c: (
            reverse("wagtailadmin_pages:set_page_position", args=[c.org_a.pk]) + "?position=0"
        ),
        STAFF,
    ),
    Probe("copy form", "GET", page_url("copy"), STAFF),
    Probe(
        "copy",
        "POST",
        page_url("copy"),
        STAFF,
        data=lambda c: {
            "new_title": "Copied",
            "new_slug": "copied",
            "new_parent_page": c.site.directory.pk,
            "copy_subpages": "",
            "publish_copies": "on",
        },
    ),
    Probe(
        "preview (post)",
        "POST",
        page_url("preview_on_edit"),
        STAFF | OWNER,
        data=lambda c: edit_form_data(c.org_a, title="Previewed"),
    ),
    Probe("preview", "GET", page_url("preview_on_edit"), STAFF | OWNER),
    Probe("revisions list", "GET", page_url("revisions_index"), STAFF | OWNER),
    Probe(
        "revision view",
        "GET",
        lambda c: reverse("wagtailadmin_pages:revisions_view", args=[c.org_a.pk, c.revision.pk]),
        STAFF | OWNER,
    ),
    Probe(
        "revisions compare",
        "GET",
        lambda c: reverse(
            "wagtailadmin_pages:revisions_compare", args=[c.org_a.pk, "live", "latest"]
        ),
        STAFF | OWNER,
    ),
    Probe(
        "revision revert form",
        "GET",
        lambda c: reverse(
            "wagtailadmin_pages:revisions_revert", args=[c.org_a.pk, c.first_revision.pk]
        ),
        STAFF | OWNER,
    ),
    Probe(
        "revision revert",
        "POST",
        lambda c: reverse(
            "wagtailadmin_pages:revisions_revert", args=[c.org_a.pk, c.first_revision.pk]
        ),
        STAFF | OWNER,
        data=lambda c: {**edit_form_data(c.org_a, title="Reverted"), "action-publish": "1"},
    ),
    Probe(
        "revision unschedule",
        "POST",
        lambda c: reverse(
            "wagtailadmin_pages:revisions_unschedule", args=[c.org_a.pk, c.revision.pk]
        ),
        STAFF,
    ),
    Probe("history", "GET", page_url("history"), STAFF | OWNER),
    Probe("history results", "GET", page_url("history_results"), STAFF | OWNER),
    Probe("workflow history", "GET", page_url("workflow_history"), STAFF | OWNER),
    Probe(
        "workflow history detail",
        "GET",
        lambda c: reverse(
            "wagtailadmin_pages:workflow_history_detail",
            args=[c.org_a.pk, c.workflow_state.pk],
        ),
        STAFF | OWNER,
    ),
    Probe(
        "workflow approve",
        "POST",
        lambda c: reverse(
            "wagtailadmin_pages:workflow_action", args=[c.org_a.pk, "approve", c.task_state.pk]
        ),
        STAFF,
    ),
    Probe(
        "workflow reject",
        "POST",
        lambda c: reverse(
            "wagtailadmin_pages:workflow_action", args=[c.org_a.pk, "reject", c.task_state.pk]
        ),
        STAFF,
        data=lambda c: {"comment": "No"},
    ),
    Probe(
        "workflow action form",
        "GET",
        lambda c: reverse(
            "wagtailadmin_pages:collect_workflow_action_data",
            args=[c.org_a.pk, "reject", c.task_state.pk],
        ),
        STAFF,
    ),
    Probe(
        "workflow preview",
        "GET",
        lambda c: reverse(
            "wagtailadmin_pages:workflow_preview", args=[c.org_a.pk, c.task_state.task_id]
        ),
        STAFF,
    ),
    Probe(
        "workflow cancellation",
        "GET",
        page_url("confirm_workflow_cancellation"),
        STAFF | OWNER,
    ),
    Probe("lock", "POST", page_url("lock"), STAFF),
    Probe("privacy form", "GET", page_url("set_privacy"), STAFF),
    Probe(
        "privacy",
        "POST",
        page_url("set_privacy"),
        STAFF,
        data=lambda c: {"restriction_type": "password", "password": "secret123"},
    ),
    Probe("usage", "GET", page_url("usage"), STAFF | OWNER),
    Probe(
        "add a page next to it",
        "GET",
        lambda c: reverse(
            "wagtailadmin_pages:add",
            args=["directory", "organisationpage", c.site.directory.pk],
        ),
        STAFF,
    ),
    # --- Its French alias ---
    Probe("alias edit", "GET", page_url("edit", page="org_a_fr"), STAFF),
    Probe("alias history", "GET", page_url("history", page="org_a_fr"), STAFF),
    Probe("alias convert form", "GET", page_url("convert_alias", page="org_a_fr"), STAFF),
    Probe("alias convert", "POST", page_url("convert_alias", page="org_a_fr"), STAFF),
    Probe("alias delete", "POST", page_url("delete", page="org_a_fr"), STAFF),
    # --- Organisation A's images and documents ---
    Probe(
        "image listing",
        "GET",
        lambda c: reverse("wagtailimages:index"),
        STAFF | {"editor_a", "editor_b", "communications"},
        hidden_from={"editor_b", "communications"},
    ),
    Probe(
        "image chooser",
        "GET",
        lambda c: reverse("wagtailimages_chooser:choose"),
        STAFF | {"editor_a", "editor_b", "communications"},
        hidden_from={"editor_b", "communications"},
    ),
    Probe(
        "image chosen",
        "GET",
        lambda c: reverse("wagtailimages_chooser:chosen", args=[c.image_a.pk]),
        STAFF | OWNER,
    ),
    Probe(
        "image edit form",
        "GET",
        lambda c: reverse("wagtailimages:edit", args=[c.image_a.pk]),
        STAFF | OWNER,
    ),
    Probe(
        "image edit",
        "POST",
        lambda c: reverse("wagtailimages:edit", args=[c.image_a.pk]),
        STAFF | OWNER,
        data=lambda c: {"title": "Hijacked", "collection": c.image_a.collection_id, "tags": ""},
    ),
    Probe(
        "image delete",
        "POST",
        lambda c: reverse("wagtailimages:delete", args=[c.image_a.pk]),
        STAFF | OWNER,
    ),
    Probe(
        "image preview",
        "GET",
        lambda c: reverse("wagtailimages:preview", args=[c.image_a.pk, "max-100x100"]),
        STAFF | OWNER,
    ),
    Probe(
        "image usage",
        "GET",
        lambda c: reverse("wagtailimages:image_usage", args=[c.image_a.pk]),
        STAFF | OWNER,
    ),
    Probe(
        "document listing",
        "GET",
        lambda c: reverse("wagtaildocs:index"),
        STAFF | {"editor_a", "editor_b", "communications"},
        hidden_from={"editor_b", "communications"},
    ),
    Probe(
        "document chooser",
        "GET",
        lambda c: reverse("wagtaildocs_chooser:choose"),
        STAFF | {"editor_a", "editor_b", "communications"},
        hidden_from={"editor_b", "communications"},
    ),
    Probe(
        "document chosen",
        "GET",
        lambda c: reverse("wagtaildocs_chooser:chosen", args=[c.document_a.pk]),
        STAFF | OWNER,
    ),
    Probe(
        "document edit form",
        "GET",
        lambda c: reverse("wagtaildocs:edit", args=[c.document_a.pk]),
        STAFF | OWNER,
    ),
    Probe(
        "document edit",
        "POST",
        lambda c: reverse("wagtaildocs:edit", args=[c.document_a.pk]),
        STAFF | OWNER,
        data=lambda c: {"title": "Hijacked", "collection": c.document_a.collection_id},
    ),
    Probe(
        "document delete",
        "POST",
        lambda c: reverse("wagtaildocs:delete", args=[c.document_a.pk]),
        STAFF | OWNER,
    ),
    Probe(
        "admin API images",
        "GET",
        lambda c: "/admin/api/main/images/",
        STAFF | {"editor_a", "editor_b", "communications"},
        hidden_from={"editor_b", "communications"},
    ),
    Probe(
        "admin API documents",
        "GET",
        lambda c: "/admin/api/main/documents/",
        STAFF | {"editor_a", "editor_b", "communications"},
        hidden_from={"editor_b", "communications"},
    ),
    Probe(
        "document download",
        "GET",
        lambda c: reverse("wagtaildocs_serve", args=[c.document_a.pk, c.document_a.filename]),
        STAFF | OWNER,
    ),
    # --- Admin areas an organisation account has no business in ---
    Probe("users", "GET", lambda c: reverse("wagtailusers_users:index"), {"admin"}),
    Probe(
        "edit a user",
        "POST",
        lambda c: reverse("wagtailusers_users:edit", args=[c.editor_a.pk]),
        {"admin"},
        data=lambda c: {"username": "hijacked", "email": "x@example.org", "is_superuser": "on"},
    ),
    Probe("groups", "GET", lambda c: reverse("wagtailusers_groups:index"), {"admin"}),
    Probe("sites", "GET", lambda c: reverse("wagtailsites:index"), {"admin"}),
    Probe(
        "site settings",
        "GET",
        lambda c: reverse("wagtailsettings:edit", args=["home", "sitesettings"]),
        {"admin"},
    ),
    Probe("workflows", "GET", lambda c: reverse("wagtailadmin_workflows:index"), {"admin"}),
    Probe(
        "site history report",
        "GET",
        lambda c: reverse("wagtailadmin_reports:site_history"),
        STAFF,
    ),
    Probe(
        "page types report",
        "GET",
        lambda c: reverse("wagtailadmin_reports:page_types_usage"),
        STAFF,
    ),
    Probe("workflows report", "GET", lambda c: reverse("wagtailadmin_reports:workflow"), STAFF),
    Probe(
        "sector snippets",
        "GET",
        lambda c: reverse("wagtailsnippets_directory_sector:list"),
        STAFF,
    ),
    Probe(
        "add a sector",
        "POST",
        lambda c: reverse("wagtailsnippets_directory_sector:add"),
        STAFF,
        data=lambda c: {"name": "Hijack", "slug": "hijack", "colour": "#000000"},
    ),
    Probe(
        "edit the stories index",
        "GET",
        lambda c: reverse("wagtailadmin_pages:edit", args=[c.site.stories.pk]),
        {"admin", "communications"},
    ),
    Probe(
        "edit the home page",
        "GET",
        lambda c: reverse("wagtailadmin_pages:edit", args=[c.site.home.pk]),
        {"admin", "communications"},
    ),
]

# Communications' rights come from the stories app (another issue): this matrix checks what it
# must NOT do here (organisation A), not the extent of what it may do elsewhere.
NOT_CHECKED = {
    # An organisation editor's explorer is rooted at its own page; editor B's is checked.
    ("editor_a", "explore the directory"),
    ("communications", "edit the stories index"),
    ("communications", "edit the home page"),
}


def snapshot(c):
    """Everything a refused request must leave untouched."""
    page = Page.objects.get(pk=c.org_a.pk)
    alias = Page.objects.get(pk=c.org_a_fr.pk)
    image = get_image_model().objects.filter(pk=c.image_a.pk).values_list("title", "collection")
    document = get_document_model().objects.filter(pk=c.document_a.pk).values_list("title")
    return {
        "page": (
            page.title,
            page.draft_title,
            page.slug,
            page.path,
            page.live,
            page.locked,
            page.has_unpublished_changes,
            page.live_revision_id,
            page.latest_revision_id,
        ),
        "alias": (alias.title, alias.alias_of_id, alias.live, alias.path),
        "pages": Page.objects.count(),
        "restrictions": page.view_restrictions.count(),
        "revisions": Revision.page_revisions.filter(object_id=str(c.org_a.pk)).count(),
        "workflow": list(WorkflowState.objects.values_list("pk", "status")),
        "tasks": list(TaskState.objects.values_list("pk", "status")),
        "log": PageLogEntry.objects.count(),
        "image": list(image),
        "document": list(document),
        "users": list(User.objects.values_list("username", "is_superuser").order_by("pk")),
        "groups": Group.objects.count(),
        "memberships": OrganisationMembership.objects.count(),
        "sectors": OrganisationPage._meta.get_field("sector").related_model.objects.count(),
    }


def is_refused(response):
    if response.status_code == 403:
        return True
    if response.status_code in (301, 302):
        target = urlsplit(response["Location"]).path
        return target in (reverse("wagtailadmin_login"), reverse("wagtailadmin_home"))
    return False


@pytest.fixture
def matrix(atlas):
    """Organisation A with a draft awaiting moderation, as its editor submitted it."""
    c = atlas
    c.first_revision = c.org_a.live_revision
    # A second directory, so that moving A somewhere valid is possible for those allowed.
    c.archive = DirectoryIndexPage(title="Archive", slug="archive")
    c.site.home.add_child(instance=c.archive)
    page = OrganisationPage.objects.get(pk=c.org_a.pk)
    page.summary = "A new summary awaiting review."
    c.revision = page.save_revision(user=c.editor_a)
    c.workflow_state = page.get_workflow().start(page, c.editor_a)
    c.task_state = c.workflow_state.current_task_state
    return c


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_url_outside_a_roles_rights_is_refused_and_changes_nothing(
    client, matrix, role
):
    c = matrix
    if role != "anonymous":
        client.force_login(getattr(c, role))
    failures = []
    for probe in PROBES:
        if (role, probe.name) in NOT_CHECKED:
            continue
        url = probe.url(c)
        data = probe.data(c) if probe.data else {}
        allowed = role in probe.allowed
        if allowed and probe.method == "POST":
            continue  # what allowed roles may change is tested in the workflow tests
        before = snapshot(c)
        response = client.get(url) if probe.method == "GET" else client.post(url, data)
        after = snapshot(c)
        label = f"{probe.method} {probe.name} ({url})"
        if role in probe.hidden_from:
            # May open the listing (or be sent to its own), never find A's item there.
            if probe.method == "GET" and response.status_code == 302:
                response = client.get(response["Location"])
            if response.status_code not in (200, 403) or (
                c.org_a.title in response.text
                or c.image_a.title in response.text
                or c.document_a.title in response.text
            ):
                failures.append(f"{label}: shows organisation A's item")
            if before != snapshot(c):
                failures.append(f"{label}: changed something")
        elif allowed:
            if response.status_code == 302 and not is_refused(response):
                response = client.get(response["Location"])  # e.g. revisions → history
            if response.status_code != 200:
                failures.append(
                    f"{label}: expected 200, got {response.status_code} "
                    f"{response.get('Location', '')}"
                )
        else:
            if response.status_code == 302 and not is_refused(response):
                # e.g. the revisions list redirects to the history, which must refuse.
                response = client.get(response["Location"])
                after = snapshot(c)
            if not is_refused(response):
                failures.append(
                    f"{label}: not refused ({response.status_code} {response.get('Location', '')})"
                )
            if before != after:
                changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
                failures.append(f"{label}: changed {changed}")
    assert not failures, "\n".join(failures)


def test_organisation_editor_sees_only_its_own_collection_when_uploading(client, atlas):
    client.force_login(atlas.editor_b)
    response = client.get(reverse("wagtailimages:add"))
    assert response.status_code == 200
    # With a single collection to upload into, Wagtail leaves the choice out of the form.
    fields = response.context["form"].fields
    if "collection" in fields:
        assert list(fields["collection"].queryset) == [atlas.team_b.collection]
    assert atlas.team_a.collection.name not in response.text


def test_organisation_editor_menu_hides_areas_it_cannot_use(client, atlas):
    client.force_login(atlas.editor_a)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    for url_name in (
        "wagtailusers_users:index",
        "wagtailsettings:edit",
        "wagtailsnippets:index",
        "wagtailadmin_workflows:index",
    ):
        if url_name == "wagtailsettings:edit":
            url = reverse(url_name, args=["home", "sitesettings"])
        else:
            url = reverse(url_name)
        assert f'"{url}"' not in response.text, url
    assert 'href="/admin/stories/"' not in response.text
    assert 'href="/admin/reports/"' not in response.text
    assert reverse("organisations:index") in response.text


def test_organisation_listing_shows_an_editor_only_its_own(client, atlas):
    client.force_login(atlas.editor_b)
    response = client.get(reverse("organisations:index"))
    assert response.status_code == 200
    assert "Beta Network" in response.text
    assert "Alpha Coop" not in response.text
    response = client.get(reverse("wagtailadmin_pages:search") + "?q=Alpha")
    assert "Alpha Coop" not in response.text
