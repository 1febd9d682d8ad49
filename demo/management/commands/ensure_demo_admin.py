import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from core.groups import MODERATORS


class Command(BaseCommand):
    help = "Create the demo administrator for a local atlas (refused when DEBUG is off)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo administrator is only for local development (DEBUG on).")
        username = os.environ.get("DEMO_ADMIN_USERNAME", "admin")
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "atlas-demo-2026")
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": "admin@example.org", "is_staff": True}
        )
        if created:
            user.is_superuser = True
            user.set_password(password)
            user.save()
        # A moderator, so that claims, proposals and Profile reviews reach someone in the demo
        # (Wagtail notifies the Moderators group, which is otherwise empty).
        moderator, moderator_created = User.objects.get_or_create(
            username="moderator", defaults={"email": "moderator@example.org"}
        )
        if moderator_created:
            moderator.set_password(password)
            moderator.save()
        moderator.groups.add(Group.objects.get_or_create(name=MODERATORS)[0])
        self.stdout.write(
            self.style.SUCCESS(
                "\n  Social Tech Atlas: http://127.0.0.1:8000/\n"
                f"  Admin: http://127.0.0.1:8000/admin/  login {username!r}"
                + (
                    f", password {password!r}\n"
                    if created
                    else " (existing account, password unchanged)\n"
                )
                + "  Moderator: login 'moderator'"
                + (
                    f", password {password!r}\n"
                    if moderator_created
                    else " (existing account, password unchanged)\n"
                )
            )
        )
