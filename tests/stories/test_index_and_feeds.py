"""The story index (filters, pagination, query counts) and its RSS and Atom feeds."""

import xml.etree.ElementTree as ET

from directory.factories import OrganisationPageFactory
from stories.models import STORIES_PAGE_SIZE, Theme
from tests.stories.conftest import make_story

ATOM = "{http://www.w3.org/2005/Atom}"


def test_index_lists_live_stories_newest_first(client, site_tree, day):
    make_story(site_tree.stories, "Old news", date=day(9))
    make_story(site_tree.stories, "Fresh news", date=day(0))
    make_story(site_tree.stories, "Unpublished draft", publish=False)
    html = client.get("/en/stories/").content.decode()
    assert html.index("Fresh news") < html.index("Old news")
    assert "Unpublished draft" not in html
    assert "2 stories" in html


def test_index_filters_by_kind_and_theme(client, site_tree, theme, day):
    make_story(site_tree.stories, "An interview", kind="interview", themes=[theme])
    make_story(site_tree.stories, "A portrait", kind="portrait")
    make_story(site_tree.stories, "Policy news", kind="news", themes=[theme])

    html = client.get("/en/stories/?kind=interview").content.decode()
    assert "An interview" in html and "A portrait" not in html and "Policy news" not in html

    html = client.get("/en/stories/?theme=public-policy").content.decode()
    assert "An interview" in html and "Policy news" in html and "A portrait" not in html

    html = client.get("/en/stories/?theme=public-policy&kind=news").content.decode()
    assert "Policy news" in html and "An interview" not in html


def test_unknown_filter_values_show_every_story(client, site_tree):
    make_story(site_tree.stories, "Still listed")
    for query in ("?kind=<script>", "?theme=nope", "?page=abc", "?page=999"):
        response = client.get(f"/en/stories/{query}")
        assert response.status_code == 200
        assert "Still listed" in response.content.decode()
        assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_french_index_offers_french_theme_names(client, site_tree, theme):
    html = client.get("/fr/recits/").content.decode()
    assert "Politiques publiques" in html


def test_index_paginates(client, site_tree, day):
    for n in range(STORIES_PAGE_SIZE + 2):
        make_story(site_tree.stories, f"Story number {n:02d}", date=day(n))
    first = client.get("/en/stories/").content.decode()
    second = client.get("/en/stories/?page=2").content.decode()
    assert "Story number 00" in first and "Story number 12" not in first
    assert "Story number 12" in second and "Story number 13" in second
    assert 'rel="next"' in first


