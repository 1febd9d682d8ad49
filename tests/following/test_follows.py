"""Following a search (following/), with a frozen clock: double opt-in, the digest's contents for
a saved search (added / updated / archived), one mail per period, unsubscribe by the RFC 8058
header and by the link, unconfirmed addresses purged, nothing personal in the exports; the Atom
feed and the JSON "changes since" of the same view; a theme of stories."""

import datetime
import re

from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

import feedparser
import pytest
import time_machine

from demo.open_data import open_data_page
from directory.models import OrganisationPage, Sector
from following.digest import send_digests
from following.models import Follow
from moderation.renewal import archive
from opendata.gdpr import erase_person
from tests.opendata.conftest import make_organisation
from tests.stories.conftest import make_story

pytestmark = pytest.mark.django_db
EMAIL = "reader@example.org"


def at(day, hour=9):
    return time_machine.travel(
        datetime.datetime(2031, 3, day, hour, tzinfo=datetime.UTC), tick=False
    )


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def hosting(site_tree):
    return Sector.objects.get(slug="digital-inclusion", locale=site_tree.en)


@pytest.fixture
def atlas(site_tree):
    open_data_page(site_tree.seeder)
    with at(1):
        site_tree.lyon = make_organisation(site_tree, title="Lyon Coop", country="FR")
        site_tree.berlin = make_organisation(site_tree, title="Berlin eG", country="DE")
        site_tree.nantes = make_organisation(site_tree, title="Nantes Scop", country="FR")
    return site_tree


def follow_url(query="country=FR"):
    return f"/en/follow/?{query}"


def links(message):
    return re.findall(r"http://testserver(/\S+)", message.body)


def subscribe(client, query="country=FR", frequency="daily", language="en"):
    mail.outbox.clear()
    response = client.post(
        follow_url(query), {"email": EMAIL, "frequency": frequency, "language": language}
    )
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    (message,) = mail.outbox
    (confirm,) = [link for link in links(message) if "/confirm" in link]
    return confirm


def confirmed(client, **kwargs):
    confirm = subscribe(client, **kwargs)
    response = client.post(confirm)
    assert response.status_code == 302
    return Follow.objects.get(confirmed_at__isnull=False)


def digest():
    mail.outbox.clear()
    send_digests()
    return list(mail.outbox)


def test_the_follow_page_describes_the_search_and_is_linked_from_the_directory(client, atlas):
    html = client.get(atlas.directory.url, {"country": "FR"}).content.decode()
    assert 'href="/en/follow/?country=FR"' in html
    page = client.get(follow_url()).content.decode()
    assert "Country: France" in page
    assert 'name="email"' in page


def test_double_opt_in_nothing_is_sent_before_confirmation(client, atlas):
    with at(2):
        confirm = subscribe(client)
        follow = Follow.objects.get()
        assert follow.confirmed_at is None
    with at(2, 12):
        make_organisation(atlas, title="Grenoble Coop", country="FR")
    with at(3):
        assert digest() == []  # unconfirmed: nothing
        assert client.get(confirm).status_code == 200  # a GET (a mail scanner) confirms nothing
        assert Follow.objects.get().confirmed_at is None
        response = client.post(confirm)
        assert response.status_code == 302
        assert "/follow/manage/" in response["Location"]
        assert Follow.objects.get().confirmed_at is not None
        # Only what changes after the confirmation is reported.
        assert digest() == []


