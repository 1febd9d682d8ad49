"""The sitemap, in every language."""

from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from directory.models import OrganisationPage


class AtlasSitemap(Sitemap):
    """Wagtail's sitemap lists the site root's descendants only, i.e. the English tree; the
    French home is the root's translation, a sibling, so its pages were missing."""

    def items(self):
        root = self.get_wagtail_site().root_page
        in_any_tree = Q()
        for translated_root in Page.objects.filter(translation_key=root.translation_key):
            in_any_tree |= Q(path__startswith=translated_root.path)
        return (
            Page.objects.filter(in_any_tree)
            .live()
            .public()
            # Archived organisations answer 410 Gone: not listed.
            .exclude(pk__in=OrganisationPage.objects.filter(archived_at__isnull=False).values("pk"))
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
