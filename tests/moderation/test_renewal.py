"""Renewal without an account (moderation.renewal), with a frozen clock: one reminder per period
and a last one before stale; signed links that work once, expire and refuse tampering;
confirming updates the date everywhere with the caches invalidated; the moderators' queue."""

import datetime
import gzip
import re

from django.core import mail, signing
from django.core.cache import cache
from django.core.management import call_command

import pytest
import time_machine

from demo.open_data import open_data_page
from directory import map_format
from directory.factories import OrganisationPageFactory
from directory.models import OrganisationPage, Sector
from moderation.models import RenewalOutcome, RenewalReminder
from moderation.renewal import make_token
from tests.moderation.conftest import PASSWORD

pytestmark = pytest.mark.django_db
VERIFIED = datetime.date(2030, 1, 10)  # fresh until 2031-01-10, ageing until 2032-01-10


def at(year, month, day):
    return time_machine.travel(
        datetime.datetime(year, month, day, 9, tzinfo=datetime.UTC), tick=False
    )


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def org(atlas):
    """Alpha Coop (editor_a) verified on VERIFIED, with a location for the map; Beta Network
    verified yesterday (fresh: never reminded)."""
    OrganisationPage.objects.filter(translation_key=atlas.org_a.translation_key).update(
        last_verified=VERIFIED, location="45.76, 4.83", latitude=45.76, longitude=4.83
    )
    OrganisationPage.objects.filter(translation_key=atlas.org_b.translation_key).update(
        last_verified=datetime.date(2031, 6, 1)
    )
    return OrganisationPage.objects.get(pk=atlas.org_a.pk)


def run():
    mail.outbox.clear()
    call_command("send_renewal_reminders", verbosity=0)
    return list(mail.outbox)


def links_in(message):
    return re.findall(r"http://testserver(/\S+/)", message.body)


def test_one_reminder_per_period_and_a_last_one_before_stale(org, atlas):
    with at(2030, 12, 1):  # fresh
        assert run() == []
    with at(2031, 1, 15):  # ageing: the first reminder, to the editors (no public address)
        sent = run()
        assert len(sent) == 1
        assert sent[0].to == ["editor_a@example.org"]
        assert "Alpha Coop" in sent[0].subject
        assert len(links_in(sent[0])) == 3
        assert run() == []  # idempotent: the same day, nothing more
    with at(2031, 3, 1):  # within the period: nothing
        assert run() == []
    with at(2031, 5, 20):  # a period (120 days) later: one more
        assert len(run()) == 1
        assert run() == []
    with at(2031, 12, 15):  # in the last 30 days before stale: the last one, once
        sent = run()
        assert len(sent) == 1
        assert "last reminder" in sent[0].body
        assert run() == []
    with at(2032, 2, 1):  # stale: no more reminders
        assert run() == []
    kinds = list(RenewalReminder.objects.order_by("sent_at").values_list("kind", flat=True))
    assert kinds == ["reminder", "reminder", "last"]


def test_the_public_address_is_preferred_and_the_entry_language_is_used(org, atlas):
    page = OrganisationPageFactory(
        parent=atlas.site.directory_fr,
        title="Coop Gamma",
        email="contact@gamma.example.coop",
        last_verified=VERIFIED,
        sector=Sector.objects.filter(locale=atlas.site.fr).first(),
    )
    page.save_revision().publish()
    with at(2031, 1, 15):
        sent = {message.to[0]: message for message in run()}
    message = sent["contact@gamma.example.coop"]
    assert "toujours correcte" in message.subject  # French, the entry's language
    assert all(link.startswith("/fr/") for link in links_in(message))
    assert "Alpha Coop" in sent["editor_a@example.org"].subject  # English


def test_an_organisation_without_any_address_shows_in_the_queue(org, atlas):
    atlas.org_a.memberships.all().delete()
    with at(2031, 1, 15):
        assert run() == []
    assert RenewalReminder.objects.get().outcome == RenewalOutcome.NO_ADDRESS


def reminder_links(org):
    with at(2031, 1, 15):
        (message,) = run()
    confirm, update, archive = links_in(message)
    return confirm, update, archive


def map_freshness(client):
    response = client.get("/en/api/map/organisations.bin", headers={"Accept-Encoding": "gzip"})
    return [
        record["freshness"] for record in map_format.decode(gzip.decompress(response.content))[1]
    ]


def test_still_correct_works_once_and_updates_the_date_everywhere(client, org, atlas):
    open_data_page(atlas.site.seeder)
    confirm, _update, archive = reminder_links(org)
    with at(2031, 2, 1):
        # Before: ageing everywhere, and every derived view cached.
        assert "Verified 12 to 24 months ago" in client.get(org.url).content.decode()
        assert "ageing" in map_freshness(client)
        assert "2030-01-10" in client.get("/open-data/organisations.csv").content.decode()
        directory = client.get(atlas.site.directory.url).content.decode()
        assert "Verified 12 to 24 months ago" in directory

        page = client.get(confirm)  # a GET (a mail scanner) changes nothing
        assert page.status_code == 200
        assert OrganisationPage.objects.get(pk=org.pk).last_verified == VERIFIED
        response = client.post(confirm)
        assert response.status_code == 200
        today = datetime.date(2031, 2, 1)
        dates = OrganisationPage.objects.filter(translation_key=org.translation_key)
        assert {page.last_verified for page in dates} == {today}  # the French alias too
        reminder = RenewalReminder.objects.get()
        assert reminder.outcome == RenewalOutcome.CONFIRMED
        # After: fresh everywhere, with no stale cache.
        assert "Verified in the last 12 months" in client.get(org.url).content.decode()
        assert (
            "Verified in the last 12 months"
            in client.get(atlas.site.directory.url).content.decode()
        )
        assert map_freshness(client).count("fresh") == 1 and "ageing" not in map_freshness(client)
        assert "2031-02-01" in client.get("/open-data/organisations.csv").content.decode()
        api = client.get("/api/v1/organisations", {"freshness": "fresh"}).json()
        assert "Alpha Coop" in [o["name"] for o in api["results"]]
        # Once only: the same link, and the other links of the same reminder, are refused.
        assert client.post(confirm).status_code == 410
        assert client.get(archive).status_code == 410
        # The latest revision carries the date too: publishing a later draft keeps it.
        latest = OrganisationPage.objects.get(pk=org.pk).latest_revision
        assert latest.content["last_verified"] == "2031-02-01"
        # A new cycle: no reminder until the entry ages again.
        assert run() == []


