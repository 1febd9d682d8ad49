"""The public forms: "Add your organisation" (proposals) and "Is this your organisation?"."""

from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from wagtail.models import WorkflowState

import pytest

from directory.models import OrganisationPage, Sector
from moderation.models import OrganisationClaim, OrganisationMembership, OrganisationProposal
from tests.moderation.conftest import make_organisation

PROPOSE_URL = "/en/add-organisation/"


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def proposal_data(**changes):
    data = {
        "title": "Gamma Digital Commons",
        "summary": "Gamma hosts free software for associations in Wallonia.",
        "website": "https://gamma.example.be",
        "country": "BE",
        "address": "Rue de Fer 12",
        "city": "Namur",
        "sector": Sector.objects.get(slug="digital-inclusion", locale__language_code="en").pk,
        "legal_form": "association",
        "provides_tools": "on",
        "submitter_name": "Jane Proposer",
        "submitter_email": "jane@gamma.example.be",
        "submitter_role": "Coordinator",
        "message": "",
        "consent": "on",
        "fax_number": "",
    }
    data.update(changes)
    return data


def test_proposal_form_page_is_accessible(client, atlas):
    response = client.get(PROPOSE_URL)
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in response.text
    assert '<label for="id_title">' in response.text
    assert '<label for="id_consent">' in response.text


def test_the_forms_have_french_addresses_and_the_language_switcher_follows(client, atlas):
    french = client.get("/fr/ajouter-une-organisation/")
    assert french.status_code == 200
    assert 'href="/en/add-organisation/"' in french.text  # the switch back to English
    assert 'href="/fr/ajouter-une-organisation/"' in client.get(PROPOSE_URL).text
    assert claim_url(atlas.org_a_fr, "fr") == f"/fr/revendiquer/{atlas.org_a_fr.pk}/"


def test_valid_proposal_creates_a_draft_awaiting_moderation(
    client, atlas, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PROPOSE_URL, proposal_data())
    assert response.status_code == 200
    assert "Thank you for your proposal" in response.text
    proposal = OrganisationProposal.objects.get()
    page = proposal.page.specific
    assert page.title == "Gamma Digital Commons"
    assert not page.live
    assert page.locale.language_code == "en"
    alias = OrganisationPage.objects.get(alias_of=page, locale__language_code="fr")
    assert alias.locale.language_code == "fr" and not alias.live
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    # The submitter's data stays in the moderation models, not on the page.
    assert proposal.submitter_email == "jane@gamma.example.be"
    for value in vars(page).values():
        assert "jane@" not in str(value) and "Jane Proposer" not in str(value)
    # Moderators are told (by the workflow), without the submitter's personal data.
    notices = [m for m in mail.outbox if atlas.moderator.email in m.to]
    assert len(notices) == 1
    assert "jane" not in notices[0].body.lower()


def test_proposal_is_never_public_before_approval(client, atlas):
    client.post(PROPOSE_URL, proposal_data())
    page = OrganisationProposal.objects.get().page.specific
    alias = OrganisationPage.objects.get(alias_of=page, locale__language_code="fr")
    assert client.get(page.url or "/en/directory/gamma-digital-commons/").status_code == 404
    assert client.get("/fr/annuaire/gamma-digital-commons/").status_code == 404
    for url in (
        "/en/directory/",
        "/en/directory/?q=Gamma",
        "/fr/annuaire/?q=Gamma",
        reverse("map_organisations"),
        reverse("map_search") + "?q=Gamma",
        f"{reverse('map_details')}?ids={page.pk},{alias.pk}",
        "/open-data/organisations.csv",
        "/open-data/organisations.geojson",
        "/open-data/organisations.jsonld",
        "/api/v1/organisations",
    ):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"Gamma Digital" not in body, url
        assert b"jane@" not in body, url


