"""RSS and Atom feeds of a story index (one per language, since each language has its index).

django.contrib.syndication writes the XML and escapes every title, summary and name as XML;
fields that feed readers read as HTML are escaped as HTML first (`item_description`).
"""

import uuid
from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, strip_tags

from core.i18n import localize_all

FEED_SIZE = 20
# The namespace of the stories' feed entry ids (a fixed, random UUID: never change it).
ENTRY_NAMESPACE = uuid.UUID("6f0f4e3c-3b1e-4d55-9d5e-6a7d2c1b9e41")


def story_entry_id(translation_key, language_code):
    return uuid.uuid5(ENTRY_NAMESPACE, f"{translation_key}/{language_code}").urn


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
            # A feed announces its items in its own language: stories not yet translated into
            # it are left out (the stories page shows them, marked "In English").
            index.stories.filter(field_languages__title=index.locale.language_code)
            .select_related("locale")
            .prefetch_related("themes", "story_authors__author")[:FEED_SIZE]
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
        """A stable id: the same story in the same language keeps it through renames and
        moves (a UUID derived from the story's translation key and its language)."""
        return story_entry_id(story.translation_key, story.locale.language_code)

    item_guid_is_permalink = False

    def item_pubdate(self, story):
        if story.date:
            return timezone.make_aware(datetime.combine(story.date, time(9)))
        return story.first_published_at

    def item_updateddate(self, story):
        """Never before the publication date: a story dated after its last edit was updated,
        as far as a reader can tell, when it was published."""
        published = self.item_pubdate(story)
        updated = story.last_published_at or published
        return max(updated, published) if published else updated

    def item_author_name(self, story):
        names = [link.author.name for link in story.story_authors.all()]
        return ", ".join(names) or None

    # Atom requires an author for every entry: the feed's, for a story that names nobody.
    def author_name(self, index):
        return translation.gettext("Social Tech Atlas")

    def author_link(self, index):
        return index.get_site().root_url + "/"

    def item_categories(self, story):
        return story.feed_categories


class StoryAtomFeed(StoryRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, index):
        return self.description(index)
