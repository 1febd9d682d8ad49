from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared base every other app builds on: no pages, no tables."""

    name = "core"

    def ready(self):
        from core import signals, structure  # noqa: F401

        structure.install()
