"""Production settings pass Django's deployment checks, and refuse to start without a secret."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

MANAGE = str(settings.BASE_DIR / "manage.py")


def run_manage(*args, **env):
    # A clean environment, as on a server: nothing leaks in from the test run (other tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE for the browser, which check --deploy rightly refuses).
    environment = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    environment.update(DJANGO_SETTINGS_MODULE="atlas_site.settings.production", **env)
    return subprocess.run(
        [sys.executable, MANAGE, *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=settings.BASE_DIR,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="atlas.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="atlas.example.org")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr
