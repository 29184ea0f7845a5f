"""python manage.py remove_association DOMAIN --export DIR"""

from django.core.management.base import BaseCommand, CommandError

from hosting.transfer.exporting import TransferRefused
from hosting.transfer.removal import remove_association


class Command(BaseCommand):
    help = (
        "Remove the association on DOMAIN from this deployment, its rows and files, only when DIR holds its "
        "export made since its last change (export_association DOMAIN --to DIR)."
    )

    def add_arguments(self, parser):
        parser.add_argument("domain")
        parser.add_argument("--export", required=True, dest="directory")

    def handle(self, *args, **options):
        try:
            removed = remove_association(options["domain"], options["directory"])
        except TransferRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(f"Removed {options['domain']}: {sum(removed.values())} rows.")
