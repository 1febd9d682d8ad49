"""Download a partner's file from its re-import URL, with limits, and tell what format it is in.

Plain urllib: one GET, no cookies, no credentials. The limits keep a slow or huge answer from
holding a worker or the database (the file is stored on its ImportRun until imported).
"""

import http.client
import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from opendata.imports.readers import FORMAT_BY_EXTENSION

TIMEOUT = 60  # seconds without an answer (each connect or read, not the whole download)
INTERACTIVE_TIMEOUT = 20  # when a moderator waits for the page
MAX_BYTES = 50 * 1024 * 1024
CHUNK_BYTES = 64 * 1024
USER_AGENT = "SocialTechAtlas/1.0 (re-import of a partner's open data"
ALLOWED_SCHEMES = ("http", "https")

# Only the types that name a format: servers often send text/plain or octet-stream for anything.
FORMAT_BY_CONTENT_TYPE = {
    "text/csv": "csv",
    "application/csv": "csv",
    "text/tab-separated-values": "csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/json": "json",
    "application/ld+json": "json",
    "application/geo+json": "geojson",
    "application/vnd.geo+json": "geojson",
}
ACCEPT = ", ".join([*FORMAT_BY_CONTENT_TYPE, "*/*;q=0.1"])


class FetchError(Exception):
    """The file could not be downloaded (the message says why, for a moderator)."""


@dataclass
class FetchedFile:
    url: str
    filename: str
    content: bytes
    format: str
    content_type: str = ""


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only (urllib also follows them to ftp://)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        target = urlsplit(newurl)
        if target.scheme.lower() not in ALLOWED_SCHEMES:
            raise FetchError(
                _("The address redirects to %(url)s, which is not an http:// or https:// address.")
                % {"url": newurl}
            )
        if target.hostname:
            refuse_private_address(target.hostname)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def refuse_private_address(host):
    """FetchError if `host` is (or resolves to) a loopback, private or link-local address: an
    editable URL must not reach the servers of the Atlas's own network. Off when
    settings.ATLAS_FETCH_PRIVATE_ADDRESSES is true (a partner on the same network, the tests)."""
    if getattr(settings, "ATLAS_FETCH_PRIVATE_ADDRESSES", False):
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        return  # the download itself says the host cannot be reached
    for address in addresses:
        if not ipaddress.ip_address(address.split("%", 1)[0]).is_global:
            raise FetchError(
                _(
                    "%(host)s is on a private or local network: files can only be re-imported "
                    "from public servers."
                )
                % {"host": host}
            )


def _opener():
    return urllib.request.build_opener(_HttpOnlyRedirects)


def user_agent():
    """Names the Atlas and, so that a partner can see who downloads its file, its address."""
    return f"{USER_AGENT}; +{settings.WAGTAILADMIN_BASE_URL})"


def check_url(url):
    """The URL's parts, or FetchError if it is not an http(s) address with a host."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError as error:
        raise FetchError(_("“%(url)s” is not a valid address.") % {"url": url}) from error
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise FetchError(
            _("Only http:// and https:// addresses can be re-imported, not “%(url)s”.")
            % {"url": url}
        )
    if not parts.hostname:
        raise FetchError(_("The address “%(url)s” has no host name.") % {"url": url})
    return parts


def url_filename(url):
    """The last segment of the URL's path ("organisations.csv"), else its host name."""
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return "download"
    name = PurePosixPath(unquote(parts.path)).name
    return (name or parts.hostname or "download")[:255]


def detect_fetched_format(content_type, filenames, default):
    """The format the server announces, else the one a file name tells, else the default."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type in FORMAT_BY_CONTENT_TYPE:
        return FORMAT_BY_CONTENT_TYPE[media_type]
    for name in filenames:
        suffix = PurePosixPath(name or "").suffix.lower()
        if suffix in FORMAT_BY_EXTENSION:
            return FORMAT_BY_EXTENSION[suffix]
    return default


def fetch(url, default_format="csv", *, timeout=None, max_bytes=None):
    """Download `url` into memory, or raise FetchError with a message a moderator can act on."""
    timeout = TIMEOUT if timeout is None else timeout
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    parts = check_url(url)
    host = parts.hostname
    refuse_private_address(host)
    request = urllib.request.Request(
        url.strip(), headers={"User-Agent": user_agent(), "Accept": ACCEPT}
    )
    try:
        with _opener().open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(_too_large(max_bytes))
            content = _read_at_most(response, max_bytes)
            headers, final_url = response.headers, response.geturl()
    except FetchError:
        raise
    except urllib.error.HTTPError as error:
        error.close()
        raise FetchError(_http_error(error.code, error.reason)) from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise FetchError(_timed_out(host, timeout)) from error
        raise FetchError(
            _("Could not reach %(host)s: %(reason)s.") % {"host": host, "reason": error.reason}
        ) from error
    except TimeoutError as error:  # while reading the body
        raise FetchError(_timed_out(host, timeout)) from error
    except (http.client.HTTPException, OSError, ValueError) as error:
        raise FetchError(
            _("The download from %(host)s failed: %(reason)s.")
            % {"host": host, "reason": str(error) or error.__class__.__name__}
        ) from error

    content_type = headers.get("Content-Type", "")
    filename = url_filename(url)
    fmt = detect_fetched_format(
        content_type, [filename, url_filename(final_url), headers.get_filename()], default_format
    )
    return FetchedFile(
        url=url.strip(), filename=filename, content=content, format=fmt, content_type=content_type
    )


def _read_at_most(response, max_bytes):
    """The body, read in chunks so that an endless or undeclared answer stops at the limit."""
    chunks, size = [], 0
    while chunk := response.read(CHUNK_BYTES):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(_too_large(max_bytes))
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(max_bytes):
    return _("The file is larger than %(size)s MB: it was not imported.") % {
        "size": f"{max_bytes / (1024 * 1024):g}"
    }


def _timed_out(host, timeout):
    return _("%(host)s did not answer within %(seconds)s seconds.") % {
        "host": host,
        "seconds": timeout,
    }


def _http_error(status, reason):
    if status == 404:
        return _("The file was not found at this address (HTTP 404): check the re-import URL.")
    if status in (401, 403):
        return _(
            "The server refused the download (HTTP %(status)s %(reason)s): the file must be public."
        ) % {"status": status, "reason": reason}
    return _("The server answered HTTP %(status)s %(reason)s instead of the file.") % {
        "status": status,
        "reason": reason,
    }
