from django.urls import path

from wagtail import hooks

from core import views


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "translations/<int:page_id>/suggest/<str:language>/",
            views.suggest_translation,
            name="core_suggest_translation",
        )
    ]
