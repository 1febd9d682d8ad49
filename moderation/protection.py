"""Protection of the public forms: a per-client limit on submissions (django-ratelimit), and
whether a claimant's email is at the organisation's website domain."""

import contextlib
import hashlib
import hmac
import ipaddress

from django.conf import settings

from django_ratelimit.core import get_usage

from directory.duplicates import domain

# --- Rate limit ---


def client_address(request):
    """The client's address. Directly connected (ATLAS_TRUSTED_PROXY_COUNT = 0), the connecting
    one; behind N proxies, the one the outermost proxy saw: each proxy appends the address it
    was reached from to X-Forwarded-For, so that is the Nth from the right, and whatever the
    client wrote there itself stays further left and changes nothing."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.ATLAS_TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < proxies:
        return remote  # it did not come through every proxy
    try:
        return str(ipaddress.ip_address(forwarded[-proxies].strip()))
    except ValueError:
        return remote


def client_key(group, request):
    """The client's rate-limit key: a keyed digest of its address, or of its /64 for IPv6 (a
    home or a phone gets a whole /64 to pick from). Keyed because addresses are personal data
    and cache keys can end up in monitoring: django-ratelimit hashes keys without a secret, and
    an IPv4 address's hash is quickly reversed by trying them all."""
    address = client_address(request)
    prefix = 64 if ":" in address else 32
    # Without a usable address (a Unix socket), all such clients share one allowance.
    with contextlib.suppress(ValueError):
        address = str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def usage(request, scope, increment=False):
    """django-ratelimit's account of this client's submissions to a form (`scope`) in its current
    hour: count, limit, time_left (seconds to the end of the hour); None if rate limits are off."""
    return get_usage(
        request,
        group=f"moderation.{scope}",
        key=client_key,
        rate=f"{settings.ATLAS_PROPOSAL_RATE_LIMIT}/h",
        method="POST",
        increment=increment,
    )


def is_rate_limited(request, scope):
    """True when this client already had the hour's submissions to this form accepted. Only
    POSTs are limited. django-ratelimit counts fixed hours, each client's starting at its own
    second of the hour."""
    current = usage(request, scope)
    return current is not None and current["count"] >= current["limit"]


def count_submission(request, scope):
    """Count an accepted submission (mistakes in the form, and the duplicate warning, do not
    count: a proposer who corrects a field is not spending the hour's allowance)."""
    usage(request, scope, increment=True)


# --- Claims ---


def email_domain(email):
    return email.rsplit("@", 1)[-1].strip().lower() if "@" in email else ""


def domains_match(email, website):
    """True when the email's domain is the website's domain or a subdomain of it (never for a
    website on a host shared by many organisations, such as facebook.com)."""
    mail_domain, site_domain = email_domain(email), domain(website)
    if not (mail_domain and site_domain):
        return False
    return mail_domain == site_domain or mail_domain.endswith(f".{site_domain}")
