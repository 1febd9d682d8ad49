"""Protection of the public forms: a per-address rate limit and duplicate detection."""

import hashlib
import re
import unicodedata
from difflib import SequenceMatcher
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache

from directory.models import OrganisationPage

DEFAULT_RATE_LIMIT = 5  # submissions per address and per hour
RATE_WINDOW = 60 * 60


def _client_key(request, scope):
    # Hash the address: cache keys can end up in monitoring, and addresses are personal data.
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"moderation:rate:{scope}:{digest}"


def rate_limit():
    return getattr(settings, "ATLAS_PROPOSAL_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def is_rate_limited(request, scope):
    return cache.get(_client_key(request, scope), 0) >= rate_limit()


def count_submission(request, scope):
    key = _client_key(request, scope)
    if cache.add(key, 1, RATE_WINDOW):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, RATE_WINDOW)


# --- Duplicates ---
_LEGAL_WORDS = {
    "asbl", "association", "coop", "cooperative", "scic", "scop", "sas", "sarl", "eg", "ev",
    "gmbh", "ltd", "cic", "bv", "vzw", "the", "la", "le", "les", "de", "des", "du", "l",
}  # fmt: skip


def normalise_name(name):
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.findall(r"[a-z0-9]+", text) if w not in _LEGAL_WORDS]
    return " ".join(words)


def website_domain(url):
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    return host.removeprefix("www.")


def email_domain(email):
    return email.rsplit("@", 1)[-1].strip().lower() if "@" in email else ""


def domains_match(email, website):
    """True when the email's domain is the website's domain or a subdomain of it."""
    mail_domain, site_domain = email_domain(email), website_domain(website)
    if not (mail_domain and site_domain):
        return False
    return mail_domain == site_domain or mail_domain.endswith(f".{site_domain}")


def similar_organisations(name, website="", limit=5):
    """Existing organisations (live or draft originals) with a similar name or the same
    website domain."""

    base = OrganisationPage.objects.filter(alias_of__isnull=True)
    found = {}
    domain = website_domain(website) if website else ""
    if domain:
        for page in base.filter(website__icontains=domain).only("title", "website", "live")[:20]:
            if website_domain(page.website) == domain:
                found[page.pk] = page
    wanted = normalise_name(name)
    words = sorted(wanted.split(), key=len, reverse=True)
    if words:
        candidates = base.filter(title__icontains=words[0]).only("title", "website", "live")
        for page in candidates[:200]:
            ratio = SequenceMatcher(None, wanted, normalise_name(page.title)).ratio()
            if ratio >= 0.85:
                found[page.pk] = page
    return list(found.values())[:limit]
