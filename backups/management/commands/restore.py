"""Restore a backup into the fresh database and buckets this process's settings point at, and check it."""

import json
import os

from django.core.management.base import BaseCommand, CommandError

from backups.restore import RestoreRefused, describe, restore
from backups.stores import Store


class Command(BaseCommand):
    help = (
        "Restore a backup set into an EMPTY database and EMPTY buckets (those of DATABASE_URL and the AWS_* bucket "
        "variables), replay the erasure log, and verify every page, request and attachment (by SHA-256)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="location", help="Where the backups are (default: $BACKUP_LOCATION).")
        parser.add_argument("--set", dest="name", help="Which backup (its folder name; default: the latest).")
        parser.add_argument(
            "--erasure-log-bucket",
            help="The live (old) private bucket, if it still exists: erasures recorded there after the backup are "
            "replayed too. Reached with the site's own S3 credentials.",
        )
        parser.add_argument("--expect-database", help="Refuse unless the settings point at this database name.")
        parser.add_argument(
            "--expect-buckets", help="Refuse unless the settings point at these buckets (public,private)."
        )
        parser.add_argument("--summary", help="Also write the summary as JSON to this file.")

    def handle(self, *args, location=None, name=None, erasure_log_bucket=None, expect_database=None,
               expect_buckets=None, summary=None, **options):  # fmt: skip
        location = location or os.environ.get("BACKUP_LOCATION", "").strip()
        if not location:
            raise CommandError("Say where the backups are: --from s3://bucket/prefix or a folder, or BACKUP_LOCATION.")
        try:
            result = restore(
                Store.parse(location), name, erasure_log_bucket=erasure_log_bucket, expect_database=expect_database,
                expect_buckets=expect_buckets.split(",") if expect_buckets else None, log=self.stdout.write,
            )  # fmt: skip
        except (RestoreRefused, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        if summary:
            # For the restore drill, which prints the summary with its own checks added.
            with open(summary, "w") as handle:
                json.dump(result.as_json(), handle)
        else:
            for line in describe(result):
                self.stdout.write(line)
        if result.errors:
            raise CommandError(f"The restore of {result.name} has {len(result.errors)} problem(s): see above.")
