"""RSS and Atom feeds of a story index (one per language, since each language has its index).

django.contrib.syndication writes the XML and escapes every title, summary and name as XML;
fields that feed readers read as HTML are escaped as HTML first (`item_description`).
"""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, strip_tags

from core.i18n import localize_all

FEED_SIZE = 20


class StoryRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, index):
        return index

    def title(self, index):
        return f"{index.title} · {translation.gettext('Social Tech Atlas')}"

    def link(self, index):
        return index.get_full_url(self.request)

    def feed_url(self, index):
        return self.request.build_absolute_uri()

    def description(self, index):
        return strip_tags(index.intro) or translation.gettext("Stories from the Social Tech Atlas")

    def items(self, index):
        stories = list(
            index.stories.prefetch_related("themes", "story_authors__author")[:FEED_SIZE]
        )
        themes = [theme for story in stories for theme in story.themes.all()]
        names = dict(zip([t.pk for t in themes], localize_all(themes), strict=True))
        for story in stories:
            story.feed_categories = [names[theme.pk].name for theme in story.themes.all()]
        return stories

    def item_title(self, story):
        return story.title

    def item_description(self, story):
        # RSS <description> and Atom <summary type="html"> hold HTML; the standfirst is plain
        # text, so it is escaped as HTML first ("a <b>" must read as written, not as markup),
        # then once more as XML by the feed generator.
        return escape(story.search_description or story.standfirst)

    def item_link(self, story):
        return story.get_full_url(self.request)

    def item_guid(self, story):
        return f"urn:uuid:{story.translation_key}-{story.locale_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, story):
        if story.date:
            return timezone.make_aware(datetime.combine(story.date, time(9)))
        return story.first_published_at

    def item_updateddate(self, story):
        return story.last_published_at or self.item_pubdate(story)

    def item_author_name(self, story):
        names = [link.author.name for link in story.story_authors.all()]
        return ", ".join(names) or None

    def item_categories(self, story):
        return story.feed_categories


class StoryAtomFeed(StoryRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, index):
        return self.description(index)
