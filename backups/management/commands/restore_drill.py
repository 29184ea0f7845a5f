"""Run monthly (or after every change to the backup set-up): prove that the latest backup restores."""

import os

from django.core.management.base import BaseCommand, CommandError

from backups.drill import run_drill
from backups.restore import Result, describe


class Command(BaseCommand):
    help = (
        "Restore a backup (the latest by default) into a fresh database and fresh buckets beside the site, verify "
        "every page, request and attachment against the backup and the live site, move associations through "
        "export and import into another fresh database and compare, then drop them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="location", help="Where the backups are (default: $BACKUP_LOCATION).")
        parser.add_argument("--set", dest="name", help="Which backup (its folder name; default: the latest).")
        parser.add_argument("--keep", action="store_true", help="Keep the restored database and buckets to look at.")
        parser.add_argument("--database-url", help="An empty database to restore into (default: one is created).")
        parser.add_argument("--buckets", help="Two empty buckets, public,private (default: two are created).")
        parser.add_argument(
            "--association", action="append", dest="associations", metavar="DOMAIN",
            help="Move this association through export and import (repeatable; default: every association but "
            "the default one, or the default one when it is alone).",
        )  # fmt: skip
        parser.add_argument("--no-associations", action="store_true", help="Skip the export and import step.")
        parser.add_argument(
            "--association-database-url",
            help="An empty database for the export and import step (default: one is created), not the restore's.",
        )
        parser.add_argument(
            "--association-buckets",
            help="Two empty buckets for the export and import step, public,private (default: two are created).",
        )

    def handle(self, *args, location=None, name=None, keep=False, database_url=None, buckets=None, **options):
        associations = [] if options.get("no_associations") else options.get("associations")
        location = location or os.environ.get("BACKUP_LOCATION", "").strip()
        if not location:
            raise CommandError("Say where the backups are: --from s3://bucket/prefix or a folder, or BACKUP_LOCATION.")
        step_database_url, step_buckets = options.get("association_database_url"), options.get("association_buckets")
        for option, names in (("--buckets", buckets), ("--association-buckets", step_buckets)):
            if names and len(names.split(",")) != 2:
                raise CommandError(f"{option} takes two names: public,private")
        if associations == [] and (step_database_url or step_buckets):
            raise CommandError("--no-associations skips the step its database and buckets are named for: choose one.")
        try:
            summary = run_drill(
                location, name, keep=keep, database_url=database_url,
                buckets=buckets.split(",") if buckets else None, associations=associations,
                association_database_url=step_database_url,
                association_buckets=step_buckets.split(",") if step_buckets else None, log=self.stdout.write,
            )  # fmt: skip
        except (RuntimeError, FileNotFoundError) as error:
            raise CommandError(f"Restore drill failed: {error}") from error
        where = summary.pop("restored_into")
        for line in describe(Result(**summary)):
            self.stdout.write(line)
        moved = where.pop("associations_into")
        if where["kept"]:
            self.stdout.write(f"Kept: database {where['database']}, buckets {', '.join(where['buckets'])}")
            if moved:
                buckets = ", ".join(moved["buckets"])
                self.stdout.write(f"Kept for associations: database {moved['database']}, buckets {buckets}")
        if summary["errors"]:
            raise CommandError(f"Restore drill of {summary['name']} failed: {len(summary['errors'])} problem(s).")
        self.stdout.write(f"Restore drill of {summary['name']} passed")
