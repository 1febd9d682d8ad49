"""Fixtures for moderation: two organisations, each with an editor, and every other role."""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import pytest
import wagtail_factories

from directory.factories import OrganisationPageFactory
from directory.models import OrganisationPage, Sector
from moderation.models import add_editor
from moderation.roles import COMMUNICATIONS, MODERATORS, setup_moderation

PASSWORD = "correct horse battery staple"


def make_user(username, *groups, **extra):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, **extra
    )
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


def make_organisation(site_tree, title, website=""):
    """A live organisation in the English directory, with its French alias."""
    page = OrganisationPageFactory(
        parent=site_tree.directory,
        title=title,
        website=website,
        sector=Sector.objects.filter(locale=site_tree.en).first(),
    )
    page.save_revision().publish()
    page = OrganisationPage.objects.get(pk=page.pk)
    alias = page.copy_for_translation(site_tree.fr, alias=True)
    return page, OrganisationPage.objects.get(pk=alias.pk)


@pytest.fixture
def atlas(site_tree, settings, tmp_path):
    """Organisations A and B (with FR aliases), an editor for each, and the other roles."""
    settings.MEDIA_ROOT = tmp_path
    setup_moderation()
    org_a, org_a_fr = make_organisation(site_tree, "Alpha Coop", "https://alpha.example.coop")
    org_b, org_b_fr = make_organisation(site_tree, "Beta Network", "https://beta.example.net")
    editor_a = make_user("editor_a")
    editor_b = make_user("editor_b")
    team_a = add_editor(editor_a, org_a).organisation.team
    team_b = add_editor(editor_b, org_b).organisation.team
    image_a = wagtail_factories.ImageFactory(title="Alpha logo", collection=team_a.collection)
    document_a = wagtail_factories.DocumentFactory(
        title="Alpha annual report", collection=team_a.collection
    )
    return SimpleNamespace(
        site=site_tree,
        org_a=org_a,
        org_a_fr=org_a_fr,
        org_b=org_b,
        org_b_fr=org_b_fr,
        team_a=team_a,
        team_b=team_b,
        image_a=image_a,
        document_a=document_a,
        editor_a=editor_a,
        editor_b=editor_b,
        moderator=make_user("moderator", MODERATORS),
        communications=make_user("communications", COMMUNICATIONS),
        admin=make_user("admin", is_superuser=True, is_staff=True),
    )