def test_approving_a_proposal_publishes_it_in_both_languages(client, atlas):
    client.post(PROPOSE_URL, proposal_data())
    proposal = OrganisationProposal.objects.get()
    state = WorkflowState.objects.get(object_id=str(proposal.page_id))
    client.force_login(atlas.moderator)
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[proposal.page_id, "approve", state.current_task_state.pk],
        )
    )
    page = OrganisationPage.objects.get(pk=proposal.page_id)
    assert page.live and page.last_verified
    assert all(alias.live for alias in OrganisationPage.objects.filter(alias_of=page))
    proposal.refresh_from_db()
    assert proposal.status == "approved"
    client.logout()
    assert client.get("/en/directory/gamma-digital-commons/").status_code == 200
    response = client.get("/en/directory/gamma-digital-commons/")
    assert "jane" not in response.text.lower()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"title": ""}, "title", "This field is required."),
        ({"submitter_email": "not-an-email"}, "submitter_email", "Enter a valid email address."),
        ({"consent": ""}, "consent", "This field is required."),
        ({"provides_tools": ""}, "supports_transition", "Choose at least one role"),
        ({"country": "XX"}, "country", "Select a valid choice."),
        ({"sector": "999999"}, "sector", "Select a valid choice."),
        ({"summary": "x" * 301}, "summary", "at most 300 characters"),
        ({"website": "javascript:alert(1)"}, "website", "Enter a valid URL."),
    ],
)
def test_invalid_proposal_gets_field_errors_and_creates_nothing(
    client, atlas, changes, field, message
):
    response = client.post(PROPOSE_URL, proposal_data(**changes))
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert 'role="alert"' in response.text
    assert f'href="#id_{field}"' in response.text
    assert not OrganisationProposal.objects.exists()


def test_honeypot_pretends_success_and_creates_nothing(client, atlas):
    pages = OrganisationPage.objects.count()
    response = client.post(PROPOSE_URL, proposal_data(fax_number="+1 555 0100"))
    assert response.status_code == 200
    assert "Thank you" in response.text
    assert not OrganisationProposal.objects.exists()
    assert OrganisationPage.objects.count() == pages


def test_proposals_are_rate_limited_per_address(client, atlas, settings):
    settings.ATLAS_PROPOSAL_RATE_LIMIT = 2
    for title in ("Zeta Works", "Omega Labs"):
        response = client.post(PROPOSE_URL, proposal_data(title=title, website=""))
        assert "Thank you" in response.text
    response = client.post(PROPOSE_URL, proposal_data(title="Kappa Hub", website=""))
    assert response.status_code == 429
    assert "Too many submissions" in response.text
    assert OrganisationProposal.objects.count() == 2
    # Another address is not affected.
    response = client.post(
        PROPOSE_URL, proposal_data(title="Sigma Tools", website=""), REMOTE_ADDR="10.1.2.3"
    )
    assert "Thank you" in response.text


def test_csrf_is_enforced(atlas):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(PROPOSE_URL, proposal_data())
    assert response.status_code == 403
    assert not OrganisationProposal.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"title": "Alpha Coop"},
        {"title": "ALPHA  coop SCIC"},
        {"title": "Something else", "website": "https://www.alpha.example.coop/about"},
    ],
)
def test_duplicate_warning_then_confirmation(client, atlas, changes):
    response = client.post(PROPOSE_URL, proposal_data(**changes))
    assert response.status_code == 200
    assert "may already be on the Atlas" in response.text
    assert atlas.org_a.url in response.text
    assert not OrganisationProposal.objects.exists()
    response = client.post(PROPOSE_URL, proposal_data(**changes, not_a_duplicate="on"))
    assert "Thank you" in response.text
    proposal = OrganisationProposal.objects.get()
    assert "Alpha Coop" in proposal.possible_duplicates


def test_a_proposal_named_like_a_listed_organisation_gets_a_free_address(client, atlas):
    for _ in range(2):
        client.post(PROPOSE_URL, proposal_data(title="Alpha Coop", not_a_duplicate="on"))
    slugs = [proposal.page.slug for proposal in OrganisationProposal.objects.order_by("pk")]
    assert atlas.org_a.slug == "alpha-coop"
    assert slugs == ["alpha-coop-1", "alpha-coop-2"]  # numbered as Wagtail numbers copies


def test_duplicate_warning_ignores_accents_and_case(client, atlas):
    page, _alias = make_organisation(atlas.site, "Éducateurs du Numérique")
    response = client.post(PROPOSE_URL, proposal_data(title="educateurs du numerique", website=""))
    assert "may already be on the Atlas" in response.text
    assert f'<a href="{page.url}">Éducateurs du Numérique</a>' in response.text
    assert not OrganisationProposal.objects.exists()


