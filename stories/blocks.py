"""The blocks of a story's body: one named StreamBlock, every block with icon, preview and template.

Nothing a block outputs may make the reader's browser contact a third party when the page loads:
the video block renders a plain link and a "play here" button, and only a click on that button
inserts the provider's player (see static/js/stories.js).
"""

import re
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock, EmbedValue
from wagtail.embeds.finders.oembed import OEmbedFinder
from wagtail.embeds.oembed_providers import dailymotion, vimeo, youtube
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]

# --- Video ---
# Wagtail's own oEmbed provider patterns decide which URLs are accepted; we then build the
# player's address ourselves, so saving or rendering a story never calls the provider.
VIDEO_PROVIDERS = {
    "youtube": (youtube, "YouTube"),
    "vimeo": (vimeo, "Vimeo"),
    "dailymotion": (dailymotion, "Dailymotion"),
}
SUPPORTED_PROVIDER_NAMES = ", ".join(label for _provider, label in VIDEO_PROVIDERS.values())
_VIDEO_ID = re.compile(r"^[\w-]{4,64}$")


def parse_video_url(url):
    """(provider key, provider label, player URL) for a supported video URL, else None."""
    if not url:
        return None
    for key, (provider, label) in VIDEO_PROVIDERS.items():
        if not OEmbedFinder(providers=[provider]).accept(url):
            continue
        parsed = urlparse(url)
        segments = [segment for segment in parsed.path.split("/") if segment]
        video_id = None
        if key == "youtube":
            if parsed.hostname and parsed.hostname.endswith("youtu.be") and segments:
                video_id = segments[0]
            elif segments[:1] == ["watch"]:
                video_id = parse_qs(parsed.query).get("v", [None])[0]
            elif len(segments) >= 2 and segments[0] in {"embed", "shorts", "live", "v"}:
                video_id = segments[1]
            player = "https://www.youtube-nocookie.com/embed/{}?autoplay=1"
        elif key == "vimeo":
            numeric = [segment for segment in segments if segment.isdigit()]
            video_id = numeric[0] if numeric else None
            player = "https://player.vimeo.com/video/{}?autoplay=1&dnt=1"
        else:
            if len(segments) >= 2 and segments[0] == "video":
                video_id = segments[1].split("_")[0]
            player = "https://www.dailymotion.com/embed/video/{}?autoplay=1"
        if video_id and _VIDEO_ID.match(video_id):
            return key, label, player.format(video_id)
    return None


