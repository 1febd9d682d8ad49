"""The Communications group's permissions (allowed and refused, by direct admin URL) and the
"Editorial review" workflow."""

from wagtail.models import GroupPagePermission, Page, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from directory.factories import OrganisationPageFactory
from stories.editorial import COLLECTION_PERMISSIONS, MODEL_PERMISSIONS
from stories.models import StoryPage


def refused(response):
    """Wagtail's admin refuses with a 403, or a redirect to the dashboard with a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and "/login/" not in response["Location"]
    )


@pytest.fixture
def comms_client(client, communications_user):
    client.force_login(communications_user)
    return client


def test_group_holds_exactly_the_listed_model_permissions(communications_user):
    group = communications_user.groups.get()
    held = {(p.content_type.app_label, p.codename) for p in group.permissions.all()}
    assert held == set(MODEL_PERMISSIONS)
    collection = {
        (gcp.permission.content_type.app_label, gcp.permission.codename)
        for gcp in group.collection_permissions.all()
    }
    assert collection == set(COLLECTION_PERMISSIONS)
    assert not any(app == "auth" for app, _codename in held)
    assert not any(app in {"directory", "home", "wagtailusers"} for app, _codename in held)


def test_page_permissions_cover_story_indexes_and_home_pages_in_every_language(
    site_tree, communications_user
):
    pages = set(
        GroupPagePermission.objects.filter(group__name="Communications").values_list(
            "page_id", flat=True
        )
    )
    homes = {home.pk for home in site_tree.home.get_translations(inclusive=True)}
    indexes = {index.pk for index in site_tree.stories.get_translations(inclusive=True)}
    assert len(homes) == len(indexes) == 3  # English, French, German
    assert pages == homes | indexes


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/pages/add/stories/storypage/{stories}/",
        "/admin/pages/{stories}/edit/",
        "/admin/pages/{stories_fr}/edit/",
        "/admin/pages/{home}/edit/",
        "/admin/pages/{home_fr}/edit/",
        "/admin/snippets/stories/author/",
        "/admin/snippets/stories/author/add/",
        "/admin/snippets/stories/theme/add/",
        "/admin/images/",
        "/admin/images/multiple/add/",
        "/admin/documents/",
        "/admin/documents/multiple/add/",
        "/admin/stories/",
    ],
)
def test_communications_can_open_what_the_job_needs(comms_client, site_tree, url):
    url = url.format(**urls(site_tree))
    response = comms_client.get(url)
    assert response.status_code == 200, url


@pytest.mark.parametrize(
    "url",
    [
        "/admin/users/",
        "/admin/users/add/",
        "/admin/groups/",
        "/admin/settings/home/sitesettings/",
        "/admin/sites/",
        "/admin/workflows/list/",
        "/admin/pages/{organisation}/edit/",
        "/admin/pages/{organisation}/delete/",
        "/admin/pages/{organisation}/move/",
        "/admin/pages/{organisation}/copy/",
        "/admin/pages/{organisation}/unpublish/",
        "/admin/pages/{directory}/edit/",
        "/admin/pages/add/directory/organisationpage/{directory}/",
        "/admin/pages/{home}/delete/",
        "/admin/snippets/directory/sector/",
        "/admin/snippets/directory/sector/add/",
    ],
)
def test_communications_is_refused_users_settings_and_profiles(comms_client, site_tree, url):
    url = url.format(**urls(site_tree))
    assert refused(comms_client.get(url)), url


def test_communications_cannot_change_a_profile_by_posting(comms_client, site_tree):
    organisation = site_tree.organisation
    response = comms_client.post(
        f"/admin/pages/{organisation.pk}/edit/", {"title": "Vandalised", "slug": "x"}
    )
    assert refused(response)
    organisation.refresh_from_db()
    assert organisation.title == "Profile to protect"


def test_a_superuser_still_edits_profiles(client, django_user_model, site_tree):
    admin = django_user_model.objects.create_superuser("admin", "a@example.org", "pw")
    client.force_login(admin)
    assert client.get(f"/admin/pages/{site_tree.organisation.pk}/edit/").status_code == 200


def test_stories_go_through_editorial_review(comms_client, site_tree, communications_user):
    index = site_tree.stories
    assert index.get_workflow().name == "Editorial review"
    data = nested_form_data(
        {
            "title": "Draft for review",
            "slug": "draft-for-review",
            "kind": "news",
            "standfirst": "Waiting for a colleague.",
            "story_authors": inline_formset([]),
            "related_organisations": inline_formset([]),
            "content_translations": inline_formset([]),
            "comments": inline_formset([]),
            "body": streamfield([("paragraph", rich_text("<p>Text.</p>"))]),
        }
    )
    data["action-submit"] = "Submit for review"
    response = comms_client.post(f"/admin/pages/add/stories/storypage/{index.pk}/", data)
    assert response.status_code == 302
    story = StoryPage.objects.get(slug="draft-for-review", locale=site_tree.en)
    assert not story.live
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(story.pk))
    assert state.status == "in_progress"
    assert state.current_task_state.task.name == "Editorial review"
    # Reviewers (the group) can approve; approval publishes the story.
    task_state = state.current_task_state
    response = comms_client.post(
        f"/admin/pages/workflow/action/{story.pk}/approve/{task_state.pk}/", {"comment": "OK"}
    )
    assert response.status_code in (200, 302)
    story.refresh_from_db()
    assert story.live


def test_scheduled_story_is_not_live_before_its_go_live_date(comms_client, site_tree):
    from datetime import timedelta

    from django.utils import timezone

    go_live = (timezone.now() + timedelta(days=3)).strftime("%Y-%m-%d %H:%M")
    data = nested_form_data(
        {
            "title": "Scheduled story",
            "slug": "scheduled-story",
            "kind": "news",
            "standfirst": "Out on Thursday.",
            "story_authors": inline_formset([]),
            "related_organisations": inline_formset([]),
            "content_translations": inline_formset([]),
            "comments": inline_formset([]),
            "body": streamfield([]),
            "go_live_at": go_live,
        }
    )
    data["action-publish"] = "action-publish"
    response = comms_client.post(
        f"/admin/pages/add/stories/storypage/{site_tree.stories.pk}/", data
    )
    assert response.status_code == 302
    story = StoryPage.objects.get(slug="scheduled-story", locale=site_tree.en)
    assert not story.live
    assert story.scheduled_revision is not None
    assert "Scheduled story" not in comms_client.get("/en/stories/").content.decode()


def urls(site_tree):
    if not hasattr(site_tree, "organisation"):
        site_tree.organisation = OrganisationPageFactory(
            parent=site_tree.directory, title="Profile to protect"
        )
    return {
        "stories": site_tree.stories.pk,
        "stories_fr": site_tree.stories.get_translation(site_tree.fr).pk,
        "home": site_tree.home.pk,
        "home_fr": site_tree.home_fr.pk,
        "directory": site_tree.directory.pk,
        "organisation": site_tree.organisation.pk,
    }


@pytest.fixture(autouse=True)
def _organisation(site_tree):
    urls(site_tree)
    assert Page.objects.filter(pk=site_tree.organisation.pk).exists()


def test_story_form_offers_only_the_themes_of_the_story_language(comms_client, site_tree, theme):
    html = comms_client.get(
        f"/admin/pages/add/stories/storypage/{site_tree.stories.pk}/"
    ).content.decode()
    assert "Public policy" in html
    assert "Politiques publiques" not in html
    french_index = site_tree.stories.get_translation(site_tree.fr)
    html = comms_client.get(
        f"/admin/pages/add/stories/storypage/{french_index.pk}/"
    ).content.decode()
    assert "Politiques publiques" in html
    assert "Public policy" not in html
