from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowingConfig(AppConfig):
    """Readers follow a search of the directory or the map, or a theme of stories: a digest by
    email (double opt-in, no account), an Atom feed, and a "changes since" JSON endpoint."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "following"
    verbose_name = _("Following")

    def ready(self):
        from following import signals  # noqa: F401
