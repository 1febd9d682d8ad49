"""`manage.py erase_person EMAIL`: erase what the Atlas keeps of a person's address (GDPR 17).

The organisation side of erasure is the admin's "Erase (GDPR)" button; this is the person side:
every app that keeps an address (follows of searches, …) deletes its records of it.
"""

from django.core.management.base import BaseCommand, CommandError

from opendata.gdpr import erase_person


class Command(BaseCommand):
    help = "Erase every record of a person's email address (follows of searches, …)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if "@" not in email:
            raise CommandError("Give an email address.")
        results = erase_person(email)
        total = sum(results.values())
        self.stdout.write(
            f"Erased {total} record(s): "
            + ", ".join(f"{name}: {count}" for name, count in sorted(results.items()))
        )
