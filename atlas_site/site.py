"""The default Wagtail Site's host and port, from the configuration (SITE_URL).

Wagtail builds every absolute URL (page.full_url: JSON-LD, the sitemap, feeds, emails) from the
Site's hostname and port, which live in the database; the demo's Site says localhost. With
SITE_URL set, each `migrate` (so `make serve` and every deployment) sets them from it.
"""

from django.conf import settings
from django.db.models.signals import post_migrate
from django.dispatch import receiver


def configure_default_site(stdout=None):
    """Set the default Site's hostname and port from SITE_URL; returns the Site changed."""
    from wagtail.models import Site

    if not settings.SITE_URL:
        return None
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None  # no site yet: the seed creates it from the same settings
    if (site.hostname, site.port) == (settings.SITE_HOSTNAME, settings.SITE_PORT):
        return None
    site.hostname, site.port = settings.SITE_HOSTNAME, settings.SITE_PORT
    site.save(update_fields=["hostname", "port"])
    if stdout is not None:
        stdout.write(f"Default site: {site.root_url}\n")
    return site


@receiver(post_migrate)
def default_site_from_configuration(sender, app_config=None, using="default", **kwargs):
    # Once per migrate, after Wagtail's own tables exist.
    if app_config is not None and app_config.label == "wagtailcore":
        configure_default_site()
