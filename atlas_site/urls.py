import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from django.views.static import serve

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from atlas_site import views
from atlas_site.sitemaps import AtlasSitemap

handler500 = "atlas_site.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": AtlasSitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("following.api_urls")),
    path("", include("opendata.urls")),
]

if settings.MEDIA_URL.startswith("/"):
    # Image renditions (public: every page shows them) are served by the site when nothing in
    # front of it does (make serve, a small setup); a reverse proxy may serve them first. Never
    # documents (private collections: Wagtail's serve view only) nor original images.
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}images/(?P<path>[^/]+)$",
            views.image_rendition,
            name="image_rendition",
        )
    ]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # The admin's links to original images, in development only.
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>original_images/[^/]+)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += i18n_patterns(
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("directory.urls")),
    path("", include("moderation.urls")),
    path("", include("following.urls")),
    path("", include(wagtail_urls)),
)