def test_digest_lists_added_updated_and_archived_matches_only(client, atlas):
    with at(2):
        follow = confirmed(client)
    with at(2, 12):
        make_organisation(atlas, title="Grenoble Coop", country="FR")  # added, matches
        make_organisation(atlas, title="Munich eG", country="DE")  # added, does not match
        lyon = OrganisationPage.objects.get(pk=atlas.lyon.pk)
        lyon.summary = "New summary."
        lyon.save_revision().publish()  # updated, matches
        archive(atlas.nantes)  # archived, matches
        berlin = OrganisationPage.objects.get(pk=atlas.berlin.pk)
        berlin.save_revision().publish()  # updated, does not match
    with at(3):
        (message,) = digest()
    assert message.to == [EMAIL]
    assert "3 changes" in message.subject
    body = message.body
    added, rest = body.split("Updated:")
    updated, archived = rest.split("Archived (no longer active):")
    assert "Grenoble Coop" in added and "Munich" not in body
    assert "Lyon Coop" in updated and "Berlin" not in body
    assert "Nantes Scop" in archived
    # RFC 8058 one-click unsubscribe, and the links.
    unsubscribe = f"http://testserver/en/follow/unsubscribe/{follow.token}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in body
    assert f"/en/follow/manage/{follow.token}/" in body


def test_one_mail_per_period_never_one_per_edit(client, atlas):
    with at(2):
        confirmed(client, frequency="daily")
    with at(2, 10):
        make_organisation(atlas, title="Grenoble Coop", country="FR")
    with at(2, 11):
        make_organisation(atlas, title="Lille Coop", country="FR")
    with at(3, 6):
        (message,) = digest()  # two changes, one mail
        assert "Grenoble Coop" in message.body and "Lille Coop" in message.body
    with at(3, 8):
        make_organisation(atlas, title="Brest Coop", country="FR")
    with at(3, 20):
        assert digest() == []  # the same day: nothing more
    with at(4, 6):
        (message,) = digest()  # the next day: the change of yesterday
        assert "Brest Coop" in message.body and "Lille" not in message.body
    with at(5, 6):
        assert digest() == []  # nothing changed: no mail


def test_a_weekly_digest_waits_a_week(client, atlas):
    with at(2):
        confirmed(client, frequency="weekly")
    with at(2, 10):
        make_organisation(atlas, title="Grenoble Coop", country="FR")
    with at(3):
        assert len(digest()) == 1
    with at(3, 10):
        make_organisation(atlas, title="Lille Coop", country="FR")
    with at(6):
        assert digest() == []
    with at(10):
        (message,) = digest()
        assert "Lille Coop" in message.body


def test_the_digest_is_in_the_language_the_reader_chose(client, atlas):
    with at(2):
        follow = confirmed(client, language="fr")
    with at(2, 10):
        make_organisation(atlas, title="Grenoble Coop", country="FR")
    with at(3):
        (message,) = digest()
    assert "changement" in message.subject
    assert "/fr/" in message.extra_headers["List-Unsubscribe"]
    assert follow.language == "fr"