def test_index_query_count_does_not_grow_with_stories(
    client, site_tree, theme, image, day, django_assert_max_num_queries
):
    client.get("/en/stories/")  # warm caches (site root paths, locales)
    make_story(site_tree.stories, "One", themes=[theme], hero_image=image, date=day(0))
    # 33: the canonical and hreflang links look up the page's real translations (constant).
    with django_assert_max_num_queries(33) as few:
        assert client.get("/en/stories/").status_code == 200
    for n in range(STORIES_PAGE_SIZE):
        make_story(site_tree.stories, f"Many {n}", themes=[theme], hero_image=image, date=day(n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/en/stories/").status_code == 200


def test_profile_query_count_does_not_grow_with_stories(
    client, site_tree, day, django_assert_max_num_queries
):
    coop = OrganisationPageFactory(parent=site_tree.directory, title="Busy coop")
    client.get(coop.url)
    make_story(site_tree.stories, "First mention", organisations=[coop], date=day(0))
    with django_assert_max_num_queries(40) as few:
        assert "First mention" in client.get(coop.url).content.decode()
    for n in range(20):
        make_story(site_tree.stories, f"Mention {n}", organisations=[coop], date=day(n + 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(coop.url).content.decode()
    assert html.count('class="featured-in__meta"') == 6  # newest six


def test_story_page_query_count_is_bounded(
    client, site_tree, theme, author, image, day, django_assert_max_num_queries
):
    organisations = [
        OrganisationPageFactory(parent=site_tree.directory, title=f"Org {n}") for n in range(8)
    ]
    for n in range(5):
        make_story(site_tree.stories, f"Related {n}", themes=[theme], date=day(n + 1))
    story = make_story(
        site_tree.stories,
        "Big story",
        themes=[theme],
        authors=[author],
        organisations=organisations,
        hero_image=image,
    )
    client.get(story.url)
    with django_assert_max_num_queries(45):
        assert client.get(story.url).status_code == 200


def test_index_head_links_to_its_feeds(client, site_tree):
    html = client.get("/fr/recits/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/fr/recits/feed/atom/"' in html
    assert 'href="/fr/recits/feed/rss/"' in html


def test_rss_feed_is_valid_xml_with_the_locales_stories(client, site_tree, theme, author, day):
    make_story(
        site_tree.stories,
        "Hearing <report> & “quotes”",
        standfirst="Six speakers <script>alert(1)</script>",
        themes=[theme],
        authors=[author],
        date=day(0),
    )
    make_story(site_tree.stories, "Older", date=day(5))
    make_story(site_tree.stories, "Draft", publish=False)
    response = client.get("/en/stories/feed/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Hearing <report> & “quotes”", "Older"]
    # <description> is HTML: the plain-text standfirst, escaped as HTML (test_feed_escaping).
    assert items[0].findtext("description") == "Six speakers &lt;script&gt;alert(1)&lt;/script&gt;"
    assert items[0].findtext("link").endswith("/en/stories/hearing-report-quotes/")
    assert [c.text for c in items[0].findall("category")] == ["Public policy"]
    assert b"<script>" not in response.content  # escaped as &lt;script&gt;

    french = ET.fromstring(client.get("/fr/recits/feed/rss/").content).find("channel")
    assert french.findall("item") == []


def test_atom_feed_is_valid_xml(client, site_tree, day):
    make_story(site_tree.stories, "Atom entry", date=day(0))
    response = client.get("/en/stories/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Atom entry"]
    assert feed.find(f"{ATOM}link[@rel='self']").get("href").endswith("/en/stories/feed/atom/")


def test_theme_slugs_are_unique_per_language(site_tree, theme):
    from django.db import IntegrityError, transaction

    import pytest

    with pytest.raises(IntegrityError), transaction.atomic():
        Theme.objects.create(name="Duplicate", slug="public-policy", locale=site_tree.en)


def test_feeds_read_by_feedparser_are_well_formed_with_authors_ids_and_dates(
    client, site_tree, author, day
):
    """feedparser (what feed readers use) finds no error; every Atom entry has an author, a
    valid and stable id, and was not updated before it was published."""
    import uuid

    import feedparser

    # Dated after its publication (today): the date a reader sees is the publication.
    make_story(site_tree.stories, "Future-dated", date=day(0), authors=[author])
    make_story(site_tree.stories, "Nobody signed this", date=day(3))
    for kind in ("atom", "rss"):
        content = client.get(f"/en/stories/feed/{kind}/").content
        feed = feedparser.parse(content)
        assert feed.bozo == 0, feed.get("bozo_exception")
        assert len(feed.entries) == 2
        ids = [entry.id for entry in feed.entries]
        assert all(uuid.UUID(entry_id.removeprefix("urn:uuid:")) for entry_id in ids)
        assert len(set(ids)) == 2
        assert ids == [
            e.id for e in feedparser.parse(client.get(f"/en/stories/feed/{kind}/").content).entries
        ]
    atom = feedparser.parse(client.get("/en/stories/feed/atom/").content)
    assert atom.feed.author == "Social Tech Atlas"  # the author of an entry that names nobody
    for entry in atom.entries:
        assert entry.published_parsed <= entry.updated_parsed
    french = feedparser.parse(client.get("/fr/recits/feed/atom/").content)
    assert not {e.id for e in french.entries} & {e.id for e in atom.entries}
