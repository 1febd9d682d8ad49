"""Query budgets of the public pages, whatever the number of organisations, stories, links and
images (issue 16): profile ≤ 12 in every language, story ≤ 15, home ≤ 12, stories index ≤ 15,
directory ≤ 15. The demo atlas gives organisations with services, languages and social links,
stories with authors, themes, images and mentioned organisations."""

import re

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

import pytest

from demo.seeding import AtlasSeeder
from directory.models import OrganisationPage
from stories.models import StoryPage
from tests.directory.conftest import module_data

BUDGETS = {"profile": 12, "story": 15, "home": 12, "stories": 15, "directory": 15}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        AtlasSeeder(seed=1).run(30)
        yield


def busiest_organisation():
    """The English profile with the most services, languages and social links."""
    return (
        OrganisationPage.objects.live()
        .filter(locale__language_code="en", alias_of__isnull=True)
        .annotate(
            n=Count("services", distinct=True)
            + Count("languages", distinct=True)
            + Count("social_links", distinct=True)
        )
        .order_by("-n")
        .first()
    )


def budget_holds(client, url, budget, django_assert_max_num_queries):
    client.get(url)  # the first visit fills the per-process memo (core.structure)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    tables = [re.sub(r"^SELECT .*? FROM ", "", q["sql"])[:90] for q in captured.captured_queries]
    assert len(captured) <= budget, "\n".join(tables)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_a_profile_costs_at_most_12_queries_in_every_language(
    client, demo, language, django_assert_max_num_queries
):
    organisation = busiest_organisation()
    assert organisation.social_links.count() and organisation.services.count()
    page = OrganisationPage.objects.get(
        translation_key=organisation.translation_key, locale__language_code=language
    )
    budget_holds(client, page.url, BUDGETS["profile"], django_assert_max_num_queries)


@pytest.mark.django_db
def test_a_story_with_authors_themes_images_and_organisations_costs_at_most_15_queries(
    client, demo, django_assert_max_num_queries
):
    story = (
        StoryPage.objects.live()
        .filter(locale__language_code="en")
        .annotate(n=Count("related_organisations") + Count("themes"))
        .order_by("-n")
        .first()
    )
    assert story.related_organisations.exists()
    budget_holds(client, story.url, BUDGETS["story"], django_assert_max_num_queries)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("home", "/en/"),
        ("home", "/fr/"),
        ("stories", "/en/stories/"),
        ("directory", "/en/directory/"),
        ("directory", "/en/directory/?q=cooperative&sector=digital-inclusion&sort=updated"),
        ("directory", "/fr/annuaire/?country=FR&service=hosting&language=fr&page=2"),
    ],
)
def test_home_stories_and_directory_stay_within_their_budgets(
    client, demo, name, url, django_assert_max_num_queries
):
    budget_holds(client, url, BUDGETS[name], django_assert_max_num_queries)
