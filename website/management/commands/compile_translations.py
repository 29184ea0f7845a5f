"""Build the .mo files from locale/*/LC_MESSAGES/*.po.

Django's own `compilemessages` needs GNU gettext's `msgfmt`, which a fresh
machine may not have; polib (already installed with wagtail-localize) writes
the same files in pure Python, so the set-up command needs no system package.
"""

import re
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile the project's .po translation catalogues into .mo files."

    def handle(self, *args, **options):
        compiled = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                catalogue = polib.pofile(str(po_path))
                broken = [entry.msgid for entry in catalogue if entry.msgstr and not _same_placeholders(entry)]
                if broken:
                    raise CommandError(f"{po_path}: placeholders differ in: {broken[:3]}")
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                compiled += 1
                self.stdout.write(f"{po_path}: {len(catalogue.translated_entries())} strings")
        if not compiled:
            raise CommandError("No .po files found under LOCALE_PATHS.")


def _same_placeholders(entry: polib.POEntry) -> bool:
    """A translation must keep every %(name)s / {name} placeholder of its source."""
    pattern = re.compile(r"%\(\w+\)[sd]|\{\{?\s*\w+\s*\}?\}")
    if entry.msgid_plural:
        return True
    return sorted(pattern.findall(entry.msgid)) == sorted(pattern.findall(entry.msgstr))
