"""The one duplicate finder: organisations that are probably the same.

One normalisation of names (no accents, no case, no punctuation, no legal-form words or
articles) and one set of rules, strongest evidence first:

0. an identical external identifier (SIRET, Wikidata, a peer's id…: `directory.identifiers`);
1. the same website domain (not a host shared by many organisations, such as facebook.com);
2. the same name in the same city;
3. a similar name (SequenceMatcher ratio ≥ 0.85): less than 1 km away for the importer, which
   holds a row back on this evidence and knows where it is; anywhere for the public proposal
   form, which only asks the proposer to look and knows no location (``similar_anywhere``).

The importer builds a `DuplicateIndex` of the pages and of the rows before; the proposal form
calls `similar_organisations`, which builds the same index over the original pages.
"""

import itertools
import math
import re
import unicodedata
from collections import defaultdict
from difflib import SequenceMatcher
from itertools import islice
from urllib.parse import urlsplit

from django.db.models import Case, Value, When
from django.utils.translation import gettext as _

from directory.identifiers import pairs as identifier_pairs
from directory.models import OrganisationPage

# Hosts shared by many organisations: the same host does not make the same organisation.
SHARED_HOSTS = {
    "facebook.com",
    "linkedin.com",
    "instagram.com",
    "twitter.com",
    "x.com",
    "sites.google.com",
    "github.com",
    "gitlab.com",
    "framagit.org",
    "codeberg.org",
    "helloasso.com",
    "wixsite.com",
    "wordpress.com",
    "linktr.ee",
}
# Words that tell nothing about which organisation it is: legal forms and articles, in the
# Atlas's countries' languages, once normalised.
IGNORED_WORDS = {
    # legal forms
    "asbl", "association", "bv", "cic", "coop", "cooperative", "eg", "ev", "gmbh", "ltd", "sa",
    "sarl", "sas", "sc", "scic", "scop", "scrl", "vzw",
    # articles
    "the", "l", "la", "le", "les", "d", "de", "des", "du", "der", "die", "das",
}  # fmt: skip
# Letters that Unicode does not decompose into a base letter and an accent.
LETTERS = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d"})
# What NFKD splits accents into (the combining diacritical marks' blocks).
ACCENTS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
# Legal forms are often written with dots: "e.V.", "S.C.R.L.".
ABBREVIATION = re.compile(r"\b[a-z](?:\.[a-z])+\b\.?")
NOT_A_WORD = re.compile(r"[^a-z0-9]+")
NEAR_KM = 1.0
SIMILAR_RATIO = 0.85


def normalise(text):
    """Lower case, no accents, no punctuation, no legal-form words: 'SCIC Coop’Lib' → 'lib'.

    (The importer's key for records without an id is frozen apart: opendata.imports.keys.)"""
    text = text or ""
    # ASCII text (most names and cities) skips the Unicode work: a proposal normalises them all.
    if not text.isascii():
        text = ACCENTS.sub("", unicodedata.normalize("NFKD", text)).casefold().translate(LETTERS)
    text = ABBREVIATION.sub(lambda match: match[0].replace(".", ""), text.lower())
    words = NOT_A_WORD.split(text)
    return " ".join([word for word in words if word and word not in IGNORED_WORDS])


def domain(url):
    """The website's host without "www.", or "" for no website or a shared host."""
    url = (url or "").strip()
    if not url:
        return ""
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:
        return ""
    host = host.lower().removeprefix("www.")
    if not host or host in SHARED_HOSTS or any(host.endswith("." + h) for h in SHARED_HOSTS):
        return ""
    return host


