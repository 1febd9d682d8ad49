"""The page tree: where directory pages may live, and that they route and render."""

from django.utils import translation

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text

from directory.models import DirectoryIndexPage, OrganisationPage
from home.models import HomePage
from tests.directory.conftest import add_organisation, build_site_tree, sector


class DirectoryPageTreeTests(WagtailPageTestCase):
    def assertPageIsRoutable(self, page, msg=None):
        """Wagtail's helper routes the whole URL, /en/ included, from the site root; the serve
        view first strips the i18n_patterns prefix and activates its language. Do the same."""
        language = page.locale.language_code
        path = page.get_url(self.dummy_request)
        self.assertTrue(path.startswith(f"/{language}/"), msg)
        components = [part for part in path.split("/")[2:] if part]
        with translation.override(language):
            routed = page.get_site().root_page.localized.specific.route(
                self.dummy_request, components
            )
        self.assertEqual(routed.page.pk, page.pk, msg)

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site_tree()
        cls.organisation = add_organisation(cls.tree, title="Tree Coop", location=(50.85, 4.35))

    def test_organisations_live_only_in_the_directory(self):
        self.assertCanCreateAt(DirectoryIndexPage, OrganisationPage)
        self.assertAllowedParentPageTypes(OrganisationPage, {DirectoryIndexPage})
        self.assertCanNotCreateAt(HomePage, OrganisationPage)
        self.assertCanNotCreateAt(Page, OrganisationPage)
        self.assertCanNotCreateAt(OrganisationPage, OrganisationPage)

    def test_organisation_pages_have_no_children(self):
        self.assertAllowedSubpageTypes(OrganisationPage, {})

    def test_directory_holds_only_organisations_and_sits_under_the_home_page(self):
        self.assertAllowedSubpageTypes(DirectoryIndexPage, {OrganisationPage})
        self.assertAllowedParentPageTypes(DirectoryIndexPage, {HomePage})
        self.assertCanCreateAt(HomePage, DirectoryIndexPage)
        self.assertCanNotCreateAt(Page, DirectoryIndexPage)
        self.assertCanNotCreateAt(DirectoryIndexPage, DirectoryIndexPage)

    def test_a_home_page_has_at_most_one_directory(self):
        self.assertFalse(DirectoryIndexPage.can_create_at(self.tree.home))
        self.assertFalse(DirectoryIndexPage.can_create_at(self.tree.home_fr))

    def test_directory_and_organisation_are_routable_and_renderable(self):
        for page in (
            self.tree.directory,
            self.tree.directory_fr,
            self.organisation,
            self.organisation.get_translation(self.tree.fr),
        ):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)
        self.assertPageIsRenderable(self.tree.directory, query_data={"q": "Tree", "page": "9"})

    def test_organisation_edit_form_loads_and_saves(self):
        self.assertPageIsEditable(self.organisation)

    def test_editor_can_create_an_organisation_in_the_directory(self):
        self.login()
        self.assertCanCreate(
            self.tree.directory,
            OrganisationPage,
            nested_form_data(
                {
                    "title": "Created Coop",
                    "summary": "Created through the admin form in a test.",
                    "description": rich_text("<p>Hello</p>"),
                    "sector": sector("design").pk,
                    "legal_form": "association",
                    "scope": "local",
                    "country": "BE",
                    "provides_tools": "on",
                    "location": "SRID=4326;POINT(4.3517 50.8503)",
                    "social_links-TOTAL_FORMS": "0",
                    "social_links-INITIAL_FORMS": "0",
                    "social_links-MIN_NUM_FORMS": "0",
                    "social_links-MAX_NUM_FORMS": "1000",
                    "content_translations-TOTAL_FORMS": "0",
                    "content_translations-INITIAL_FORMS": "0",
                    "content_translations-MIN_NUM_FORMS": "0",
                    "content_translations-MAX_NUM_FORMS": "1000",
                }
            ),
        )
        created = OrganisationPage.objects.get(slug="created-coop", locale=self.tree.en)
        self.assertEqual((created.latitude, created.longitude), (50.8503, 4.3517))


class EmptyDirectoryTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site_tree()

    def test_empty_directory_says_nothing_is_published_yet(self):
        response = self.client.get("/en/directory/")
        self.assertContains(response, "No organisation has been published yet.")
        self.assertContains(response, "0 organisations")
        self.assertNotContains(response, "org-card")
