"""The demo stories that `seed_atlas` creates."""

from wagtail.images import get_image_model

from demo.stories import seed_stories
from directory.factories import OrganisationPageFactory
from directory.models import Sector
from home.models import HomeFeaturedStory, HomePartnerLogo
from stories.models import Author, StoryPage, Theme


def test_demo_creates_four_kinds_of_story_in_english_and_french_idempotently(
    client, site_tree, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    for slug in ("hosting", "open-source", "digital-inclusion", "training", "design"):
        OrganisationPageFactory(
            parent=site_tree.directory,
            title=f"Demo {slug}",
            sector=Sector.objects.get(slug=slug, locale=site_tree.en),
        )
    seed_stories()
    counts = (
        StoryPage.objects.count(),
        Theme.objects.count(),
        Author.objects.count(),
        get_image_model().objects.count(),
        HomeFeaturedStory.objects.count(),
        HomePartnerLogo.objects.count(),
    )
    seed_stories()
    assert counts == (
        StoryPage.objects.count(),
        Theme.objects.count(),
        Author.objects.count(),
        get_image_model().objects.count(),
        HomeFeaturedStory.objects.count(),
        HomePartnerLogo.objects.count(),
    )

    english = StoryPage.objects.live().filter(locale=site_tree.en)
    english = english.filter(alias_of__isnull=True)
    french = StoryPage.objects.live().filter(locale=site_tree.fr)
    german = StoryPage.objects.live().filter(locale__language_code="de")
    assert english.count() >= 4
    assert {"interview", "news", "atlas", "portrait"} <= set(english.values_list("kind", flat=True))
    assert french.count() == german.count() == english.count()
    for story in english:
        # Translated into French on the original; the French page shows it.
        translation = story.get_translation(site_tree.fr).specific
        assert translation.alias_of_id == story.pk
        assert translation.title != story.title
        assert translation.standfirst != story.standfirst
        assert translation.field_language("body") == "fr"
        assert translation.url.startswith("/fr/recits/")
        # Not translated into German: the German page shows the English original, marked so.
        german_page = story.get_translation(german.first().locale).specific
        assert german_page.title == story.title and german_page.field_language("title") == "en"
    assert all(story.related_organisations.exists() for story in english)

    interview = english.get(kind="interview")
    assert any(block.block_type == "faq" for block in interview.body)
    assert any(block.block_type == "question_answer" for block in interview.body)
    for story in list(english) + list(french):
        assert client.get(story.url).status_code == 200

    html = client.get("/fr/").content.decode()
    assert "Nos adhérents" in html
    assert "Fondation pour le numérique solidaire" in html
