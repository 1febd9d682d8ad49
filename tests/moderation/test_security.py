"""Account security: login lockout, password rules, production cookies and email, quiet logs."""

import logging
import os
import subprocess
import sys

from django.conf import settings as django_settings
from django.urls import reverse

import pytest

from tests.moderation.conftest import PASSWORD

LOGIN_URL = "/admin/login/"


@pytest.fixture
def axes_reset(db):
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()
    yield
    AccessAttempt.objects.all().delete()


def login(client, username, password, address="192.0.2.10"):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_admin_login_works_with_the_right_password(client, atlas, axes_reset):
    response = login(client, "editor_a", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_repeated_failures_lock_the_account_out_from_that_address(
    client, atlas, axes_reset, caplog
):
    caplog.set_level(logging.DEBUG)
    limit = django_settings.AXES_FAILURE_LIMIT
    for _attempt in range(limit):
        response = login(client, "editor_a", "wrong password")
    assert response.status_code == 429
    # Even the right password is refused during the lockout, and nobody is logged in.
    response = login(client, "editor_a", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # The lockout is for this username from this address, not for everyone.
    response = login(client, "editor_a", PASSWORD, address="198.51.100.7")
    assert response.status_code == 302
    # No personal data in the logs: neither the username nor the address.
    assert "editor_a" not in caplog.text
    assert "192.0.2.10" not in caplog.text


def test_failed_logins_below_the_limit_do_not_lock(client, atlas, axes_reset):
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "editor_b", "wrong password").status_code == 200
    assert login(client, "editor_b", PASSWORD).status_code == 302


def test_django_password_validators_are_on():
    names = {v["NAME"].rsplit(".", 1)[-1] for v in django_settings.AUTH_PASSWORD_VALIDATORS}
    assert {"MinimumLengthValidator", "CommonPasswordValidator"} <= names


def test_public_forms_log_no_personal_data(client, atlas, caplog):
    from django.core.cache import cache

    cache.clear()
    caplog.set_level(logging.DEBUG)
    client.post(
        reverse("moderation:claim", args=[atlas.org_a.pk]),
        {
            "name": "Private Person",
            "role": "Member",
            "email": "private.person@example.org",
            "consent": "on",
        },
    )
    assert "private.person" not in caplog.text
    assert "Private Person" not in caplog.text


def _settings_in(module, **env):
    code = (
        "import django, json; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.EMAIL_BACKEND, settings.AXES_FAILURE_LIMIT]))"
    )
    environment = {
        **{k: v for k, v in os.environ.items() if k != "EMAIL_BACKEND"},
        "DJANGO_SETTINGS_MODULE": module,
        "SECRET_KEY": "x" * 50,
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout.strip().splitlines()[-1]


def test_production_has_secure_cookies_and_smtp_email():
    out = _settings_in("atlas_site.settings.production")
    assert out.startswith("[true, true, ")
    assert "smtp.EmailBackend" in out


def test_development_sends_email_to_the_console():
    assert "console.EmailBackend" in _settings_in("atlas_site.settings.dev")
