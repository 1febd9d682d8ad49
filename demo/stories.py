"""Demo stories for `seed_atlas`: themes, authors, four stories in English and French, and the
home page's featured stories, call to action and partner strip.

Idempotent: everything is looked up by slug, name or title before it is created, so running the
seed twice creates nothing new. Illustrations are drawn with Pillow, so nothing is downloaded.
"""

import io
import random

from django.core.files.images import ImageFile
from django.db import transaction

from wagtail.images import get_image_model
from wagtail.models import Locale

from core.collections import top_level_collection
from demo import story_content as demo_content
from demo.translations import THEME_NAMES_DE
from directory.models import DirectoryIndexPage, OrganisationPage
from home.models import HomeFeaturedStory, HomePage, HomePartnerLogo
from stories.editorial import STORIES_COLLECTION
from stories.models import (
    Author,
    StoryAuthor,
    StoryIndexPage,
    StoryOrganisation,
    StoryPage,
    StoryTranslation,
    Theme,
)

DEMO_COLLECTION_TAG = "Social Tech Atlas demo"


# --- Illustrations ---
def _hex(colour):
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def draw_illustration(colours, seed, size=(1600, 900), dots=40):
    """A JPEG of a diagonal gradient with coloured dots (an abstract 'map')."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    width, height = size
    start, end = _hex(colours[0]), _hex(colours[1])
    # Draw the gradient small and scale it up: fast and smooth.
    small = PILImage.new("RGB", (32, 18))
    for x in range(32):
        for y in range(18):
            t = (x / 31 + y / 17) / 2
            small.putpixel(
                (x, y), tuple(round(a + (b - a) * t) for a, b in zip(start, end, strict=True))
            )
    image = small.resize(size, PILImage.BILINEAR)
    draw = ImageDraw.Draw(image)
    rng = random.Random(seed)
    palette = [(255, 255, 255), (255, 191, 71), (227, 241, 236), (241, 232, 255)]
    for _ in range(dots):
        x, y = rng.randrange(width), rng.randrange(height)
        radius = rng.randrange(8, 36)
        colour = rng.choice(palette)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=colour, width=4)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def draw_logo(name, colour):
    """A small PNG 'logo': the initials in a coloured circle (the name is shown beside it)."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    image = PILImage.new("RGBA", (160, 160), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, 156, 156), fill=_hex(colour))
    initials = "".join(word[0] for word in name.split()[:3] if word[0].isalpha()).upper()
    draw.text((80, 80), initials, fill=(255, 255, 255), anchor="mm", font_size=56)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _stories_collection():
    from django.apps import apps

    return top_level_collection(apps, STORIES_COLLECTION)


def _image(title, data, filename):
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image(
            title=title,
            file=ImageFile(io.BytesIO(data), name=filename),
            collection=_stories_collection(),
        )
        image.save()
        image.tags.add(DEMO_COLLECTION_TAG)
    return image


# --- Vocabularies ---
def themes(en, fr):
    by_slug = {}
    for slug, name_en, name_fr, description in demo_content.THEMES:
        original, _ = Theme.objects.get_or_create(
            slug=slug, locale=en, defaults={"name": name_en, "description": description}
        )
        Theme.objects.get_or_create(
            slug=slug,
            locale=fr,
            defaults={"name": name_fr, "translation_key": original.translation_key},
        )
        german = Locale.objects.filter(language_code="de").first()
        if german is not None:
            Theme.objects.get_or_create(
                slug=slug,
                locale=german,
                defaults={
                    "name": THEME_NAMES_DE.get(slug, name_en),
                    "translation_key": original.translation_key,
                },
            )
        by_slug[slug] = original
    return by_slug


def authors(en, fr):
    by_key = {}
    for key, (name, texts) in demo_content.AUTHORS.items():
        role, bio = texts["en"]
        original, _ = Author.objects.get_or_create(
            name=name, locale=en, defaults={"role": role, "bio": bio}
        )
        role, bio = texts["fr"]
        Author.objects.get_or_create(
            name=name,
            locale=fr,
            defaults={"role": role, "bio": bio, "translation_key": original.translation_key},
        )
        by_key[key] = original
    return by_key


def _organisations_for(sectors, locale, used):
    """The first live organisation of each sector (by id), skipping ones already used."""

    chosen = []
    for slug in sectors:
        candidates = OrganisationPage.objects.live().filter(
            locale=locale, sector__slug=slug, alias_of__isnull=True
        )
        # Prefer one no other demo story mentions; share one rather than mention none.
        organisation = (
            candidates.exclude(pk__in=used).order_by("pk").first()
            or candidates.exclude(pk__in=[o.pk for o in chosen]).order_by("pk").first()
        )
        if organisation is not None:
            chosen.append(organisation)
            used.add(organisation.pk)
    return chosen