def test_one_click_unsubscribe_by_the_header_erases_the_address(client, atlas):
    with at(2):
        follow = confirmed(client)
    mail_client = Client(enforce_csrf_checks=True)  # a mail client has no cookie, no CSRF token
    response = mail_client.post(
        f"/en/follow/unsubscribe/{follow.token}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert not Follow.objects.filter(email=EMAIL).exists()


def test_unsubscribe_by_the_link_asks_then_erases(client, atlas):
    with at(2):
        follow = confirmed(client)
    url = f"/en/follow/unsubscribe/{follow.token}/"
    assert client.get(url).status_code == 200
    assert Follow.objects.filter(pk=follow.pk).exists()  # a GET changes nothing
    response = client.post(url)
    assert "Unsubscribed" in response.content.decode()
    assert not Follow.objects.exists()
    assert client.get(url).status_code == 404


def test_manage_page_changes_the_rhythm_and_stops_everything(client, atlas):
    with at(2):
        follow = confirmed(client)
        other = confirmed_second = None
        confirm = subscribe(client, query="country=DE")
        client.post(confirm)
    follows = Follow.objects.filter(email=EMAIL)
    assert follows.count() == 2
    url = f"/en/follow/manage/{follow.token}/"
    page = client.get(url).content.decode()
    assert "Country: France" in page and "Country: Germany" in page
    client.post(url, {"follow": follow.pk, "action": "frequency", "frequency": "weekly"})
    assert Follow.objects.get(pk=follow.pk).frequency == "weekly"
    client.post(url, {"action": "delete_all"})
    assert not Follow.objects.exists()
    del other, confirmed_second


def test_unconfirmed_addresses_are_purged_after_seven_days(client, atlas):
    with at(1):
        subscribe(client)
    with at(2):
        kept = subscribe(client, query="country=DE")
        client.post(kept)
    with at(7):
        send_digests()
        assert Follow.objects.count() == 2
    with at(9):
        call_command("send_digests", verbosity=0)
        assert list(Follow.objects.values_list("query", flat=True)) == ["country=DE"]


def test_follows_are_never_exported_and_are_erased_with_a_person(client, atlas):
    with at(2):
        confirmed(client)
    for url in (
        "/open-data/organisations.csv",
        "/open-data/organisations.geojson",
        "/open-data/organisations.jsonld",
        "/api/v1/organisations",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"reader@" not in content, url
    assert erase_person("READER@example.org") == {"following.signals": 1}
    assert not Follow.objects.exists()


def test_atom_feed_of_a_view_lists_its_recent_changes(client, atlas):
    with at(2):
        make_organisation(atlas, title="Grenoble Coop", country="FR")
    with at(3):
        response = client.get("/en/follow/feed/", {"country": "FR"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    titles = [entry.title for entry in feed.entries]
    assert "Added: Grenoble Coop" in titles
    assert not any("Berlin" in title for title in titles)
    assert "France" in feed.feed.title


def test_changes_since_endpoint(client, atlas):
    with at(2):
        make_organisation(atlas, title="Grenoble Coop", country="FR")
        archive(atlas.nantes)
    with at(3):
        body = client.get(
            "/api/v1/changes/", {"since": "2031-03-01T12:00:00Z", "country": "FR"}
        ).json()
        assert [item["name"] for item in body["added"]] == ["Grenoble Coop"]
        assert [item["name"] for item in body["archived"]] == ["Nantes Scop"]
        assert body["updated"] == []
        everything = client.get("/api/v1/changes/", {"since": "2031-02-01"}).json()
        assert {i["name"] for i in everything["added"]} >= {"Lyon Coop", "Berlin eG"}
        for bad in ("", "yesterday", "2031-02-30", "2031-13-01T00:00:00Z", "\x00"):
            response = client.get("/api/v1/changes/", {"since": bad})
            assert response.status_code == 400, bad
        assert (
            client.get("/api/v1/changes/", {"since": "2031-02-01", "language": "xx"}).status_code
            == 400
        )
        assert client.get("/api/v1/changes/", {"since": "2032-01-01"}).status_code == 400


def test_a_theme_of_stories_has_its_digest(client, atlas):
    from stories.models import Theme

    theme = Theme.objects.create(name="Public policy", slug="public-policy", locale=atlas.en)
    other = Theme.objects.create(name="Hosting", slug="hosting", locale=atlas.en)
    html = client.get(atlas.stories.url, {"theme": "public-policy"}).content.decode()
    assert "/en/follow/stories/?theme=public-policy" in html
    with at(2):
        mail.outbox.clear()
        client.post(
            "/en/follow/stories/?theme=public-policy",
            {"email": EMAIL, "frequency": "daily", "language": "en"},
        )
        (confirm,) = [link for link in links(mail.outbox[0]) if "/confirm" in link]
        client.post(confirm)
    with at(2, 12):
        make_story(atlas.stories, "Policy story", themes=[theme])
        make_story(atlas.stories, "Hosting story", themes=[other])
    with at(3):
        (message,) = digest()
    assert "1 new story" in message.subject
    assert "Policy story" in message.body and "Hosting story" not in message.body
    assert timezone.now()
