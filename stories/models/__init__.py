"""Stories' models: pages (index, story) and snippets (authors, themes)."""

from stories.models.pages import (  # noqa: F401
    StoryAuthor,
    StoryIndexPage,
    StoryKind,
    StoryOrganisation,
    StoryPage,
)
from stories.models.snippets import Author, Theme  # noqa: F401
