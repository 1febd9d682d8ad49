"""The home page: hero, live figures, map teaser, featured stories, call to action, partners."""

from django.core.exceptions import ValidationError

from wagtail.models import Page

import pytest

from directory.factories import OrganisationPageFactory
from home.models import HomeFeaturedStory, HomePartnerLogo, SiteSettings
from tests.stories.conftest import make_story


def test_home_shows_editable_hero_and_live_key_figures(client, site_tree):
    home = site_tree.home
    home.hero_title = "Tech for the social economy"
    home.hero_text = "A free, open map."
    home.save_revision().publish()
    OrganisationPageFactory(parent=site_tree.directory, country="FR")
    OrganisationPageFactory(parent=site_tree.directory, country="BE")
    html = client.get("/en/").content.decode()
    assert "Tech for the social economy" in html
    assert "A free, open map." in html
    figures = html[html.index("key-figures") :]
    assert "<dd>2</dd>" in figures


def test_featured_stories_come_first_then_the_latest_fill_in(client, site_tree, day):
    old = make_story(site_tree.stories, "Chosen old story", date=day(30))
    make_story(site_tree.stories, "Latest story", date=day(0))
    make_story(site_tree.stories, "Second latest", date=day(1))
    make_story(site_tree.stories, "Too old to show", date=day(20))
    home = site_tree.home
    home.featured_story_links = [HomeFeaturedStory(story=old, sort_order=0)]
    home.save_revision().publish()
    html = client.get("/en/").content.decode()
    assert html.index("Chosen old story") < html.index("Latest story") < html.index("Second latest")
    assert "Too old to show" not in html


def test_without_chosen_stories_the_home_shows_the_latest(client, site_tree, day):
    for n in range(4):
        make_story(site_tree.stories, f"Story {n}", date=day(n))
    html = client.get("/en/").content.decode()
    assert "Story 0" in html and "Story 2" in html and "Story 3" not in html
    assert 'href="/en/stories/"' in html


def test_french_home_features_the_french_translation_of_a_chosen_story(client, site_tree):
    story = make_story(site_tree.stories, "English original")
    french = story.copy_for_translation(site_tree.fr)
    french = french.get_latest_revision_as_object()
    french.title = "Version française"
    french.standfirst = "Le chapeau en français."
    french.save_revision().publish()
    home_fr = site_tree.home_fr
    home_fr.featured_story_links = [HomeFeaturedStory(story=story, sort_order=0)]
    home_fr.save_revision().publish()
    html = client.get("/fr/").content.decode()
    assert "Version française" in html
    assert "English original" not in html


def test_home_without_stories_has_no_empty_stories_section(client, site_tree):
    html = client.get("/en/").content.decode()
    assert 'id="stories-heading"' not in html


def test_map_teaser_links_to_the_map_page_when_there_is_one(client, site_tree):
    html = client.get("/en/").content.decode()
    try:
        from directory.models import MapPage
    except ImportError:
        pytest.skip("The map page is not part of this build.")
    map_page = MapPage.objects.child_of(site_tree.home).first()
    if map_page is None:
        map_page = MapPage(title="Map", slug="map")
        site_tree.home.add_child(instance=map_page)
        map_page.save_revision().publish()
        html = client.get("/en/").content.decode()
    assert f'href="{map_page.url}"' in html
    assert "Open the map" in html


def test_call_to_action_points_to_the_chosen_page_or_url(client, site_tree):
    home = site_tree.home
    home.cta_page = Page.objects.get(pk=site_tree.directory.pk)
    home.cta_label = "Join the Atlas"
    home.save_revision().publish()
    html = client.get("/en/").content.decode()
    assert 'href="/en/directory/">Join the Atlas</a>' in html
    # The French home points at the French version of the chosen page.
    home_fr = site_tree.home_fr
    home_fr.cta_page = Page.objects.get(pk=site_tree.directory.pk)
    home_fr.save_revision().publish()
    assert 'href="/fr/annuaire/">' in client.get("/fr/").content.decode()

    home.cta_page = None
    home.cta_url = "https://forms.example.org/add"
    home.save_revision().publish()
    assert 'href="https://forms.example.org/add">Join the Atlas</a>' in (
        client.get("/en/").content.decode()
    )


def test_call_to_action_falls_back_to_the_proposal_form_then_the_contact_address(
    client, site_tree, monkeypatch
):
    from django.urls import NoReverseMatch, reverse

    from wagtail.models import Site

    try:
        form_url = reverse("moderation:propose")
    except NoReverseMatch:
        form_url = None
    if form_url:
        html = client.get("/en/").content.decode()
        assert f'<a class="button" href="{form_url}">Add your organisation</a>' in html

    def no_form(name, *args, **kwargs):
        raise NoReverseMatch(name)

    monkeypatch.setattr("home.models.reverse", no_form)
    assert 'id="join-heading"' not in client.get("/en/").content.decode()
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.contact_email = "hello@atlas.example"
    settings.save()
    html = client.get("/en/").content.decode()
    assert 'href="mailto:hello@atlas.example?subject=' in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org", "example.org"])
def test_call_to_action_refuses_unsafe_or_incomplete_urls(site_tree, url):
    home = site_tree.home
    home.cta_url = url
    with pytest.raises(ValidationError) as error:
        home.full_clean()
    assert "cta_url" in error.value.message_dict


def test_call_to_action_refuses_both_a_page_and_a_url(site_tree):
    home = site_tree.home
    home.cta_url = "/en/join/"
    home.cta_page = Page.objects.get(pk=site_tree.directory.pk)
    with pytest.raises(ValidationError) as error:
        home.full_clean()
    assert "cta_page" in error.value.message_dict


def test_partner_strip_keeps_the_editors_order_and_names_each_logo(client, site_tree, image):
    home = site_tree.home
    home.partner_logos = [
        HomePartnerLogo(name="Zeta Fund", kind="funder", sort_order=0, url="https://z.example"),
        HomePartnerLogo(name="Alpha Network", kind="partner", sort_order=1, logo=image),
    ]
    home.save_revision().publish()
    html = client.get("/en/").content.decode()
    strip = html[html.index("partners-heading") :]
    assert strip.index("Zeta Fund") < strip.index("Alpha Network")
    assert 'href="https://z.example"' in strip
    assert "Funder" in strip and "Partner" in strip


def test_home_query_count_is_bounded(client, site_tree, day, django_assert_max_num_queries):
    for n in range(6):
        make_story(site_tree.stories, f"Story {n}", date=day(n))
    client.get("/en/")
    with django_assert_max_num_queries(40):
        assert client.get("/en/").status_code == 200


def test_home_links_to_the_stories_feed(client, site_tree):
    assert 'href="/en/stories/feed/atom/"' in client.get("/en/").content.decode()


def test_the_home_page_names_the_site_once_and_describes_itself(client, site_tree):
    import re

    for url, name in (("/en/", "Social Tech Atlas"), ("/fr/", "Atlas de la tech sociale")):
        html = client.get(url).content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert title.count(name) == 1, title
        description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
        assert len(description) > 40, url