# --- Stories ---
def _fill(page, text, image):
    page.title = page.draft_title = text["title"]
    page.slug = text["slug"]
    page.standfirst = text["standfirst"]
    page.hero_image = image
    page.hero_caption = text["caption"]
    page.hero_credit = text["credit"]
    page.hero_alt_text = ""


def create_stories(index, directory, en, fr):
    """Create the demo stories under `index` (English) and translate them; returns all stories."""
    theme_by_slug = themes(en, fr)
    author_by_key = authors(en, fr)
    illustration = _image(
        "Atlas map illustration",
        draw_illustration(("#0b6e4f", "#1d4ed8"), seed=99, dots=60),
        "atlas-map.jpg",
    )
    ids = {"directory": directory.pk if directory else None, "illustration": illustration.pk}
    used_organisations = set()
    stories = []
    for number, spec in enumerate(demo_content.STORIES):
        existing = StoryPage.objects.child_of(index).filter(slug=spec["en"]["slug"]).first()
        organisations = _organisations_for(spec["sectors"], en, used_organisations)
        if existing is not None:
            stories.append(existing)
            continue
        hero = _image(
            f"Story illustration: {spec['key']}",
            draw_illustration(spec["colours"], seed=number),
            f"story-{spec['key']}.jpg",
        )
        story = StoryPage(kind=spec["kind"], date=spec["date"], locale=en)
        _fill(story, spec["en"], hero)
        story.body = spec["en"]["body"](ids)
        story.themes = [theme_by_slug[slug] for slug in spec["themes"]]
        story.story_authors = [
            StoryAuthor(author=author_by_key[key], sort_order=order)
            for order, key in enumerate(spec["authors"])
        ]
        story.related_organisations = [
            StoryOrganisation(organisation=organisation, sort_order=order)
            for order, organisation in enumerate(organisations)
        ]
        index.add_child(instance=story)

        # A real French translation, kept on the original (core.translation); every other
        # language shows the English original, marked as such.
        story.content_translations = [
            StoryTranslation(
                language="fr",
                title=spec["fr"]["title"],
                standfirst=spec["fr"]["standfirst"],
                hero_caption=spec["fr"]["caption"],
                body=spec["fr"]["body"](ids),
            )
        ]
        for row in story.content_translations.all():
            row.stamp(["title", "standfirst", "hero_caption", "body"], story)
        for locale in Locale.objects.exclude(pk=en.pk):
            if not story.has_translation(locale):
                story.copy_for_translation(locale, copy_parents=True, alias=True)
        story.save_revision().publish()
        stories.append(story)
    return stories


def decorate_home(home, stories, en, fr):
    """Featured stories, the call to action and the partner strip, unless already set."""

    for page, lang in ((home, "en"), (home.get_translation_or_none(fr), "fr")):
        if page is None:
            continue
        page = page.specific
        changed = False
        for field, value in demo_content.HOME_TEXT[lang].items():
            if not getattr(page, field):
                setattr(page, field, value)
                changed = True
        if not page.featured_story_links.exists() and stories:
            # Feature the interview and the portrait; the latest stories fill the third place.
            page.featured_story_links = [
                HomeFeaturedStory(story=story, sort_order=order)
                for order, story in enumerate([stories[0], stories[-1]])
            ]
            changed = True
        if not page.partner_logos.exists():
            page.partner_logos = [
                HomePartnerLogo(
                    name=name,
                    kind=kind,
                    logo=_image(f"Logo: {name}", draw_logo(name, colour), f"logo-{order}.png"),
                    sort_order=order,
                )
                for order, (name, kind, colour) in enumerate(demo_content.PARTNERS)
            ]
            changed = True
        if changed:
            page.save_revision().publish()


def seed_stories(stdout=None):
    """Create the demo stories and home content for the seeded site tree (idempotent)."""

    en = Locale.objects.get(language_code="en")
    fr = Locale.objects.get(language_code="fr")
    home = HomePage.objects.filter(locale=en).first()
    if home is None:
        return []
    index = StoryIndexPage.objects.child_of(home).filter(locale=en).first()
    if index is None:
        return []
    directory = DirectoryIndexPage.objects.child_of(home).filter(locale=en).first()
    with transaction.atomic():
        stories = create_stories(index, directory, en, fr)
        decorate_home(home, stories, en, fr)
    if stdout:
        stdout.write(f"  {len(stories)} demo stories in English and French")
    return stories
