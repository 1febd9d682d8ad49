from django.apps import AppConfig


class AtlasSiteConfig(AppConfig):
    name = "atlas_site"
    verbose_name = "Social Tech Atlas"

    def ready(self):
        from atlas_site import signals, site  # noqa: F401  (connect their receivers)