def distance_km(lat1, lng1, lat2, lng2):
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = math.radians(lat2 - lat1), math.radians(lng2 - lng1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _cell(lat, lng):
    return int(math.floor(lat * 100)), int(math.floor(lng * 100))


def _similar(matcher, other):
    matcher.set_seq1(other)
    # Cheap upper bounds first: most names are nothing alike.
    return matcher.quick_ratio() >= SIMILAR_RATIO and matcher.ratio() >= SIMILAR_RATIO


def _lengths(name):
    """The lengths a name can have to be similar to `name`: the ratio is at most
    2·min(a, b) / (a + b) (SequenceMatcher.real_quick_ratio), checked here before any call."""
    bound = SIMILAR_RATIO / (2 - SIMILAR_RATIO)
    return math.ceil(len(name) * bound - 1e-9), math.floor(len(name) / bound + 1e-9)


class DuplicateIndex:
    """Organisations already known (pages, and rows earlier in the file), indexed by website
    domain, by name and by place."""

    def __init__(self):
        self.by_identifier = defaultdict(list)  # (scheme, value): refs
        self.by_domain = defaultdict(list)
        self.by_name = defaultdict(list)  # the same name: (ref, city), city normalised if asked
        self.names = []  # (ref, normalised name, latitude, longitude)
        self.grid = defaultdict(list)  # the same, by cell of 0.01°, for those located

    def add(self, ref, name, city="", website="", latitude=None, longitude=None, identifiers=None):
        for pair in identifier_pairs(identifiers):
            self.by_identifier[pair].append(ref)
        host = domain(website)
        if host:
            self.by_domain[host].append(ref)
        name = normalise(name)
        if not name:
            return
        self.by_name[name].append((ref, city))
        entry = (ref, name, latitude, longitude)
        self.names.append(entry)
        if latitude is not None and longitude is not None:
            self.grid[_cell(latitude, longitude)].append(entry)

    def find(self, name, city="", website="", latitude=None, longitude=None, identifiers=None):
        """(ref, reason) of the most probable duplicate, or None."""
        found = self.matches(name, city, website, latitude, longitude, identifiers=identifiers)
        return next(found, None)

    def matches(
        self,
        name,
        city="",
        website="",
        latitude=None,
        longitude=None,
        similar_anywhere=False,
        identifiers=None,
    ):
        """Every probable duplicate as (ref, reason), strongest evidence first, each ref once."""
        seen = set()
        found = itertools.chain(
            self.same_identifier(identifiers),
            self._matches(name, city, website, latitude, longitude, similar_anywhere),
        )
        for ref, reason in found:
            if ref not in seen:
                seen.add(ref)
                yield ref, reason

    def same_identifier(self, identifiers):
        """(ref, reason) of each organisation with one of these identifiers."""
        for scheme, value in identifier_pairs(identifiers):
            reason = _("same identifier (%(scheme)s %(value)s)") % {
                "scheme": scheme,
                "value": value,
            }
            for ref in self.by_identifier.get((scheme, value), ()):
                yield ref, reason

    def _matches(self, name, city, website, latitude, longitude, similar_anywhere):
        host = domain(website)
        if host:
            reason = _("same website domain (%(domain)s)") % {"domain": host}
            for ref in self.by_domain.get(host, ()):
                yield ref, reason
        name = normalise(name)
        if not name:
            return
        city = normalise(city)
        for ref, other_city in self.by_name.get(name, ()):
            if normalise(other_city) == city:
                yield ref, _("same name and city")
        matcher = SequenceMatcher(None, b=name)  # caches what it learns about this name
        shortest, longest = _lengths(name)
        if similar_anywhere:
            for ref, other, _lat, _lng in self.names:
                if shortest <= len(other) <= longest and _similar(matcher, other):
                    yield ref, _("similar name")
            return
        if latitude is None or longitude is None:
            return
        row, col = _cell(latitude, longitude)
        # 0.01° of latitude is 1.1 km; a longitude cell is narrower away from the equator.
        for d_row in (-1, 0, 1):
            for d_col in (-2, -1, 0, 1, 2):
                for ref, other, lat, lng in self.grid.get((row + d_row, col + d_col), ()):
                    if (
                        shortest <= len(other) <= longest
                        and _similar(matcher, other)
                        and distance_km(latitude, longitude, lat, lng) <= NEAR_KM
                    ):
                        yield ref, _("similar name less than 1 km away")


def similar_organisations(name, website="", city="", limit=5, public_only=False):
    """Organisations the proposer of `name` should look at first: original pages (live or
    draft, in any language) that the rules above match, a similar name counting anywhere.
    `public_only`: only live, public pages, for what an anonymous proposer is shown — a draft
    awaiting review, or a page behind a view restriction, is nobody else's business.

    Two queries whatever the number of organisations: the columns the rules read, then the
    few pages found (with what the warning shows: the title, and the URL of live ones)."""
    originals = OrganisationPage.objects.filter(alias_of__isnull=True)
    if public_only:
        originals = originals.live().public()
    # Only websites that may share the proposal's domain come back: parsing 10,000 addresses
    # would cost more than all the rest.
    host = domain(website)
    websites = (
        Case(When(website__icontains=host, then="website"), default=Value(""))
        if host
        else Value("")
    )
    index = DuplicateIndex()
    # Oldest first: the first of several look-alikes is most likely the original.
    rows = (
        originals.annotate(candidate_website=websites)
        .order_by("pk")
        .values_list("pk", "title", "city", "candidate_website")
    )
    for pk, title, page_city, page_website in rows:
        index.add(pk, title, page_city, page_website)
    matches = index.matches(name, city, website, similar_anywhere=True)
    found = [pk for pk, _reason in islice(matches, limit)]
    if not found:
        return []
    pages = originals.filter(pk__in=found).only("title", "live", "url_path").in_bulk()
    return [pages[pk] for pk in found if pk in pages]
