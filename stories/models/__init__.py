"""Stories' models: the index, the story and its relations, and snippets (authors, themes)."""

from stories.models.index import STORIES_PAGE_SIZE, StoryIndexPage  # noqa: F401
from stories.models.snippets import Author, Theme  # noqa: F401
from stories.models.story import (  # noqa: F401
    StoryAuthor,
    StoryKind,
    StoryOrganisation,
    StoryPage,
    StoryTranslation,
)
