"""`manage.py ensure_demo_admin` (run by `make run`): a local administrator, never in production."""

from io import StringIO

from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def local(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_ADMIN_USERNAME", "demo")
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "demo-password")


def ensure_demo_admin():
    out = StringIO()
    call_command("ensure_demo_admin", stdout=out)
    return out.getvalue()


def test_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only for local development"):
        ensure_demo_admin()
    assert not User.objects.exists()


def test_creates_an_administrator_who_can_open_the_admin(local, client):
    output = ensure_demo_admin()
    assert "login 'demo', password 'demo-password'" in output
    assert client.login(username="demo", password="demo-password")
    assert client.get("/admin/").status_code == 200


def test_a_second_run_keeps_the_password_the_administrator_chose(local, client):
    ensure_demo_admin()
    admin = User.objects.get(username="demo")
    admin.set_password("chosen-later")
    admin.save()
    output = ensure_demo_admin()
    assert "existing account, password unchanged" in output
    assert "demo-password" not in output
    assert User.objects.filter(username="demo").count() == 1
    assert client.login(username="demo", password="chosen-later")


def test_creates_a_moderator_so_that_claims_reach_someone(local, client):
    output = ensure_demo_admin()
    assert "Moderator: login 'moderator', password 'demo-password'" in output
    moderator = User.objects.get(username="moderator")
    assert moderator.groups.filter(name="Moderators").exists()
    assert not moderator.is_superuser
    assert client.login(username="moderator", password="demo-password")
    assert client.get("/admin/").status_code == 200
    ensure_demo_admin()
    assert User.objects.filter(username="moderator").count() == 1
