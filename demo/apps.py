from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo atlas: its organisations and stories, and the commands that build it."""

    name = "demo"
