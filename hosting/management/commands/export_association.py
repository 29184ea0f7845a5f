"""python manage.py export_association DOMAIN --to DIR"""

from django.core.management.base import BaseCommand, CommandError

from hosting.transfer.exporting import TransferRefused, export_association


class Command(BaseCommand):
    help = "Write everything of the association on DOMAIN (rows, files, manifest.json with sha256) into DIR."

    def add_arguments(self, parser):
        parser.add_argument("domain")
        parser.add_argument("--to", required=True, dest="directory", help="A new or empty directory.")

    def handle(self, *args, **options):
        try:
            written = export_association(options["domain"], options["directory"])
        except TransferRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(
            f"Exported {written['domain']}: {sum(written['counts'].values())} rows, {len(written['files'])} files "
            f"in {written['seconds']} s to {options['directory']}"
        )
        if written["missing_files"]:
            self.stderr.write(f"{len(written['missing_files'])} files named by rows were not in storage (listed).")
        if written["shared_users"]:
            self.stdout.write(f"Users shared with the deployment: {', '.join(written['shared_users'])}")
