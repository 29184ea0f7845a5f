"""manage.py import_policy FILE [--locale ar]: a draft PolicyPage from a .txt or .docx."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from policies.importer import PolicyImportError, import_file


class Command(BaseCommand):
    help = "Create a draft policy page from a .txt or .docx policy document."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--locale", default="ar", help="The document's language (default: ar).")

    def handle(self, *args, file: Path, locale: str, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            page, parsed = import_file(file.read_bytes(), file.name, locale)
        except PolicyImportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Draft created: {page.title} (page {page.pk})"))
        self.stdout.write("Recognised: " + ", ".join(parsed.recognised))
        for key, value in parsed.approval.items():
            self.stdout.write(f"  {key}: {value}")
        for warning in parsed.warnings:
            self.stdout.write(self.style.WARNING(warning))
