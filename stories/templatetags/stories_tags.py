"""Template tags of the stories: the video block's click-to-load player, and "Featured in" on
the profiles of the organisations a story mentions."""

from django import template

from stories.blocks import parse_video_url
from stories.models import StoryPage

register = template.Library()


@register.simple_tag
def video_player(embed):
    """The provider's name, the video's page and the player's address, or None if unsupported."""
    url = getattr(embed, "url", embed) or ""
    parsed = parse_video_url(url)
    if parsed is None:
        return None
    _key, provider, src = parsed
    return {"provider": provider, "url": url, "src": src}


@register.inclusion_tag("stories/includes/featured_in.html")
def featured_in(page):
    """The live stories of the profile's language that mention this organisation."""
    return {"featured_in": StoryPage.featuring(page)}
