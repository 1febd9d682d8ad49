"""Server-side geocoding of organisations that came in without coordinates.

Imports often carry an address but no latitude and longitude. Such organisations come in without
a location and are flagged "needs location" in the admin. When `settings.ATLAS_GEOCODER` names a
backend (`GEOCODER_URL` in the environment sets up the Nominatim one), the import queues the
`geocode_organisations` task for them after it commits, and `manage.py geocode_organisations`
works through the backlog. With no geocoder configured (the default, and always in tests) nothing
is ever requested.

A backend has one method, `geocode(address, postcode, city, country)`, which returns
`(latitude, longitude)` or None and never raises: a geocoder that is down or slow leaves the
organisation flagged, never breaks an import.
"""

import http.client
import json
import logging
import math
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.module_loading import import_string

from django_tasks import task

from directory.models import NEEDS_LOCATION, OrganisationPage
from opendata.export import invalidate_exports
from opendata.imports.publishing import save_changes

logger = logging.getLogger(__name__)

# Nominatim's usage policy for its public server: at most one request a second, an identifying
# User-Agent. Kept to per process, whatever the configuration says.
PUBLIC_NOMINATIM_HOSTS = {"nominatim.openstreetmap.org"}
MAX_RESPONSE_BYTES = 1_000_000
CHUNK_SIZE = 100


class Geocoder:
    """A geocoding backend: one address in, `(latitude, longitude)` or None out."""

    def geocode(self, address, postcode, city, country):
        """`country` is an ISO 3166-1 alpha-2 code. Must not raise: log and return None."""
        raise NotImplementedError


class _RequestFailed(Exception):
    """The geocoder could not be asked (network error, timeout, bad status or body)."""


# One clock per host and process, shared by every backend instance: tasks and the command
# create a new backend each time, and the policy is about the server, not the instance.
_THROTTLE_LOCK = threading.Lock()
_LAST_REQUEST = {}


class NominatimGeocoder(Geocoder):
    """Nominatim's search API (or any server that speaks it), with a structured query.

    OPTIONS: `url` (the search endpoint, e.g. https://nominatim.openstreetmap.org/search),
    `user_agent` (required: it identifies the Atlas to the server's operators), `email` (sent
    as Nominatim asks of heavier users), `timeout` in seconds, `min_interval` between requests
    in seconds (one second at least on the public server).
    """

    def __init__(self, url, user_agent, email="", timeout=10, min_interval=1.0):
        parsed = urllib.parse.urlsplit(url or "")
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ImproperlyConfigured(f"The geocoder URL must be an http(s) URL, not {url!r}.")
        if not user_agent:
            raise ImproperlyConfigured("The geocoder needs a User-Agent that identifies the Atlas.")
        self.url = url
        self.host = parsed.netloc.lower()
        self.user_agent = user_agent
        self.email = email
        self.timeout = float(timeout)
        self.min_interval = float(min_interval)
        if parsed.hostname in PUBLIC_NOMINATIM_HOSTS:
            self.min_interval = max(self.min_interval, 1.0)

    def geocode(self, address, postcode, city, country):
        queries = [{"street": address, "postalcode": postcode, "city": city}]
        if address and (postcode or city):
            # A street OpenStreetMap spells differently finds nothing: the town is still a
            # better dot than none, and a moderator can refine it.
            queries.append({"postalcode": postcode, "city": city})
        try:
            for query in queries:
                params = {key: value.strip() for key, value in query.items() if value.strip()}
                if not params:
                    continue
                point = self._search(params, country)
                if point is not None:
                    return point
        except _RequestFailed as error:
            logger.warning("Geocoder %s failed: %s", self.host, error)
        return None

    def _search(self, params, country):
        params.update(format="jsonv2", limit="1")
        if country:
            params["countrycodes"] = str(country).lower()
        if self.email:
            params["email"] = self.email
        separator = "&" if urllib.parse.urlsplit(self.url).query else "?"
        request = urllib.request.Request(
            self.url + separator + urllib.parse.urlencode(params),
            headers={"User-Agent": self.user_agent, "Accept": "application/json"},
        )
        self._wait_turn()
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                if response.status != 200:
                    raise _RequestFailed(f"HTTP {response.status}")
                body = response.read(MAX_RESPONSE_BYTES + 1)
        except (OSError, http.client.HTTPException) as error:
            # URLError, HTTPError (4xx/5xx), timeouts and resets are all OSError.
            raise _RequestFailed(str(error) or type(error).__name__) from error
        if len(body) > MAX_RESPONSE_BYTES:
            raise _RequestFailed("response too large")
        try:
            results = json.loads(body)
        except ValueError as error:
            raise _RequestFailed("response is not JSON") from error
        return self._first_point(results)

    @staticmethod
    def _first_point(results):
        if not isinstance(results, list) or not results or not isinstance(results[0], dict):
            return None  # a valid answer: nothing found
        try:
            latitude, longitude = float(results[0]["lat"]), float(results[0]["lon"])
        except (KeyError, TypeError, ValueError) as error:
            raise _RequestFailed("a result without a usable lat and lon") from error
        if not (math.isfinite(latitude) and math.isfinite(longitude)):
            raise _RequestFailed("a result without a usable lat and lon")
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise _RequestFailed("a result out of range")
        return latitude, longitude

    def _wait_turn(self):
        with _THROTTLE_LOCK:
            wait = _LAST_REQUEST.get(self.host, -math.inf) + self.min_interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            _LAST_REQUEST[self.host] = time.monotonic()


