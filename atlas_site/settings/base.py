"""Settings shared by every environment; secrets and hosts come from the environment."""

import os
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("ATLAS_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "home",
    "directory",
    "stories",
    "opendata",
    "moderation",
    "following",
    "atlas_site",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "wagtailgeowidget",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_countries",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.staticfiles",
    "axes",
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that can answer on its own (WhiteNoise, CommonMiddleware), as
    # django-cors-headers asks, so that those answers carry the CORS headers too.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous readers' pages from the cache (atlas_site.page_cache): a hit answers here.
    "atlas_site.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After LocaleMiddleware, so that it sees the response first: keeps open data 404s from being
    # redirected to /en/… (see the class).
    "opendata.middleware.OpenDataNotFoundMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "moderation.middleware.AdminReportsGuardMiddleware",
    "moderation.middleware.AdminLoginLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy of public pages, with the map's tile server (atlas_site.csp).
    "atlas_site.csp.AtlasCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into a lockout response.
    "axes.middleware.AxesMiddleware",
]

# django-axes checks every login made through a request before Django's own backend.
AUTHENTICATION_BACKENDS = [
    "moderation.security.AtlasAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "atlas_site.urls"
WSGI_APPLICATION = "atlas_site.wsgi.application"

# --- Content-Security-Policy (django-csp; atlas_site.csp adds the map's tile server) ---
# Only the site's own scripts and styles; `style-src-attr 'unsafe-inline'` because sector
# colours are set in style attributes (`--sector-colour: …`), which can set nothing but CSS.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": [
            "'self'",  # the map's "embed this view" preview
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
            "https://www.dailymotion.com",
        ],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}

# --- CORS: the open data is open to any web page ---
# The downloads and the JSON API (opendata.urls) may be read from any origin, with GET only and
# without credentials: nothing there depends on who asks. Every other URL keeps the browser's
# same-origin rule. OpenDataNotFoundMiddleware reads the same pattern.
CORS_URLS_REGEX = (
    r"^/(?:api/v1/|open-data/(?:organisations\.|datapackage\.json$|murmurations/)|vocab/)"
)
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "content-type"]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "atlas_site.context_processors.map_tiles",
            ],
        },
    },
]

# --- Database ---
# SQLite under var/ is the embedded default; DATABASE_URL=postgres://… selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'atlas.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        # A persistent connection that died (the database restarted) is replaced at the start
        # of the next request instead of failing it.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serves a web server with several threads or processes and the task worker beside
    # it. WAL lets readers read while one writer writes. IMMEDIATE transactions take the write
    # lock when they begin, where SQLite can wait for it (the busy timeout); a DEFERRED one that
    # read first and then writes cannot wait, and fails at once with "database is locked".
    # synchronous=NORMAL is WAL's safe setting (no corruption on a crash, fewer fsyncs).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": float(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every process (web workers and the task worker): an import run by the worker must
# invalidate the map and exports that the web processes serve. Files by default, Redis if set.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CACHE_DIR", str(VAR_DIR / "cache")),
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }


def cache_key_prefix(environ, database):
    """The prefix of every cache key of this deployment: `CACHE_KEY_PREFIX`, else one derived
    from the database, so that two sites sharing a cache (a staging and a production on one
    Redis) never read each other's entries, while the web and task worker processes of one site,
    which share its database, share them."""
    if environ.get("CACHE_KEY_PREFIX"):
        return environ["CACHE_KEY_PREFIX"]
    import hashlib

    identity = "|".join(str(database.get(key) or "") for key in ("ENGINE", "HOST", "PORT", "NAME"))
    return "atlas-" + hashlib.sha256(identity.encode()).hexdigest()[:12]


CACHES["default"]["KEY_PREFIX"] = cache_key_prefix(os.environ, DATABASES["default"])

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation ---
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("de", _("German")),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# A page created in one language gets an alias in the other, so that every organisation is
# listed in both trees until someone translates it.
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

# --- Static and media files ---
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end libraries come from npm (package.json, `make install`) and are served by the site.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/supercluster", NODE_MODULES / "supercluster" / "dist"),
    ("vendor/world-atlas", NODE_MODULES / "world-atlas"),
    ("vendor/topojson-client", NODE_MODULES / "topojson-client" / "dist"),
    ("vendor/protomaps-leaflet", NODE_MODULES / "protomaps-leaflet" / "dist"),
]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Email ---
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Social Tech Atlas <atlas@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Machine translation suggestions (off unless configured) ---
# A LibreTranslate-compatible endpoint (self-hostable: https://github.com/LibreTranslate); when
# set, editors may ask for suggestions of a translation's empty fields. Nothing leaves the site
# otherwise.
MACHINE_TRANSLATION_URL = os.environ.get("MACHINE_TRANSLATION_URL", "")
MACHINE_TRANSLATION_API_KEY = os.environ.get("MACHINE_TRANSLATION_API_KEY", "")
MACHINE_TRANSLATION_TIMEOUT = float(os.environ.get("MACHINE_TRANSLATION_TIMEOUT", "20"))

