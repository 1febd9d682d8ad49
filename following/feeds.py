"""The Atom feed of a directory or map view's changes (no email needed)."""

import datetime
import uuid

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from following import matching

FEED_DAYS = 30
FEED_SIZE = 100
ENTRY_NAMESPACE = uuid.UUID("0d5b8a5e-9f1e-4c55-8a53-3f6c1c2f7b10")  # never change it


class ChangesFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, language, query):
        return {"language": language, "query": query}

    def title(self, obj):
        labels = matching.describe("directory", obj["query"], obj["language"])
        what = ", ".join(labels) if labels else _("all organisations")
        return _("Changes in the Social Tech Atlas: %(what)s") % {"what": what}

    def link(self, obj):
        directory = matching.directory_for(obj["language"])
        path = directory.url if directory else "/"
        return self.request.build_absolute_uri(f"{path}?{obj['query']}" if obj["query"] else path)

    def feed_url(self, obj):
        return self.request.build_absolute_uri()

    def subtitle(self, obj):
        return _("Organisations added, updated or archived in the last %(days)s days.") % {
            "days": FEED_DAYS
        }

    def items(self, obj):
        until = timezone.now()
        since = until - datetime.timedelta(days=FEED_DAYS)
        changes = matching.changes_for(obj["query"], obj["language"], since, until)
        items = [
            (page, event, moment)
            for event, pages, field in (
                ("added", changes.added, "first_published_at"),
                ("updated", changes.updated, "last_published_at"),
                ("archived", changes.archived, "archived_at"),
            )
            for page in pages
            for moment in [getattr(page, field)]
        ]
        items.sort(key=lambda item: item[2], reverse=True)
        return items[:FEED_SIZE]

    def item_title(self, item):
        page, event, _moment = item
        label = {"added": _("Added"), "updated": _("Updated"), "archived": _("Archived")}[event]
        return f"{label}: {page.title}"

    def item_description(self, item):
        return item[0].summary

    def item_link(self, item):
        return item[0].get_full_url(self.request)

    def item_guid(self, item):
        page, event, moment = item
        return uuid.uuid5(
            ENTRY_NAMESPACE, f"{page.translation_key}/{event}/{moment.isoformat()}"
        ).urn

    item_guid_is_permalink = False

    def item_updateddate(self, item):
        return item[2]

    def item_pubdate(self, item):
        return item[2]
