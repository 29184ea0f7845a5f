"""manage.py import_policy FILE [--locale ar]: a draft PolicyPage from a .txt, .docx or .pdf policy."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from policies.importer import MAX_BYTES, PolicyImportError, import_file, report_lines


class Command(BaseCommand):
    help = "Create a draft policy page from a .txt, .docx or .pdf policy document, and report what was read."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--locale", default="ar", help="The document's language (default: ar).")

    def handle(self, *args, file: Path, locale: str, **options):
        try:
            if not file.is_file():
                raise PolicyImportError(_("No such file: %(path)s") % {"path": file})
            if file.stat().st_size > MAX_BYTES:  # checked before reading it into memory
                raise PolicyImportError(_("The file is larger than 20 MB, too large for a policy document."))
            data = file.read_bytes()
            page, parsed = import_file(data, file.name, locale)
        except OSError as error:
            raise CommandError(_("The file cannot be read: %(reason)s") % {"reason": error.strerror}) from error
        except PolicyImportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(_("Draft created: %(title)s (page %(id)d)") % {"title": page.title, "id": page.pk})
        )
        for level, line in report_lines(parsed):
            self.stdout.write(self.style.WARNING(line) if level == "warning" else line)
