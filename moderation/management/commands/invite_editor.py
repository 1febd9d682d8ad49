"""Invite a person to edit an organisation's profile: `invite_editor --email A --organisation S`."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from wagtail.models import Locale

from directory.models import OrganisationPage
from moderation.invitations import invite_editor


class Command(BaseCommand):
    help = "Link an account (created if needed) to an organisation and email it an invitation."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The invited person's email address.")
        parser.add_argument(
            "--organisation", required=True, help="The organisation page's slug (default locale)."
        )

    def handle(self, *args, email, organisation, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not a valid email address: {email!r}") from error
        page = (
            OrganisationPage.objects.filter(
                slug=organisation, alias_of__isnull=True, locale=Locale.get_default()
            )
            .order_by("pk")
            .first()
        )
        if page is None:
            raise CommandError(f"No organisation with the slug {organisation!r}.")
        membership = invite_editor(email, page)
        # The address is not echoed: command output ends up in logs.
        self.stdout.write(
            f"Invitation sent; account #{membership.user_id} can edit “{page.title}”."
        )
