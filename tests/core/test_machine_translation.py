"""Machine suggestions through a LibreTranslate-compatible endpoint: off by default, tested
against a local fake server, saved as a draft for a person to review."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from wagtail.models import Page

import pytest

from core.translation import TranslationState
from directory.models import OrganisationPage
from stories.models import StoryPage
from tests.core.test_translation import alias_in, translated_organisation

pytestmark = pytest.mark.django_db


class FakeLibreTranslate(BaseHTTPRequestHandler):
    requests = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeLibreTranslate.requests.append(body)
        answer = {"translatedText": [f"[{body['target']}] {text}" for text in body["q"]]}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def endpoint(settings):
    FakeLibreTranslate.requests = []
    server = HTTPServer(("127.0.0.1", 0), FakeLibreTranslate)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.MACHINE_TRANSLATION_URL = f"http://127.0.0.1:{server.server_port}"
    settings.MACHINE_TRANSLATION_API_KEY = "secret"
    yield FakeLibreTranslate.requests
    server.shutdown()


def suggest_url(page, language):
    return f"/admin/translations/{page.pk}/suggest/{language}/"


def test_suggestions_fill_empty_fields_as_a_draft_to_review(admin_client, site_tree, endpoint):
    page = translated_organisation(
        site_tree,
        {"fr": {"summary": "Hébergement éthique."}},
        title="Nuage Commun",
        summary="Ethical hosting.",
        description="<p>A cooperative cloud.</p>",
    )
    assert admin_client.get(suggest_url(page, "fr")).status_code == 200  # a confirmation page
    response = admin_client.post(suggest_url(page, "fr"))
    assert response.status_code == 302
    assert endpoint == [
        {
            "q": ["<p>A cooperative cloud.</p>"],  # only the empty field
            "source": "en",
            "target": "fr",
            "format": "html",
            "api_key": "secret",
        }
    ]
    draft = OrganisationPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    row = next(r for r in draft.content_translations.all() if r.language == "fr")
    assert row.summary == "Hébergement éthique."
    assert row.description == "[fr] <p>A cooperative cloud.</p>"
    assert row.machine_fields == ["description"]
    assert row.state("description", draft) == TranslationState.TRANSLATED
    # A draft only: readers still see the original until the page is published.
    assert alias_in(page, "fr").description == "<p>A cooperative cloud.</p>"
    edit = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "machine suggestion, to review" in edit


def test_story_body_blocks_are_translated_text_by_text(admin_client, site_tree, endpoint):
    index = Page.objects.get(pk=site_tree.stories.pk)
    story = StoryPage(title="Open tools", slug="open-tools", standfirst="Why open tools matter.")
    story.body = [
        ("paragraph", "<p>Free software lets associations keep their data.</p>"),
        ("heading", {"text": "Our plan", "anchor": "plan"}),
    ]
    index.add_child(instance=story)
    story.save_revision().publish()
    assert admin_client.post(suggest_url(story, "de")).status_code == 302
    draft = StoryPage.objects.get(pk=story.pk).get_latest_revision_as_object()
    row = next(r for r in draft.content_translations.all() if r.language == "de")
    assert row.title == "[de] Open tools"
    assert row.body[1].value["text"] == "[de] Our plan"
    assert row.body[1].value["anchor"] == "plan"  # an identifier, not text
    assert "[de] <p>Free software" in str(row.body[0].value)


def test_nothing_leaves_the_site_unless_configured(admin_client, site_tree, settings):
    settings.MACHINE_TRANSLATION_URL = ""
    page = translated_organisation(site_tree, title="Nuage Commun", summary="Ethical hosting.")
    response = admin_client.post(suggest_url(page, "fr"))
    assert response.status_code == 302
    edit = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "/suggest/fr/" not in edit


def test_a_service_down_changes_nothing(admin_client, site_tree, settings):
    settings.MACHINE_TRANSLATION_URL = "http://127.0.0.1:9"  # nothing listens there
    page = translated_organisation(site_tree, title="Nuage Commun", summary="Ethical hosting.")
    revisions = page.revisions.count()
    response = admin_client.post(suggest_url(page, "fr"), follow=True)
    assert "did not answer" in response.content.decode()
    assert page.revisions.count() == revisions


def test_only_editors_of_the_page_may_ask_and_only_for_other_languages(
    client, admin_client, site_tree, endpoint, django_user_model
):
    page = translated_organisation(site_tree, title="Nuage Commun", summary="Ethical hosting.")
    revisions = page.revisions.count()
    # Its own language, an unknown one, an alias: not found (LocaleMiddleware may turn the
    # 404 of an unprefixed address into a redirect to a prefixed one, which is not found either).
    for url in (
        suggest_url(page, "en"),
        suggest_url(page, "xx"),
        suggest_url(alias_in(page, "fr"), "de"),
    ):
        assert admin_client.post(url, follow=True).status_code == 404
    user = django_user_model.objects.create_user("visitor", password="x")
    client.force_login(user)
    response = client.post(suggest_url(page, "fr"))
    assert response.status_code in (302, 403)  # to the login page, or refused
    assert endpoint == []
    assert page.revisions.count() == revisions
