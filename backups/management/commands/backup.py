"""Run daily from the backup timer: dump the database and copy both buckets, with a manifest."""

import os

from django.core.management.base import BaseCommand, CommandError

from backups.backup import SourceDamaged, take_backup
from backups.stores import Store


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, custom format) and both buckets to BACKUP_LOCATION (s3://bucket/prefix "
        "or a folder), with a manifest of SHA-256 sums and of every page, request and attachment."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", dest="location", help="Where to write (default: $BACKUP_LOCATION).")

    def handle(self, *args, location=None, **options):
        location = location or os.environ.get("BACKUP_LOCATION", "").strip()
        if not location:
            raise CommandError("Say where the backup goes: --to s3://bucket/prefix (or a folder), or BACKUP_LOCATION.")
        try:
            manifest = take_backup(Store.parse(location), log=self.stdout.write)
        except SourceDamaged as damaged:
            # The set is complete; what it copied is damaged at the source. Fail, so the timer reports it.
            lines = "\n".join(f"  - {warning}" for warning in damaged.manifest["warnings"])
            name = damaged.manifest["name"]
            raise CommandError(f"Backup {name} written, but the site is damaged:\n{lines}") from None
        except (FileExistsError, OSError, RuntimeError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup {manifest['name']} complete")
