"""What readers see: the story index, a story, its blocks, its links to organisations."""

import json
import re

from django.core.exceptions import ValidationError

from wagtail.blocks import StreamValue

import pytest

from directory.factories import OrganisationPageFactory
from directory.models import Sector
from stories.blocks import StoryBodyBlock, VideoEmbedBlock, parse_video_url
from stories.models import StoryPage
from tests.stories.conftest import make_story

EVERY_BLOCK = [
    {"type": "heading", "value": {"text": "What was said", "anchor": "said"}},
    {"type": "paragraph", "value": "<p>Six <b>speakers</b>.</p>"},
    {
        "type": "image",
        "value": {"image": None, "alt_text": "", "caption": "A caption", "credit": "Photo: Jo"},
    },
    {
        "type": "pull_quote",
        "value": {"quote": "Public money, public code.", "attribution": "Jonas", "role": "Coop"},
    },
    {
        "type": "question_answer",
        "value": {"question": "Why now?", "answer": "<p>The report.</p>", "speaker": "Claire"},
    },
    {
        "type": "faq",
        "value": {
            "title": "FAQ",
            "items": [
                {"question": "Who can apply?", "answer": "<p>Any cooperative.</p>"},
                {"question": "Is it free?", "answer": "<p>Yes.</p>"},
            ],
        },
    },
    {
        "type": "video",
        "value": {
            "video": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "title": "The hearing",
            "caption": "Recorded live",
        },
    },
    {
        "type": "key_figures",
        "value": {"title": "In figures", "figures": [{"number": "38 %", "label": "lack skills"}]},
    },
    {
        "type": "call_to_action",
        "value": {
            "title": "Find support",
            "text": "Browse.",
            "button_label": "Open",
            "page": None,
            "url": "https://example.org/",
        },
    },
]


def json_ld(html):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def test_a_body_using_every_block_type_renders(client, site_tree, image):
    body = [dict(block) for block in EVERY_BLOCK]
    body[2] = {**body[2], "value": {**body[2]["value"], "image": image.pk}}
    story = make_story(site_tree.stories, "Every block", body=body)
    assert {block["type"] for block in body} == set(StoryBodyBlock.base_blocks)
    response = client.get(story.url)
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        'id="said"',
        "<b>speakers</b>",
        "Photo: Jo",
        "Public money, public code.",
        "Why now?",
        "Who can apply?",
        "The hearing",
        "38 %",
        "Find support",
    ):
        assert text in html


def test_every_block_renders_its_preview_value():
    for name, block in StoryBodyBlock.base_blocks.items():
        assert block.meta.icon, name
        assert block.meta.description, name
        assert block.meta.template.startswith("blocks/"), name
        html = block.render(block.get_preview_value())
        assert html.strip(), name


def test_the_video_block_loads_nothing_from_the_provider_until_asked(client, site_tree):
    story = make_story(site_tree.stories, "Video", body=[EVERY_BLOCK[6]])
    html = client.get(story.url).content.decode()
    assert "<iframe" not in html
    assert 'data-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in html
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in html
    assert "Watch on YouTube" in html
    # The only script is the site's own.
    assert not re.search(r'<script[^>]+src="https?://', html)


@pytest.mark.parametrize(
    "url,provider",
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube"),
        ("https://youtu.be/dQw4w9WgXcQ", "YouTube"),
        ("https://vimeo.com/76979871", "Vimeo"),
        ("https://www.dailymotion.com/video/x7tgad0", "Dailymotion"),
    ],
)
def test_supported_video_links_are_accepted(url, provider):
    assert parse_video_url(url)[1] == provider
    VideoEmbedBlock().clean(VideoEmbedBlock().to_python(url))


@pytest.mark.parametrize(
    "url",
    [
        "https://peertube.example/w/abc",
        "https://www.youtube.com/",
        "https://example.org/video.mp4",
        "javascript:alert(1)",
    ],
)
def test_unsupported_video_links_are_refused_with_a_clear_message(url):
    with pytest.raises(ValidationError) as error:
        VideoEmbedBlock().clean(VideoEmbedBlock().to_python(url))
    assert "YouTube, Vimeo, Dailymotion" in error.value.messages[0]


def test_a_story_without_hero_image_renders(client, site_tree):
    story = make_story(site_tree.stories, "No picture")
    response = client.get(story.url)
    assert response.status_code == 200
    assert 'og:image"' not in response.content.decode()


