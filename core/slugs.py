"""Page slugs made from titles, unique among their siblings, numbered the way Wagtail does.

One page at a time, use Wagtail's `find_available_slug(parent, slug_from_title(title))`: it asks
the database. Thousands of new pages at once (demo seeding, imports) use `available_slug` with
the siblings' slugs read once, so that each row costs no query, and end up with the same slugs.
"""

from django.utils.text import slugify

# Short enough for readable URLs, with room for a "-12" suffix within the field.
MAX_BASE_LENGTH = 60


def slug_from_title(title, fallback="organisation"):
    """The slug a page with this title asks for, before any number is added."""
    return slugify(title)[:MAX_BASE_LENGTH].strip("-") or fallback


def available_slug(requested_slug, taken):
    """`requested_slug`, or the first of `requested_slug-1`, `-2`… not in `taken`, like
    `wagtail.coreutils.find_available_slug` but against a set of the siblings' slugs, which the
    returned slug is added to."""
    slug, number = requested_slug, 1
    while slug in taken:
        slug = f"{requested_slug}-{number}"
        number += 1
    taken.add(slug)
    return slug