def get_geocoder():
    """The configured backend, or None when `settings.ATLAS_GEOCODER` is not set."""
    config = getattr(settings, "ATLAS_GEOCODER", None)
    if not config:
        return None
    try:
        backend = import_string(config["BACKEND"])
    except (KeyError, ImportError) as error:
        raise ImproperlyConfigured(f"ATLAS_GEOCODER has no usable BACKEND: {error}") from error
    return backend(**config.get("OPTIONS", {}))


# --- Which organisations, and how their location is set ---
def has_address_to_try(page):
    """A city or a postcode at least: a street alone, or a country alone, is no place."""
    return bool(page.city.strip() or page.postcode.strip())


def has_draft(page):
    """A pending draft is someone's edit in progress: never overwrite it (as imports do not)."""
    return bool(page.latest_revision_id and (page.has_unpublished_changes or not page.live))


def pages_needing_location(queryset=None):
    """Original pages (French aliases follow their original) that need a location."""
    queryset = OrganisationPage.objects.all() if queryset is None else queryset
    return queryset.filter(NEEDS_LOCATION, alias_of__isnull=True).order_by("pk")


def _save_location(page, latitude, longitude):
    """Set the location on the page and its aliases, the way imports update a page."""
    page.set_location(latitude, longitude)
    save_changes(page)


@dataclass
class GeocodingOutcome:
    located: list = field(default_factory=list)
    not_found: list = field(default_factory=list)
    drafts: list = field(default_factory=list)
    no_address: list = field(default_factory=list)

    def counts(self):
        return {
            "located": len(self.located),
            "not_found": len(self.not_found),
            "drafts": len(self.drafts),
            "no_address": len(self.no_address),
        }