def test_duplicate_warning_never_names_a_draft_awaiting_review(client, atlas):
    client.post(PROPOSE_URL, proposal_data(title="Omega Commons", website=""))
    draft = OrganisationProposal.objects.get().page
    response = client.post(PROPOSE_URL, proposal_data(title="OMEGA commons", website=""))
    assert "Omega Commons" not in response.text
    assert "may already be on the Atlas" not in response.text
    assert draft.slug not in response.text
    # The second proposal went through; the moderators see the draft it resembles.
    second = OrganisationProposal.objects.order_by("pk").last()
    assert second.page_id != draft.pk
    assert f"Omega Commons (#{draft.pk})" in second.possible_duplicates


def test_duplicate_warning_never_names_a_private_page(client, atlas):
    from wagtail.models import PageViewRestriction

    page, _alias = make_organisation(atlas.site, "Sigma Private Collective")
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    response = client.post(PROPOSE_URL, proposal_data(title="Sigma Private Collective", website=""))
    assert "may already be on the Atlas" not in response.text
    assert page.url not in response.text


# --- Claims ---


def claim_url(page, language="en"):
    with translation.override(language):
        return reverse("moderation:claim", args=[page.pk])


def claim_data(**changes):
    data = {
        "name": "Sam Member",
        "role": "Coordinator",
        "email": "sam@alpha.example.coop",
        "message": "I run the website.",
        "consent": "on",
        "fax_number": "",
    }
    data.update(changes)
    return data


def test_every_public_profile_links_to_its_claim_form(client, atlas):
    response = client.get(atlas.org_a.url)
    assert "Is this your organisation?" in response.text
    assert claim_url(atlas.org_a) in response.text
    response = client.get(atlas.org_a_fr.url)
    assert claim_url(atlas.org_a_fr, "fr") in response.text


@pytest.mark.parametrize(
    "email, genuine",
    [
        ("sam@alpha.example.coop", True),
        ("sam@team.alpha.example.coop", True),
        ("sam@gmail.example.com", False),
        ("sam@notalpha.example.coop", False),
    ],
)
def test_claim_is_stored_and_marked_likely_genuine_by_domain(client, atlas, email, genuine):
    response = client.post(claim_url(atlas.org_a), claim_data(email=email))
    assert response.status_code == 200
    assert "Thank you for your request" in response.text
    claim = OrganisationClaim.objects.get()
    assert claim.organisation == atlas.org_a
    assert claim.likely_genuine is genuine
    assert claim.status == "pending"


def test_claim_through_the_french_alias_points_at_the_original(client, atlas):
    client.post(claim_url(atlas.org_a_fr), claim_data())
    assert OrganisationClaim.objects.get().organisation == atlas.org_a


def test_claim_errors_honeypot_and_unknown_pages(client, atlas):
    response = client.post(claim_url(atlas.org_a), claim_data(email="nope", consent=""))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"email", "consent"}
    response = client.post(claim_url(atlas.org_a), claim_data(fax_number="spam"))
    assert "Thank you" in response.text
    assert not OrganisationClaim.objects.exists()
    assert client.get(reverse("moderation:claim", args=[999999])).status_code == 404
    assert (
        client.get(reverse("moderation:claim", args=[atlas.site.directory.pk])).status_code == 404
    )


def test_moderator_approves_a_claim_which_sends_the_invitation(
    client, atlas, django_capture_on_commit_callbacks
):
    client.post(claim_url(atlas.org_a), claim_data())
    claim = OrganisationClaim.objects.get()
    client.force_login(atlas.moderator)
    index = client.get(reverse("moderation_claims:index"))
    assert index.status_code == 200
    assert "Alpha Coop" in index.text
    edit_url = reverse("moderation_claims:edit", args=[claim.pk])
    response = client.get(edit_url)
    assert "sam@alpha.example.coop" in response.text
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, {"status": "approved", "moderator_note": "Checked."})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "approved" and claim.reviewed_by == atlas.moderator
    assert OrganisationMembership.objects.filter(
        user__email="sam@alpha.example.coop", organisation=atlas.org_a
    ).exists()
    assert [m.to for m in mail.outbox] == [["sam@alpha.example.coop"]]


def test_rejected_claim_sends_no_invitation(client, atlas):
    client.post(claim_url(atlas.org_a), claim_data())
    claim = OrganisationClaim.objects.get()
    client.force_login(atlas.moderator)
    mail.outbox.clear()
    client.post(
        reverse("moderation_claims:edit", args=[claim.pk]),
        {"status": "rejected", "moderator_note": ""},
    )
    claim.refresh_from_db()
    assert claim.status == "rejected"
    assert not OrganisationMembership.objects.filter(user__email=claim.email).exists()
    assert mail.outbox == []