# --- Wagtail ---
WAGTAIL_SITE_NAME = "Social Tech Atlas"
# The admin's login is the site's only one: a private document or page sends visitors there
# (Django's default, /accounts/login/, does not exist here).
LOGIN_URL = "wagtailadmin_login"
WAGTAIL_FRONTEND_LOGIN_URL = "/admin/login/"
# The site's public address, e.g. https://atlas.example.org: the default Wagtail Site takes its
# host and port from it (atlas_site.site, at every migrate; the seed too), so that absolute
# URLs in JSON-LD, the sitemap, feeds and emails name the real host, never http://localhost.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
_site_url = urlsplit(SITE_URL or "http://localhost")
SITE_HOSTNAME = _site_url.hostname or "localhost"
SITE_PORT = _site_url.port or (443 if _site_url.scheme == "https" else 80)
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", SITE_URL or "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Documents are always served by Wagtail's view, which applies the collections' view
# restrictions (an organisation's collection is private to its team and the moderators); the
# files under MEDIA_ROOT/documents/ must never be served directly (see README, Production).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
# No request to a third party, even from the admin: no update check, no Gravatar avatars.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Approving an organisation's changes also stamps its "last verified" date (moderation app).
WAGTAIL_FINISH_WORKFLOW_ACTION = "moderation.workflows.publish_and_verify"
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# Maps draw the site's own basemap (Natural Earth, directory.basemap): no third party by default.
# Remote raster tiles only when set here or in Settings → Map settings, e.g.
# MAP_TILE_URL=https://tile.openstreetmap.org/{z}/{x}/{y}.png (its server then sees every reader).
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    if MAP_TILE_URL
    else "",
)
# A PMTiles archive served by this site for street-level detail (README: "A basemap of your
# own"), e.g. /media/basemap/europe.pmtiles; the server must answer HTTP range requests.
MAP_PMTILES_URL = os.environ.get("MAP_PMTILES_URL", "")
GEO_WIDGET_LEAFLET_TILE_LAYER = MAP_TILE_URL
GEO_WIDGET_LEAFLET_TILE_LAYER_OPTIONS = {"attribution": MAP_TILE_ATTRIBUTION}
GEO_WIDGET_DEFAULT_LOCATION = {"lat": 50.8503, "lng": 4.3517}  # Brussels
GEO_WIDGET_EMPTY_LOCATION = True
GEO_WIDGET_ZOOM = 12

COUNTRIES_FIRST = []

