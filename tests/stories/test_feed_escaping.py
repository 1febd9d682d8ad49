"""Feed fields that readers render as HTML carry plain text escaped as HTML: a standfirst that
mentions a tag reads as written, and never runs in a feed reader."""

import html
import xml.etree.ElementTree as ET

from tests.stories.conftest import make_story

ATOM = "{http://www.w3.org/2005/Atom}"
STANDFIRST = 'Why <img src=x onerror=alert(1)> & "quotes" matter'


def test_atom_summary_is_html_holding_the_escaped_standfirst(client, site_tree, day):
    make_story(site_tree.stories, "Escaping", standfirst=STANDFIRST, date=day(0))
    feed = ET.fromstring(client.get("/en/stories/feed/atom/").content)
    summary = feed.find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "html"
    # What a reader renders as HTML: no element, and the exact text once unescaped.
    assert "<" not in summary.text
    assert html.unescape(summary.text) == STANDFIRST


def test_rss_description_holds_the_escaped_standfirst(client, site_tree, day):
    make_story(site_tree.stories, "Escaping", standfirst=STANDFIRST, date=day(0))
    channel = ET.fromstring(client.get("/en/stories/feed/rss/").content).find("channel")
    description = channel.find("item/description").text
    assert "<" not in description
    assert html.unescape(description) == STANDFIRST