def geocode_pages(pages, geocoder, *, limit=None, dry_run=False, report=None):
    """Geocode those of `pages` that need a location; `limit` caps the pages asked about.

    Requests happen outside any transaction (a slow geocoder must not hold the database's write
    lock); each page is then re-read and saved in its own transaction, unless someone located it
    or started a draft in the meantime. `report(kind, page, point)` hears about every page.
    """
    report = report or (lambda kind, page, point=None: None)
    outcome = GeocodingOutcome()
    page_ids = list(pages_needing_location(pages).values_list("pk", flat=True))
    asked = 0
    for start in range(0, len(page_ids), CHUNK_SIZE):
        chunk = OrganisationPage.objects.filter(pk__in=page_ids[start : start + CHUNK_SIZE])
        for page in chunk.order_by("pk"):
            if not has_address_to_try(page):
                outcome.no_address.append(page)
                report("no_address", page)
                continue
            if has_draft(page):
                outcome.drafts.append(page)
                report("draft", page)
                continue
            if limit is not None and asked >= limit:
                break
            asked += 1
            point = _ask(geocoder, page)
            if point is None:
                outcome.not_found.append(page)
                report("not_found", page)
                continue
            if not dry_run:
                with transaction.atomic():
                    page = OrganisationPage.objects.get(pk=page.pk)
                    if not page.needs_location or has_draft(page):
                        continue
                    _save_location(page, *point)
            outcome.located.append(page)
            report("located", page, point)
        if limit is not None and asked >= limit:
            break
    if outcome.located and not dry_run:
        # Plain saves do not publish, so the exports' publish signal does not fire.
        invalidate_exports()
        transaction.on_commit(invalidate_exports)
    return outcome


def _ask(geocoder, page):
    try:
        point = geocoder.geocode(page.address, page.postcode, page.city, str(page.country))
    except Exception:  # a third-party backend that breaks its contract must not stop the others
        logger.exception("Geocoder %r raised for organisation #%s", geocoder, page.pk)
        return None
    if point is None:
        return None
    try:
        latitude, longitude = float(point[0]), float(point[1])
    except (TypeError, ValueError, IndexError):
        latitude = longitude = math.nan
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):  # also false for NaN
        logger.warning("Geocoder %r gave %r for organisation #%s", geocoder, point, page.pk)
        return None
    return latitude, longitude


# --- Task and import hook ---
@task()
def geocode_organisations(page_ids):
    """Geocode the imported organisations among `page_ids` that still need a location."""
    geocoder = get_geocoder()
    if geocoder is None:
        return {"geocoder": False}
    outcome = geocode_pages(OrganisationPage.objects.filter(pk__in=page_ids), geocoder)
    return outcome.counts()


def enqueue_geocoding(pages):
    """Once the current transaction commits, geocode those of `pages` that need a location.

    Only when a geocoder is configured: otherwise they stay flagged "needs location".
    """
    if not getattr(settings, "ATLAS_GEOCODER", None):
        return
    page_ids = [page.pk for page in pages if page is not None and page.needs_location]
    if page_ids:
        transaction.on_commit(lambda: geocode_organisations.enqueue(page_ids))


# --- Proposals: a draft's address, shown to the moderator on the map ---
@task()
def geocode_drafts(page_ids):
    """Place unpublished organisations (public proposals) from their address, in their draft:
    the moderator sees the point on the edit screen's map and approves or moves it. Never a
    live page (that is `geocode_organisations`' business), never one already located."""
    geocoder = get_geocoder()
    if geocoder is None:
        return {"geocoder": False}
    located = 0
    for page in OrganisationPage.objects.filter(pk__in=page_ids, live=False):
        draft = page.get_latest_revision_as_object()
        if not draft.needs_location or not (draft.address or draft.city):
            continue
        point = _ask(geocoder, draft)
        if point is None:
            continue
        with transaction.atomic():
            draft.set_location(*point)
            draft.save_revision(log_action=False)
            OrganisationPage.objects.filter(pk=page.pk).update(
                latitude=draft.latitude, longitude=draft.longitude, location=draft.location
            )
        located += 1
    return {"located": located}


def enqueue_draft_geocoding(sender=None, page_ids=(), **kwargs):
    """`directory.signals.location_wanted`: geocode these drafts, when a geocoder is set."""
    if getattr(settings, "ATLAS_GEOCODER", None) and page_ids:
        geocode_drafts.enqueue(list(page_ids))
