"""Report, per shipped language, the interface strings that are missing, untranslated or fuzzy.

The strings are extracted afresh (makemessages, into a copy of the catalogues) so that a string
added to the code but never put in a catalogue counts as missing. Exits with an error when any
shipped language lacks a string, unless --report-only.
"""

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

import polib

IGNORED = ["node_modules", ".venv", "var", "tests", "benchmarks"]


class Command(BaseCommand):
    help = "Check that every shipped language translates every interface string."

    def add_arguments(self, parser):
        parser.add_argument("--report-only", action="store_true", help="Report, but never fail.")
        parser.add_argument("--limit", type=int, default=10, help="Strings listed per language.")

    def handle(self, report_only=False, limit=10, **options):
        source = Path(settings.LOCALE_PATHS[0])
        languages = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
        catalogues = {code: source / code / "LC_MESSAGES" / "django.po" for code in languages}
        # makemessages writes into the project's catalogues: keep them as they were, and read
        # the freshly extracted copies.
        kept = {code: path.read_bytes() for code, path in catalogues.items() if path.exists()}
        problems = 0
        with tempfile.TemporaryDirectory() as folder:
            try:
                call_command(
                    "makemessages",
                    locale=languages,
                    ignore_patterns=IGNORED,
                    no_obsolete=True,
                    verbosity=0,
                )
                for code, path in catalogues.items():
                    if path.exists():
                        shutil.copy(path, Path(folder) / f"{code}.po")
            finally:
                for code, path in catalogues.items():
                    if code in kept:
                        path.write_bytes(kept[code])
                    elif path.exists():
                        path.unlink()
            for code in languages:
                problems += self._report(code, Path(folder) / f"{code}.po", limit)
        if problems and not report_only:
            raise CommandError(f"{problems} interface strings are not translated (see above).")

    def _report(self, language, path, limit):
        if not path.exists():
            self.stdout.write(f"{language}: no catalogue (locale/{language}/LC_MESSAGES/django.po)")
            return 1
        catalogue = polib.pofile(str(path))
        untranslated = catalogue.untranslated_entries()
        fuzzy = catalogue.fuzzy_entries()
        total = len([entry for entry in catalogue if not entry.obsolete])
        self.stdout.write(
            f"{language}: {total} strings, {len(untranslated)} untranslated, {len(fuzzy)} fuzzy"
        )
        for entry in (untranslated + fuzzy)[:limit]:
            where = entry.occurrences[0][0] if entry.occurrences else ""
            self.stdout.write(f"    {entry.msgid[:70]!r} ({where})")
        return len(untranslated) + len(fuzzy)