def test_links_expire_and_refuse_tampering(client, org):
    confirm, _update, _archive = reminder_links(org)
    token = confirm.rstrip("/").rsplit("/", 1)[1]
    reminder = RenewalReminder.objects.get()
    tampered = confirm.replace(token, make_token(reminder, "confirm")[:-2] + "xx")
    with at(2031, 1, 16):
        assert client.post(tampered).status_code == 400
        # A token for the archive action forged from the confirm one's payload is refused.
        forged = signing.TimestampSigner(salt="other").sign_object(
            {"r": reminder.pk, "a": "archive"}
        )
        assert client.post(confirm.replace(token, forged)).status_code == 400
    with at(2031, 4, 1):  # 60 days later: expired
        assert client.post(confirm).status_code == 410
    assert RenewalReminder.objects.get().outcome == RenewalOutcome.PENDING
    assert OrganisationPage.objects.get(pk=org.pk).last_verified == VERIFIED


def test_update_opens_the_edit_path(client, org, atlas):
    _confirm, update, _archive = reminder_links(org)
    with at(2031, 1, 16):
        response = client.post(update)
    # Alpha Coop has an editor: the edit screen (sign-in first).
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{org.pk}/edit/"
    assert RenewalReminder.objects.get().outcome == RenewalOutcome.UPDATE


def test_update_without_editors_opens_the_claim_form(client, org, atlas):
    OrganisationPage.objects.filter(pk=org.pk).update(email="contact@alpha.example.coop")
    atlas.org_a.memberships.all().delete()
    _confirm, update, _archive = reminder_links(org)
    with at(2031, 1, 16):
        response = client.post(update)
    assert response["Location"] == f"/en/claim/{org.pk}/"


def test_no_longer_active_goes_to_the_moderators_who_archive_it(client, org, atlas):
    _confirm, _update, archive = reminder_links(org)
    with at(2031, 1, 16):
        mail.outbox.clear()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("django.db.transaction.on_commit", lambda func, *a, **k: func())
            assert client.post(archive).status_code == 200
        assert any("no longer active" in m.subject for m in mail.outbox)
        reminder = RenewalReminder.objects.get()
        assert reminder.outcome == RenewalOutcome.ARCHIVE_REQUESTED
        assert client.get(org.url).status_code == 200  # nothing archived before a moderator

        client.login(username="moderator", password=PASSWORD)
        queue = client.get("/admin/moderation/renewals/")
        assert queue.status_code == 200
        assert "Alpha Coop" in queue.content.decode()
        client.post("/admin/moderation/renewals/", {"reminder": reminder.pk, "decision": "archive"})
        client.logout()
    reminder.refresh_from_db()
    assert reminder.outcome == RenewalOutcome.ARCHIVED
    assert reminder.handled_by == atlas.moderator
    response = client.get(org.url)
    assert response.status_code == 410
    assert "Archived" in response.content.decode()
    assert "Alpha Coop" not in client.get(atlas.site.directory.url).content.decode()
    # A draft saved before the archiving and published afterwards keeps it archived.
    OrganisationPage.objects.get(pk=org.pk).get_latest_revision().publish()
    assert OrganisationPage.objects.get(pk=org.pk).archived_at is not None
    assert client.get(org.url).status_code == 410
    assert "Alpha Coop" not in client.get(atlas.site.directory.url).content.decode()
    # Aggregators syncing incrementally learn it is gone: a tombstone, and 410 for its id.
    tombstones = client.get("/api/v1/tombstones").json()["results"]
    assert [(t["atlas_id"], t["kind"]) for t in tombstones] == [
        (str(org.translation_key), "archived")
    ]
    assert client.get(f"/api/v1/organisations/{org.translation_key}").status_code == 410


def test_the_renewal_queue_is_for_moderators_and_administrators_only(client, atlas):
    url = "/admin/moderation/renewals/"
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    assert "/admin/login/" in client.get(url)["Location"]
    for username in ("editor_a", "communications"):
        client.login(username=username, password=PASSWORD)
        response = client.get(url)
        assert response.status_code in (302, 403), username
        assert "Renewal queue" not in client.get("/admin/").content.decode()
        response = client.post(url, {"reminder": 1, "decision": "archive"})
        assert response.status_code in (302, 403), username
        client.logout()
    for username in ("moderator", "admin"):
        client.login(username=username, password=PASSWORD)
        assert client.get(url).status_code == 200, username
        assert "Renewal queue" in client.get("/admin/").content.decode()
        client.logout()