# --- Background tasks ---
# Admin imports, the search indexing that follows them and Wagtail's own tasks are stored in the
# database and run by `manage.py db_worker` (`make run` starts one beside the web server).
# TASKS_BACKEND=immediate runs them inside the request instead, for a setup without a worker.
TASKS = {
    "default": (
        {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
        if os.environ.get("TASKS_BACKEND") == "immediate"
        else {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    )
}

# --- Server-side geocoding of imported organisations ---
# Imported rows without coordinates are flagged "needs location" in the admin. With GEOCODER_URL
# (a Nominatim-compatible search endpoint, e.g. https://nominatim.openstreetmap.org/search, or a
# self-hosted Nominatim) a background task looks their address up after the import, at most
# one request a second; the public server's usage policy also asks for an identifying
# User-Agent and, for bulk use, a contact email. Unset (the default): no request is ever made.
ATLAS_GEOCODER = (
    {
        "BACKEND": "opendata.imports.geocoding.NominatimGeocoder",
        "OPTIONS": {
            "url": os.environ["GEOCODER_URL"],
            "user_agent": os.environ.get(
                "GEOCODER_USER_AGENT", f"SocialTechAtlas/1.0 (+{WAGTAILADMIN_BASE_URL})"
            ),
            "email": os.environ.get("GEOCODER_EMAIL", ""),
            "timeout": float(os.environ.get("GEOCODER_TIMEOUT", "10")),
        },
    }
    if os.environ.get("GEOCODER_URL")
    else None
)

# Re-imports download partners' files from their URL: never from a private or local network
# address (the Atlas's own servers), unless FETCH_PRIVATE_ADDRESSES says a partner is there.
ATLAS_FETCH_PRIVATE_ADDRESSES = env_bool("FETCH_PRIVATE_ADDRESSES", False)

# --- Giving back: the Murmurations index (opendata.murmurations) ---
# Every live organisation has a Murmurations profile (organizations_schema-v1.0.0) at
# /open-data/murmurations/<atlas id>.json. With MURMURATIONS_INDEX_URL (e.g.
# https://index.murmurations.network, or the test index https://test-index.murmurations.network)
# the Atlas registers each profile there when it is published, and deletes it from the index when
# the organisation is unpublished, merged, deleted or erased. Unset (the default): no request.
MURMURATIONS_INDEX_URL = os.environ.get("MURMURATIONS_INDEX_URL", "").rstrip("/")

# --- Login brute-force lockout (django-axes) ---
# After AXES_FAILURE_LIMIT failed logins for one username from one address, that pair is locked
# out for AXES_COOLOFF_TIME hours.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_TIME", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # no record of successful logins: data minimisation
AXES_CLIENT_STR_CALLABLE = "moderation.security.anonymous_client_str"
# Behind a reverse proxy, set AXES_IPWARE_PROXY_COUNT so that the client's address is used.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_IPWARE_PROXY_COUNT", "0")) or None

# --- Moderation: public forms and invitations ---
# Proposals and claims accepted per client address and per hour (each form counted apart), by
# django-ratelimit (moderation.protection).
ATLAS_PROPOSAL_RATE_LIMIT = int(os.environ.get("ATLAS_PROPOSAL_RATE_LIMIT", "5"))
# Reverse proxies in front of the Atlas that append to X-Forwarded-For: the client is the Nth
# address from its right (0: the connecting address, REMOTE_ADDR). django-ratelimit's own "ip"
# key reads it the same way.
ATLAS_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
RATELIMIT_IP_META_KEY = "moderation.protection.client_address"
RATELIMIT_USE_CACHE = "default"  # files or Redis: shared by every process
# Django's file and database caches increment by get + set, and that set gives the entry the
# cache's default TIMEOUT (5 minutes) again: a client's count would be forgotten five minutes
# after its last submission instead of at the end of its hour. Redis and Memcached increment in
# place and keep the entry's own expiry.
CACHES[RATELIMIT_USE_CACHE].setdefault("TIMEOUT", 60 * 60 + 60)
# Lifetime of an invitation's set-password link, in seconds (a week).
ATLAS_INVITATION_TIMEOUT = int(os.environ.get("ATLAS_INVITATION_TIMEOUT", str(7 * 24 * 3600)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Living data (issue 15) ---
# An organisation is "fresh" until AGEING months after its last verification, "ageing" until
# STALE months, then "stale" (directory.freshness).
ATLAS_FRESHNESS_AGEING_MONTHS = int(os.environ.get("ATLAS_FRESHNESS_AGEING_MONTHS", "12"))
ATLAS_FRESHNESS_STALE_MONTHS = int(os.environ.get("ATLAS_FRESHNESS_STALE_MONTHS", "24"))
# Renewal reminders (moderation.renewal): at most one per period while ageing, and a last one
# in the final days before the entry turns stale; the signed links expire after LINK_DAYS.
ATLAS_RENEWAL_PERIOD_DAYS = int(os.environ.get("ATLAS_RENEWAL_PERIOD_DAYS", "120"))
ATLAS_RENEWAL_LAST_NOTICE_DAYS = int(os.environ.get("ATLAS_RENEWAL_LAST_NOTICE_DAYS", "30"))
ATLAS_RENEWAL_LINK_DAYS = int(os.environ.get("ATLAS_RENEWAL_LINK_DAYS", "60"))
# Follows (following/): unconfirmed addresses are purged after this many days.
ATLAS_FOLLOW_UNCONFIRMED_DAYS = 7


# --- Page cache (atlas_site.page_cache) and a CDN or reverse proxy in front ---
# Anonymous readers' pages are kept in the cache above (Redis or the file cache) and purged by
# tags; ATLAS_PAGE_CACHE=0 turns it off.
ATLAS_PAGE_CACHE = env_bool("ATLAS_PAGE_CACHE", True)
ATLAS_PAGE_CACHE_TIMEOUT = int(os.environ.get("ATLAS_PAGE_CACHE_TIMEOUT", str(24 * 60 * 60)))
# A CDN or reverse proxy that accepts HTTP PURGE (Varnish, nginx with a purge module…): Wagtail
# purges a published page's URLs there, and the page cache the pages listing it (README).
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }
