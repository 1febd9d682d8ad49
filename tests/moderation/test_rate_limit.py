"""The public forms' rate limit: who a client is behind proxies, what counts, and for how long."""

import time

from django.core.cache import cache
from django.test import RequestFactory

import pytest
from django_ratelimit.core import get_usage

from atlas_site.settings import base
from moderation.models import OrganisationClaim, OrganisationProposal
from moderation.protection import client_address, client_key, usage
from tests.moderation.test_public_forms import PROPOSE_URL, claim_data, claim_url, proposal_data

PROXY = "10.0.0.5"


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def request_from(remote_addr=PROXY, forwarded=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


# --- Who the client is ---


@pytest.mark.parametrize(
    "proxies, remote_addr, forwarded, client",
    [
        # Directly connected: the header is the client's own words, ignored.
        (0, "203.0.113.7", None, "203.0.113.7"),
        (0, "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        # Behind one proxy: the address it appended, whatever the client wrote before it.
        (1, PROXY, "203.0.113.7", "203.0.113.7"),
        (1, PROXY, "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        (1, PROXY, "1.1.1.1,2.2.2.2 , 203.0.113.7", "203.0.113.7"),
        (1, PROXY, "2001:db8::1", "2001:db8::1"),
        # Behind two (a CDN, then a local proxy): the second from the right.
        (2, PROXY, "198.51.100.1, 203.0.113.7, 192.0.2.10", "203.0.113.7"),
        # Not through every proxy, or nonsense where a proxy writes: the connecting address.
        (2, PROXY, "203.0.113.7", PROXY),
        (1, PROXY, None, PROXY),
        (1, PROXY, "unknown", PROXY),
    ],
)
def test_the_client_is_the_nth_address_from_the_right(
    settings, proxies, remote_addr, forwarded, client
):
    settings.ATLAS_TRUSTED_PROXY_COUNT = proxies
    assert client_address(request_from(remote_addr, forwarded)) == client


def test_django_ratelimits_own_ip_key_finds_the_client_the_same_way(settings):
    settings.ATLAS_TRUSTED_PROXY_COUNT = 1
    for left in ("1.1.1.1", "2.2.2.2"):
        get_usage(
            request_from(forwarded=f"{left}, 203.0.113.7"),
            group="test",
            key="ip",
            rate="5/h",
            increment=True,
        )
    counted = get_usage(request_from(forwarded="203.0.113.7"), group="test", key="ip", rate="5/h")
    assert counted["count"] == 2


def test_a_client_is_keyed_by_a_secret_digest_of_its_address_or_ipv6_network(settings):
    settings.ATLAS_TRUSTED_PROXY_COUNT = 0

    def key(address):
        return client_key("group", request_from(address))

    assert "203.0.113.7" not in key("203.0.113.7")
    assert key("203.0.113.7") != key("203.0.113.8")
    # One home or phone gets a whole IPv6 /64: one client.
    assert key("2001:db8:1:2::1") == key("2001:db8:1:2:ffff::9")
    assert key("2001:db8:1:2::1") != key("2001:db8:1:3::1")
    before = key("203.0.113.7")
    settings.SECRET_KEY = "another secret"
    assert key("203.0.113.7") != before


# --- What counts ---


def propose(client, title, **extra):
    return client.post(PROPOSE_URL, proposal_data(title=title, website=""), **extra)


def test_spoofed_forwarded_addresses_do_not_escape_the_limit(client, atlas, settings):
    settings.ATLAS_PROPOSAL_RATE_LIMIT = 1
    settings.ATLAS_TRUSTED_PROXY_COUNT = 1
    client_behind_proxy = {"REMOTE_ADDR": PROXY}
    response = propose(
        client, "Zeta Works", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7", **client_behind_proxy
    )
    assert "Thank you" in response.text
    response = propose(
        client, "Omega Labs", HTTP_X_FORWARDED_FOR="2.2.2.2, 203.0.113.7", **client_behind_proxy
    )
    assert response.status_code == 429
    # Another client behind the same proxy has its own allowance.
    response = propose(
        client, "Kappa Hub", HTTP_X_FORWARDED_FOR="203.0.113.8", **client_behind_proxy
    )
    assert "Thank you" in response.text
    assert OrganisationProposal.objects.count() == 2


def test_without_trusted_proxies_the_header_changes_nothing(client, atlas, settings):
    settings.ATLAS_PROPOSAL_RATE_LIMIT = 1
    settings.ATLAS_TRUSTED_PROXY_COUNT = 0
    assert "Thank you" in propose(client, "Zeta Works", HTTP_X_FORWARDED_FOR="1.1.1.1").text
    response = propose(client, "Omega Labs", HTTP_X_FORWARDED_FOR="2.2.2.2")
    assert response.status_code == 429


def test_only_accepted_posts_count_and_reading_the_form_never_does(client, atlas, settings):
    settings.ATLAS_PROPOSAL_RATE_LIMIT = 1
    for _ in range(3):
        assert client.get(PROPOSE_URL).status_code == 200
        # A mistake to correct, and the duplicate warning, spend nothing.
        client.post(PROPOSE_URL, proposal_data(consent=""))
        client.post(PROPOSE_URL, proposal_data(title="Alpha Coop"))
    assert "Thank you" in propose(client, "Zeta Works").text
    response = propose(client, "Omega Labs")
    assert response.status_code == 429
    assert "Too many submissions" in response.text
    assert client.get(PROPOSE_URL).status_code == 200  # still readable


def test_each_form_has_its_own_allowance(client, atlas, settings):
    settings.ATLAS_PROPOSAL_RATE_LIMIT = 1
    assert "Thank you" in propose(client, "Zeta Works").text
    assert "Thank you" in client.post(claim_url(atlas.org_a), claim_data()).text
    assert client.post(claim_url(atlas.org_b), claim_data()).status_code == 429
    assert OrganisationClaim.objects.count() == 1


# --- For how long: a true hour, with the project's file cache ---


class Clock:
    """time.time(), as django-ratelimit and Django's file cache read it, moved by hand."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def file_cache(settings, tmp_path):
    """The cache the settings give production without REDIS_URL: files (in a temporary folder)."""
    config = dict(base.CACHES[base.RATELIMIT_USE_CACHE])
    if config["BACKEND"] != "django.core.cache.backends.filebased.FileBasedCache":
        pytest.skip("REDIS_URL is set: the default cache is not the file cache")
    settings.CACHES = {
        **settings.CACHES,
        base.RATELIMIT_USE_CACHE: {**config, "LOCATION": tmp_path},
    }
    settings.RATELIMIT_USE_CACHE = base.RATELIMIT_USE_CACHE


def test_the_limit_lasts_the_whole_hour_with_the_file_cache(
    client, atlas, settings, file_cache, monkeypatch
):
    settings.ATLAS_PROPOSAL_RATE_LIMIT = 2
    clock = Clock(1_800_000_000.0)
    monkeypatch.setattr(time, "time", clock)
    # django-ratelimit counts fixed hours, each client's starting at its own second: start at
    # the beginning of this client's next hour.
    clock.now += usage(request_from("127.0.0.1"), "proposal")["time_left"] + 1
    minutes = 60

    assert "Thank you" in propose(client, "Zeta Works").text
    clock.now += 10 * minutes
    assert "Thank you" in propose(client, "Omega Labs").text
    # Django's file cache would have forgotten the count 5 minutes after the last submission.
    clock.now += 10 * minutes
    assert propose(client, "Kappa Hub").status_code == 429
    clock.now += 39 * minutes + 59
    assert propose(client, "Kappa Hub").status_code == 429
    clock.now += 1  # the next hour
    assert "Thank you" in propose(client, "Kappa Hub").text
    assert OrganisationProposal.objects.count() == 3
