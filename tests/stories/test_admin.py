"""Creating stories through the admin, the page tree rules, and editors' errors."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from demo.seeding import AtlasSeeder
from directory.factories import OrganisationPageFactory
from directory.models import DirectoryIndexPage
from home.models import HomePage
from stories.models import Author, StoryIndexPage, StoryPage, Theme


def list_block(items):
    """ListBlock form data, like wagtail's `streamfield` helper but without block types."""
    data = {
        str(n): {"value": value, "deleted": "", "order": str(n)} for n, value in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def story_form(**overrides):
    data = {
        "title": "Public hearing on the social economy",
        "slug": "public-hearing",
        "kind": "news",
        "standfirst": "MPs heard six speakers on the digital gap.",
        "story_authors": inline_formset([]),
        "related_organisations": inline_formset([]),
        "content_translations": inline_formset([]),
        "comments": inline_formset([]),
        "body": streamfield(
            [
                ("heading", {"text": "What was said", "anchor": "said"}),
                ("paragraph", rich_text("<p>Six speakers, three hours.</p>")),
                (
                    "pull_quote",
                    {"quote": "Public money, public code.", "attribution": "Jonas", "role": ""},
                ),
                (
                    "question_answer",
                    {
                        "question": "Why now?",
                        "answer": rich_text("<p>Because of the report.</p>"),
                        "speaker": "",
                    },
                ),
                (
                    "faq",
                    {
                        "title": "FAQ",
                        "items": list_block(
                            [{"question": "Who?", "answer": rich_text("<p>Everyone.</p>")}]
                        ),
                    },
                ),
                (
                    "key_figures",
                    {"title": "", "figures": list_block([{"number": "38 %", "label": "lack"}])},
                ),
                (
                    "video",
                    {
                        "video": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                        "title": "The hearing",
                        "caption": "",
                    },
                ),
                (
                    "call_to_action",
                    {
                        "title": "Read more",
                        "text": "",
                        "button_label": "Go",
                        "page": "",
                        "url": "https://example.org/report",
                    },
                ),
            ]
        ),
    }
    data.update(overrides)
    return nested_form_data(data)


class StoryPageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        seeder = AtlasSeeder(seed=1)
        seeder.locales()
        seeder.vocabularies()
        cls.home = seeder.site_tree()
        cls.index = seeder.stories
        cls.directory = seeder.directory
        cls.theme = Theme.objects.create(name="Policy", slug="policy", locale=seeder.en)
        cls.author = Author.objects.create(name="Tomás Herrera", locale=seeder.en)
        cls.organisation = OrganisationPageFactory(parent=cls.directory, title="Coop Libre")

    def setUp(self):
        super().setUp()
        self.login()

    def test_stories_live_only_under_the_story_index(self):
        self.assertAllowedSubpageTypes(StoryIndexPage, {StoryPage})
        self.assertAllowedParentPageTypes(StoryPage, {StoryIndexPage})
        self.assertCanCreateAt(StoryIndexPage, StoryPage)
        self.assertCanNotCreateAt(HomePage, StoryPage)
        self.assertCanNotCreateAt(DirectoryIndexPage, StoryPage)
        self.assertAllowedParentPageTypes(StoryIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(StoryPage, set())

    def test_only_one_story_index_per_home(self):
        self.assertFalse(StoryIndexPage.can_create_at(self.home))

    def test_editor_creates_a_story_with_every_block_through_the_admin(self):
        data = story_form(
            story_authors=inline_formset([{"author": str(self.author.pk)}]),
            related_organisations=inline_formset([{"organisation": str(self.organisation.pk)}]),
        )
        data["themes"] = [str(self.theme.pk)]  # a multiple choice: one key, several values
        self.assertCanCreate(self.index, StoryPage, data)
        story = StoryPage.objects.get(locale=self.index.locale, slug="public-hearing")
        self.assertTrue(story.live)
        self.assertEqual(
            [block.block_type for block in story.body],
            [
                "heading",
                "paragraph",
                "pull_quote",
                "question_answer",
                "faq",
                "key_figures",
                "video",
                "call_to_action",
            ],
        )
        self.assertEqual([a.name for a in story.authors], ["Tomás Herrera"])
        self.assertEqual(list(story.themes.all()), [self.theme])
        self.assertEqual(story.date, story.first_published_at.date())
        self.assertPageIsRenderable(story)
        # Editors preview drafts (assertPageIsPreviewable can't rebuild StreamField form data).
        preview_url = f"/admin/pages/{story.pk}/edit/preview/"
        data["title"] = "Draft title under review"
        response = self.client.post(preview_url, data)
        self.assertEqual(response.json()["is_valid"], True)
        response = self.client.get(preview_url)
        self.assertContains(response, "Draft title under review")
        self.assertContains(response, "Six speakers, three hours.")

    def test_a_video_from_an_unsupported_site_gives_the_editor_a_clear_error(self):
        data = story_form(
            body=streamfield(
                [
                    (
                        "video",
                        {
                            "video": "https://videos.example.org/w/abc123",
                            "title": "A talk",
                            "caption": "",
                        },
                    )
                ]
            )
        )
        data["action-publish"] = "action-publish"
        url = f"/admin/pages/add/stories/storypage/{self.index.pk}/"
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "can&#x27;t be embedded", status_code=200)
        self.assertContains(response, "YouTube, Vimeo, Dailymotion")
        self.assertFalse(StoryPage.objects.filter(slug="public-hearing").exists())

    def test_a_call_to_action_needs_exactly_one_target(self):
        data = story_form(
            body=streamfield(
                [
                    (
                        "call_to_action",
                        {"title": "Go", "text": "", "button_label": "Go", "page": "", "url": ""},
                    )
                ]
            )
        )
        data["action-publish"] = "action-publish"
        response = self.client.post(f"/admin/pages/add/stories/storypage/{self.index.pk}/", data)
        self.assertContains(response, "Choose either a page or a URL")
        self.assertFalse(StoryPage.objects.filter(slug="public-hearing").exists())

    def test_story_index_is_routable_and_renders(self):
        # assertPageIsRoutable ignores the /en/ prefix of i18n_patterns; route it ourselves.
        self.assertEqual(self.client.get("/en/stories/").status_code, 200)
        self.assertPageIsRenderable(self.index)
        self.assertPageIsRenderable(self.index, route_path="/feed/rss/")
        self.assertPageIsRenderable(self.index, route_path="/feed/atom/")

    def test_the_root_is_not_a_place_for_stories(self):
        self.assertFalse(StoryPage.can_create_at(Page.get_first_root_node()))


def test_every_block_previews_in_the_admin_with_the_site_styles(admin_client):
    from stories.models import StoryPage

    stream_block = StoryPage._meta.get_field("body").stream_block
    for name, block in stream_block.child_blocks.items():
        response = admin_client.get(f"/admin/block-preview/?id={block.definition_prefix}")
        assert response.status_code == 200, name
        html = response.content.decode()
        assert "css/stories.css" in html, name
        assert 'class="story__body"' in html, name