def test_story_page_has_meta_description_opengraph_and_article_json_ld(
    client, site_tree, author, theme, image
):
    story = make_story(
        site_tree.stories,
        "Hearing </script><b>report</b>",
        kind="news",
        standfirst="MPs heard six speakers.",
        authors=[author],
        themes=[theme],
        hero_image=image,
        body=[EVERY_BLOCK[5]],
    )
    html = client.get(story.url).content.decode()
    assert '<meta name="description" content="MPs heard six speakers.">' in html
    assert '<meta property="og:type" content="article">' in html
    assert 'property="og:image"' in html
    assert "Hearing &lt;/script&gt;&lt;b&gt;report&lt;/b&gt;" in html
    data = json_ld(html)
    article = next(item for item in data if item["@type"] == "NewsArticle")
    assert article["headline"] == "Hearing </script><b>report</b>"
    assert article["author"][0]["name"] == "Inès Dubois"
    assert article["datePublished"] == story.date.isoformat()
    faq = next(item for item in data if item["@type"] == "FAQPage")
    assert [q["name"] for q in faq["mainEntity"]] == ["Who can apply?", "Is it free?"]
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == "Any cooperative."


def test_an_interview_is_an_article_with_reading_time_and_share_links(client, site_tree):
    words = " ".join(["word"] * 450)
    story = make_story(
        site_tree.stories,
        "Interview",
        kind="interview",
        body=[{"type": "paragraph", "value": f"<p>{words}</p>"}],
    )
    html = client.get(story.url).content.decode()
    assert [item["@type"] for item in json_ld(html)] == ["Article"]
    assert "Reading time: 3 minutes" in html
    assert "mailto:?subject=Interview" in html
    assert "https://bsky.app/intent/compose?" in html


def test_publication_date_defaults_to_first_publication_and_stays_editable(site_tree, day):
    story = make_story(site_tree.stories, "Dated")
    assert story.date == story.first_published_at.astimezone().date() or story.date
    chosen = make_story(site_tree.stories, "Chosen date", date=day(40))
    assert chosen.date == day(40)


def test_story_shows_the_organisations_it_mentions_and_their_profiles_list_it(
    client, site_tree, day
):
    coop = OrganisationPageFactory(parent=site_tree.directory, title="Coop Libre Lyon")
    other = OrganisationPageFactory(parent=site_tree.directory, title="Hébergeur Solidaire")
    older = make_story(site_tree.stories, "Older story", date=day(10), organisations=[coop])
    newer = make_story(site_tree.stories, "Newer story", date=day(1), organisations=[coop, other])
    make_story(site_tree.stories, "Draft story", organisations=[coop], publish=False)

    html = client.get(newer.url).content.decode()
    assert "Organisations in this story" in html
    assert html.index("Coop Libre Lyon") < html.index("Hébergeur Solidaire")

    profile = client.get(coop.url).content.decode()
    assert "Featured in" in profile
    assert profile.index("Newer story") < profile.index("Older story")
    assert "Draft story" not in profile
    assert older.title in profile
    assert (
        "Featured in"
        not in client.get(
            OrganisationPageFactory(parent=site_tree.directory, title="Quiet coop").url
        ).content.decode()
    )


def test_french_translation_links_french_pages_and_french_profiles_list_it(
    client, site_tree, theme
):
    sector = Sector.objects.get(slug="digital-inclusion", locale=site_tree.en)
    coop = OrganisationPageFactory(
        parent=site_tree.directory, title="Coop Libre Lyon", sector=sector
    )
    alias = coop.copy_for_translation(site_tree.fr, alias=True)
    story = make_story(site_tree.stories, "English story", organisations=[coop], themes=[theme])
    french = story.copy_for_translation(site_tree.fr)
    french = StoryPage.objects.get(pk=french.pk).get_latest_revision_as_object()
    french.title, french.slug = "Récit en français", "recit-en-francais"
    french.save_revision().publish()
    french = StoryPage.objects.get(pk=french.pk)

    # The translation points at the French theme and the French alias of the profile.
    assert [t.locale for t in french.themes.all()] == [site_tree.fr]
    assert [link.organisation_id for link in french.related_organisations.all()] == [alias.pk]
    html = client.get(french.url).content.decode()
    assert french.url.startswith("/fr/recits/")
    assert f'href="{alias.url}"' in html
    assert "Politiques publiques" in html
    # The organisation's card names its sector in French too.
    french_sector = coop.sector.get_translation(site_tree.fr).name
    assert french_sector != coop.sector.name
    card = html[html.index('class="org-card"') :]
    assert f"</span>{french_sector}</p>" in card and coop.sector.name not in card

    assert "Récit en français" in client.get(alias.url).content.decode()
    english_profile = client.get(coop.url).content.decode()
    assert "English story" in english_profile
    assert "Récit en français" not in english_profile


def test_related_stories_share_a_theme(client, site_tree, theme, day):
    story = make_story(site_tree.stories, "Main", themes=[theme], date=day(0))
    make_story(site_tree.stories, "Same theme", themes=[theme], date=day(1))
    make_story(site_tree.stories, "Unrelated", date=day(2))
    html = client.get(story.url).content.decode()
    related = html[html.index("Related stories") :]
    assert "Same theme" in related
    assert "Unrelated" not in related


def test_body_text_survives_an_empty_stream():
    from stories.blocks import body_text, faq_schema

    empty = StreamValue(StoryBodyBlock(), [])
    assert body_text(empty) == ""
    assert faq_schema(empty) is None