@pytest.mark.parametrize("role", ["editor_a", "editor_b", "communications"])
def test_the_queue_is_for_moderators_only(client, atlas, role):
    client.post(claim_url(atlas.org_a), claim_data())
    client.post(PROPOSE_URL, proposal_data())
    claim = OrganisationClaim.objects.get()
    proposal = OrganisationProposal.objects.get()
    client.force_login(getattr(atlas, role))
    for url in (
        reverse("moderation_claims:index"),
        reverse("moderation_claims:edit", args=[claim.pk]),
        reverse("moderation_proposals:index"),
        reverse("moderation_proposals:inspect", args=[proposal.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "sam@alpha" not in response.text and "jane@" not in response.text
    client.post(reverse("moderation_claims:edit", args=[claim.pk]), {"status": "approved"})
    claim.refresh_from_db()
    assert claim.status == "pending"


def test_moderator_sees_the_proposal_queue(client, atlas):
    client.post(PROPOSE_URL, proposal_data())
    proposal = OrganisationProposal.objects.get()
    client.force_login(atlas.moderator)
    response = client.get(reverse("moderation_proposals:index"))
    assert "Gamma Digital Commons" in response.text
    response = client.get(reverse("moderation_proposals:inspect", args=[proposal.pk]))
    assert response.status_code == 200
    assert "jane@gamma.example.be" in response.text


def decide_and_read_mail(client, moderator, proposal, action, capture_on_commit):
    """A moderator approves or rejects the proposal's review; the emails sent to the proposer."""
    state = WorkflowState.objects.get(object_id=str(proposal.page_id))
    client.force_login(moderator)
    mail.outbox.clear()
    with capture_on_commit(execute=True):
        client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[proposal.page_id, action, state.current_task_state.pk],
            )
        )
    return [message for message in mail.outbox if message.to == [proposal.submitter_email]]


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_the_proposer_hears_of_the_decision(
    client, atlas, action, django_capture_on_commit_callbacks
):
    client.post(PROPOSE_URL, proposal_data())
    proposal = OrganisationProposal.objects.get()
    sent = decide_and_read_mail(
        client, atlas.moderator, proposal, action, django_capture_on_commit_callbacks
    )
    assert len(sent) == 1
    if action == "approve":
        assert "is now on the Social Tech Atlas" in sent[0].subject
        assert "http://localhost/en/directory/gamma-digital-commons/" in sent[0].body
    else:
        assert "decided not to publish it" in sent[0].body
        assert "/directory/" not in sent[0].body
    assert "Hello Jane Proposer" in sent[0].body


def test_a_proposal_made_in_french_is_answered_in_french(
    client, atlas, django_capture_on_commit_callbacks
):
    french_sector = Sector.objects.get(slug="digital-inclusion", locale__language_code="fr")
    response = client.post("/fr/ajouter-une-organisation/", proposal_data(sector=french_sector.pk))
    assert response.status_code == 200 and "errorlist" not in response.text
    proposal = OrganisationProposal.objects.get()
    sent = decide_and_read_mail(
        client, atlas.moderator, proposal, "approve", django_capture_on_commit_callbacks
    )
    assert "figure désormais dans l’Atlas de la tech sociale" in sent[0].subject
    assert "Bonjour Jane Proposer" in sent[0].body


def test_a_proposal_from_the_french_form_is_a_french_original(client, atlas):
    data = proposal_data(
        summary="Gamma héberge des logiciels libres pour les associations de Wallonie.",
        sector=Sector.objects.get(slug="digital-inclusion", locale__language_code="fr").pk,
    )
    response = client.post("/fr/ajouter-une-organisation/", data)
    assert "Merci pour votre proposition" in response.text
    proposal = OrganisationProposal.objects.get()
    page = OrganisationPage.objects.get(pk=proposal.page_id)
    assert page.locale.language_code == "fr" and page.alias_of_id is None
    assert proposal.language == "fr"
    aliases = OrganisationPage.objects.filter(alias_of=page)
    assert sorted(alias.locale.language_code for alias in aliases) == ["de", "en"]
