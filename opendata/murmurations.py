"""Giving back to Murmurations: a profile of every live organisation, and the index kept told.

Each live organisation has a profile in Murmurations' `organizations_schema-v1.0.0` at a stable
address, `/open-data/murmurations/<atlas id>.json` (its Atlas id never changes, whatever its
name or slug). It says only what the public exports say (`rows.organisation_row`: no personal
email or mobile number).

With `MURMURATIONS_INDEX_URL` set (off by default), publishing an organisation registers its
profile with the index (`POST /v2/nodes {"profile_url"}`, which also refreshes it: the index
fetches the profile again), and unpublishing, merging, deleting or erasing it deletes the node
(`DELETE /v2/nodes/<node_id>`, node_id being the SHA-256 of the profile's address). Both run as
background tasks after the transaction commits: the index fetches the profile to check it, so it
must already answer (or, for a delete, already be gone).
"""

import hashlib
import json
import urllib.error
import urllib.request
from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from django_tasks import task

from opendata import vocabularies
from opendata.rows import typed_row

SCHEMA = "organizations_schema-v1.0.0"
TIMEOUT = 20
USER_AGENT = "SocialTechAtlas/1.0 (Murmurations node)"
# The Atlas's scopes in Murmurations' geographic_scope (local, regional, national, international).
SCOPES = {
    "local": "local",
    "regional": "regional",
    "national": "national",
    "european": "international",
    "international": "international",
}


def profile_path(atlas_id):
    return reverse("opendata_murmurations_profile", args=[str(atlas_id)])


def profile_url(atlas_id, request=None):
    return f"{vocabularies.site_root(request)}{profile_path(atlas_id)}"


def node_id(url):
    return hashlib.sha256(url.encode()).hexdigest()


def _unique(items):
    return list(dict.fromkeys(item for item in items if item))


def profile(row):
    """The organisation's Murmurations profile, from its export row (`rows.organisation_row`)."""
    typed = typed_row(row)
    page_url = typed["profile_url"]
    document = {"linked_schemas": [SCHEMA], "name": typed["name"]}
    primary = typed["website"] or page_url
    if primary:
        document["primary_url"] = primary
    if typed["summary"]:
        document["description"] = typed["summary"]
    tags = _unique([typed["sector"], typed["legal_form"], *typed["services"]])
    if tags:
        document["tags"] = tags
    urls = [{"name": "Social Tech Atlas", "url": page_url}] if page_url else []
    urls += [{"name": link["network"], "url": link["url"]} for link in typed["social_links"]]
    if urls:
        document["urls"] = list({item["url"]: item for item in urls}.values())
    place = " ".join(part for part in (typed["postcode"], typed["city"]) if part)
    address = ", ".join(part for part in (typed["address"], place, typed["country"]) if part)
    if address:
        document["full_address"] = address
    if typed["country"]:
        document["country_iso_3166"] = typed["country"]
    if typed["latitude"] is not None and typed["longitude"] is not None:
        document["geolocation"] = {"lat": typed["latitude"], "lon": typed["longitude"]}
    if typed["email"]:
        document["contact_details"] = {"email": typed["email"]}
    if typed["phone"]:
        document["telephone"] = typed["phone"]
    if typed["scope"] in SCOPES:
        document["geographic_scope"] = SCOPES[typed["scope"]]
    if typed["founded_year"]:
        start = datetime(typed["founded_year"], 1, 1, tzinfo=UTC)
        document["starts_at"] = int(start.timestamp())
    document["status"] = "active"
    return document


# --- The index ---
def index_url():
    return getattr(settings, "MURMURATIONS_INDEX_URL", "") or ""


def _call(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url,
        data=data,
        method=method,
        headers={"Content-Type": "application/json", "User-Agent": USER_AGENT},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, OSError) as error:
        return None, str(error).encode()


def register(url):
    """Register (or refresh) a profile with the index: (HTTP status, node id)."""
    status, body = _call("POST", f"{index_url()}/v2/nodes", {"profile_url": url})
    try:
        node = json.loads(body).get("data", {}).get("node_id") or node_id(url)
    except (ValueError, AttributeError):
        node = node_id(url)
    return status, node


def delete(url):
    """Delete a profile's node from the index: the HTTP status."""
    status, _body = _call("DELETE", f"{index_url()}/v2/nodes/{node_id(url)}")
    return status


@task()
def register_profile(atlas_id):
    if index_url():
        return register(profile_url(atlas_id))[0]
    return None


@task()
def delete_profile(atlas_id):
    if index_url():
        return delete(profile_url(atlas_id))
    return None


def on_published(atlas_id):
    if index_url():
        transaction.on_commit(lambda: register_profile.enqueue(str(atlas_id)))


def on_gone(atlas_id):
    if index_url():
        transaction.on_commit(lambda: delete_profile.enqueue(str(atlas_id)))
