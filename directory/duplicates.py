"""Find organisations that are probably the same: same website, same name and city, or a
similar name less than a kilometre away."""

import math
import re
import unicodedata
from collections import defaultdict
from difflib import SequenceMatcher
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

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
LEGAL_WORDS = {
    "asbl",
    "association",
    "coop",
    "cooperative",
    "eg",
    "ev",
    "gmbh",
    "sa",
    "sarl",
    "sas",
    "scic",
    "scop",
    "scrl",
    "sc",
    "the",
    "la",
    "le",
    "les",
    "l",
    "der",
    "die",
    "das",
}
NEAR_KM = 1.0
SIMILAR_RATIO = 0.85


def normalise(text):
    """Lower case, no accents, no punctuation, no legal-form words: 'SCIC Coop’Lib' → 'coop lib'."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    words = re.split(r"[^a-z0-9]+", text)
    return " ".join(word for word in words if word and word not in LEGAL_WORDS)


def domain(url):
    try:
        host = urlsplit(url or "").hostname or ""
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


class DuplicateIndex:
    """Organisations already known (pages, and rows earlier in the file), indexed three ways."""

    def __init__(self):
        self.by_domain = {}
        self.by_name_city = {}
        self.grid = defaultdict(list)

    def add(self, ref, name, city="", website="", latitude=None, longitude=None):
        host = domain(website)
        if host:
            self.by_domain.setdefault(host, ref)
        key = (normalise(name), normalise(city))
        if key[0]:
            self.by_name_city.setdefault(key, ref)
        if latitude is not None and longitude is not None:
            self.grid[_cell(latitude, longitude)].append(
                (ref, normalise(name), latitude, longitude)
            )

    def find(self, name, city="", website="", latitude=None, longitude=None):
        """(ref, reason) of a probable duplicate, or None."""
        host = domain(website)
        if host and host in self.by_domain:
            return self.by_domain[host], _("same website domain (%(domain)s)") % {"domain": host}
        key = (normalise(name), normalise(city))
        if key[0] and key in self.by_name_city:
            return self.by_name_city[key], _("same name and city")
        if latitude is None or longitude is None or not key[0]:
            return None
        row, col = _cell(latitude, longitude)
        matcher = SequenceMatcher(None, b=key[0])  # caches what it learns about this name
        # 0.01° of latitude is 1.1 km; a longitude cell is narrower away from the equator.
        for d_row in (-1, 0, 1):
            for d_col in (-2, -1, 0, 1, 2):
                for ref, other, lat, lng in self.grid.get((row + d_row, col + d_col), ()):
                    matcher.set_seq1(other)
                    # Cheap upper bounds first: most names in a city are nothing alike.
                    if (
                        matcher.real_quick_ratio() >= SIMILAR_RATIO
                        and matcher.quick_ratio() >= SIMILAR_RATIO
                        and matcher.ratio() >= SIMILAR_RATIO
                        and distance_km(latitude, longitude, lat, lng) <= NEAR_KM
                    ):
                        return ref, _("similar name less than 1 km away")
        return None