class VideoEmbedBlock(EmbedBlock):
    """A Wagtail embed URL restricted to video providers whose player we know how to load."""

    def clean(self, value):
        # EmbedBlock.clean fetches the oEmbed data from the provider; we validate locally.
        url = value.url if isinstance(value, EmbedValue) else (value or "")
        if self.required and not url:
            raise ValidationError(_("Paste the address of a video."))
        if url and parse_video_url(url) is None:
            raise ValidationError(
                _(
                    "This video can't be embedded: only links to a single video on %(providers)s "
                    "are supported. Check the address, or add a call to action linking to it."
                )
                % {"providers": SUPPORTED_PROVIDER_NAMES}
            )
        return value


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=160)
    anchor = blocks.CharBlock(
        label=_("Anchor"),
        required=False,
        max_length=60,
        help_text=_("Optional: a short id for links to this section, e.g. 'faq'."),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"
        description = _("A section heading (level 2) that readers can scan.")
        preview_value = {"text": "What the hearing decided", "anchor": ""}

    def clean(self, value):
        value = super().clean(value)
        if value.get("anchor") and not re.match(r"^[a-z][a-z0-9-]*$", value["anchor"]):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "anchor": ValidationError(
                        _("Use lower-case letters, digits and hyphens, starting with a letter.")
                    )
                }
            )
        return value


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Rich text")
        template = "blocks/paragraph_block.html"
        description = _("Paragraphs with bold, italic, links, lists and sub-headings.")
        preview_value = (
            "<p>Cooperatives that pool their hosting <b>save money</b> and keep their "
            "members' data in Europe.</p>"
        )


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=250,
        help_text=_(
            "What the image shows, for people who can't see it. Leave empty if it is decorative."
        ),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)
    credit = blocks.CharBlock(
        label=_("Credit"), required=False, max_length=120, help_text=_("e.g. Photo: Jane Doe")
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/captioned_image_block.html"
        description = _("A photo or illustration with a caption and a credit.")
        preview_value = {
            "image": None,
            "alt_text": "",
            "caption": "Members of the cooperative at their general assembly.",
            "credit": "Photo: the cooperative",
        }


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"), max_length=500)
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=160)
    role = blocks.CharBlock(
        label=_("Role"),
        required=False,
        max_length=160,
        help_text=_(
            "The speaker's role or organisation, e.g. 'Head of social economy, Mutuelle X'."
        ),
    )

    class Meta:
        icon = "openquote"
        label = _("Pull quote")
        template = "blocks/pull_quote_block.html"
        description = _("A striking sentence, set large, with who said it.")
        preview_value = {
            "quote": "Digital sovereignty is a social question before it is a technical one.",
            "attribution": "Claire Martin",
            "role": "Head of social economy, a mutual insurer",
        }


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.TextBlock(label=_("Question"), max_length=500)
    answer = blocks.RichTextBlock(label=_("Answer"), features=RICH_TEXT_FEATURES)
    speaker = blocks.CharBlock(
        label=_("Speaker"),
        required=False,
        max_length=120,
        help_text=_("Who answers; leave empty when it is the interviewee named in the standfirst."),
    )

    class Meta:
        icon = "help"
        label = _("Question and answer")
        template = "blocks/question_answer_block.html"
        description = _("One exchange of an interview: the question in bold, then the answer.")
        preview_value = {
            "question": "Why did your mutual start funding digital cooperatives?",
            "answer": "<p>Because our members asked us where their data was going.</p>",
            "speaker": "",
        }


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("Answer"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "help"
        label = _("Question")


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Title"), required=False, max_length=160, default=_("Frequently asked questions")
    )
    items = blocks.ListBlock(FAQItemBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("FAQ")
        template = "blocks/faq_block.html"
        description = _(
            "A short list of questions and answers; search engines also receive it as an FAQ."
        )
        preview_value = {
            "title": "Frequently asked questions",
            "items": [
                {
                    "question": "Who can be listed on the Atlas?",
                    "answer": "<p>Social and solidarity economy organisations working in tech.</p>",
                },
                {"question": "Is it free?", "answer": "<p>Yes, and the data is open.</p>"},
            ],
        }


class VideoBlock(blocks.StructBlock):
    video = VideoEmbedBlock(
        label=_("Video address"),
        help_text=_("A link to one video on YouTube, Vimeo or Dailymotion."),
    )
    title = blocks.CharBlock(
        label=_("Title"),
        max_length=160,
        help_text=_("What the video is, for the link and for screen readers."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video_block.html"
        description = _(
            "A video from YouTube, Vimeo or Dailymotion. The player only loads when a reader "
            "asks for it, so the page itself contacts no video site."
        )
        preview_value = {
            "video": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "title": "The public hearing on the social economy",
            "caption": "",
        }


class KeyFigureBlock(blocks.StructBlock):
    number = blocks.CharBlock(
        label=_("Number"), max_length=20, help_text=_("e.g. 2,400 or 38 % or €1.2m")
    )
    label = blocks.CharBlock(label=_("Label"), max_length=120)

    class Meta:
        icon = "order"
        label = _("Figure")


class KeyFiguresBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=160)
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("Figures"), min_num=1, max_num=6)

    class Meta:
        icon = "table"
        label = _("Key figures")
        template = "blocks/key_figures_block.html"
        description = _("Two to six big numbers, each with a short label.")
        preview_value = {
            "title": "",
            "figures": [
                {"number": "2.8m", "label": "jobs in the French social economy"},
                {"number": "38 %", "label": "of associations lack digital skills"},
            ],
        }


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=160)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=400)
    button_label = blocks.CharBlock(label=_("Button label"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("or URL"), required=False)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "blocks/call_to_action_block.html"
        description = _("A highlighted box with a button to a page of the Atlas or another site.")
        preview_value = {
            "title": "Is your organisation missing?",
            "text": "Add it to the Atlas in a few minutes.",
            "button_label": "Add your organisation",
            "page": None,
            "url": "https://example.org/",
        }

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("Choose either a page or a URL for the button, not both and not neither.")
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError(message), "url": ValidationError(message)}
            )
        return value


class StoryBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock(features=RICH_TEXT_FEATURES)
    image = CaptionedImageBlock()
    pull_quote = PullQuoteBlock()
    question_answer = QuestionAnswerBlock()
    faq = FAQBlock()
    video = VideoBlock()
    key_figures = KeyFiguresBlock()
    call_to_action = CallToActionBlock()

    class Meta:
        label = _("Body")


def body_text(stream):
    """The plain text of a story body, for reading time and feeds."""
    parts = []
    for block in stream:
        value = block.value
        if block.block_type == "paragraph":
            parts.append(strip_tags(value.source))
        elif block.block_type == "heading":
            parts.append(value["text"])
        elif block.block_type == "pull_quote":
            parts.append(value["quote"])
        elif block.block_type == "question_answer":
            parts += [value["question"], strip_tags(value["answer"].source)]
        elif block.block_type == "faq":
            for item in value["items"]:
                parts += [item["question"], strip_tags(item["answer"].source)]
        elif block.block_type in {"image", "video"}:
            parts.append(value.get("caption") or "")
        elif block.block_type == "call_to_action":
            parts += [value["title"], value.get("text") or ""]
    return "\n".join(part for part in parts if part)


def faq_schema(stream):
    """schema.org FAQPage data for every FAQ block of a body, or None if it has none."""
    questions = []
    for block in stream:
        if block.block_type != "faq":
            continue
        for item in block.value["items"]:
            questions.append(
                {
                    "@type": "Question",
                    "name": item["question"],
                    "acceptedAnswer": {
                        "@type": "Answer",
                        "text": strip_tags(item["answer"].source).strip(),
                    },
                }
            )
    if not questions:
        return None
    return {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": questions}
