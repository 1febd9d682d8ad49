"""WCAG checks (axe-core in Debian's Chromium) on the demo stories, the French index and a
profile that lists "Featured in"; and the video block's click-to-load player, by keyboard."""

from pathlib import Path

import pytest

from stories.models import StoryOrganisation, StoryPage
from tests.test_accessibility import CHROMIUM, atlas, axe_violations, browser_page  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


def test_stories_and_featured_in_have_no_wcag_aa_violations(live_server, atlas, browser_page):  # noqa: F811
    # The English originals and their French pages (translated on the original); one German
    # page, which shows the English text marked lang="en".
    stories = list(StoryPage.objects.live().filter(locale__language_code__in=["en", "fr"]))
    assert len(stories) >= 8
    stories.append(StoryPage.objects.live().filter(locale__language_code="de").first())
    organisation = StoryOrganisation.objects.filter(page__locale__language_code="en").first()
    paths = ["/fr/recits/", "/en/stories/?kind=interview", organisation.organisation.url]
    paths += [story.url for story in stories]
    for width in (1280, 375):
        browser_page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            browser_page.goto(live_server.url + path)
            assert axe_violations(browser_page) == [], (width, path)
            overflow = browser_page.evaluate(
                "document.documentElement.scrollWidth > document.documentElement.clientWidth"
            )
            assert not overflow, (width, path)


def test_video_player_loads_only_when_asked_from_the_keyboard(live_server, atlas, browser_page):  # noqa: F811
    story = StoryPage.objects.live().filter(locale__language_code="en").first()
    story.body = [
        {
            "type": "video",
            "value": {
                "video": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                "title": "The hearing",
                "caption": "",
            },
        }
    ]
    story.save_revision().publish()
    requested = []
    browser_page.on("request", lambda request: requested.append(request.url))
    browser_page.goto(live_server.url + story.url)
    assert not any("youtube" in url for url in requested)
    button = browser_page.get_by_role("button", name="Play here (loads the player from YouTube)")
    button.focus()
    browser_page.keyboard.press("Enter")
    frame = browser_page.locator("iframe.video-facade__frame")
    assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")
    assert frame.get_attribute("title") == "The hearing"
