"""python manage.py import_association DIR"""

from django.core.management.base import BaseCommand, CommandError

from hosting.transfer.exporting import TransferRefused
from hosting.transfer.importing import import_association


class Command(BaseCommand):
    help = "Restore an association exported by export_association into this deployment (same version)."

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, **options):
        try:
            loaded = import_association(options["directory"])
        except TransferRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(
            f"Imported {loaded['domain']}: {sum(loaded['counts'].values())} rows, {len(loaded['files'])} files "
            f"in {loaded['seconds']} s"
        )
