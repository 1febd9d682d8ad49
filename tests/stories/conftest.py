"""Fixtures for the stories' tests: stories built through Wagtail, a Communications member."""

import datetime
import io

from django.contrib.auth.models import Group, User
from django.core.files.images import ImageFile

from wagtail.images import get_image_model

import pytest

from stories.models import Author, StoryAuthor, StoryOrganisation, StoryPage, Theme


def make_story(
    index,
    title="A story",
    *,
    kind="news",
    date=None,
    themes=(),
    authors=(),
    organisations=(),
    body=None,
    hero_image=None,
    publish=True,
    **fields,
):
    """Create a story under `index` the way the admin does (add_child, revision, publish)."""
    story = StoryPage(
        title=title,
        kind=kind,
        date=date,
        standfirst=fields.pop("standfirst", f"The standfirst of {title}."),
        hero_image=hero_image,
        live=publish,
        **fields,
    )
    story.body = body or [{"type": "paragraph", "value": "<p>Some words of the story.</p>"}]
    story.themes = list(themes)
    story.story_authors = [
        StoryAuthor(author=author, sort_order=n) for n, author in enumerate(authors)
    ]
    story.related_organisations = [
        StoryOrganisation(organisation=organisation, sort_order=n)
        for n, organisation in enumerate(organisations)
    ]
    index.add_child(instance=story)
    revision = story.save_revision()
    if publish:
        revision.publish()
        story.refresh_from_db()
    return story


@pytest.fixture
def theme(site_tree):
    original = Theme.objects.create(name="Public policy", slug="public-policy", locale=site_tree.en)
    Theme.objects.create(
        name="Politiques publiques",
        slug="public-policy",
        locale=site_tree.fr,
        translation_key=original.translation_key,
    )
    return original


@pytest.fixture
def author(site_tree):
    return Author.objects.create(name="Inès Dubois", role="Editor", locale=site_tree.en)


@pytest.fixture
def image(db, settings, tmp_path):
    from PIL import Image as PILImage

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 360), (11, 110, 79)).save(buffer, "PNG")
    return get_image_model().objects.create(
        title="A picture", file=ImageFile(io.BytesIO(buffer.getvalue()), name="picture.png")
    )


@pytest.fixture
def communications_user(site_tree):
    user = User.objects.create_user("comms", "comms@example.org", "password")
    user.groups.add(Group.objects.get(name="Communications"))
    return user


@pytest.fixture
def day():
    """Distinct, decreasing dates: day(0) is the newest."""
    return lambda n: datetime.date(2026, 10, 1) - datetime.timedelta(days=n)
