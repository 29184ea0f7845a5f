"""After restoring the database by other means (a provider's point-in-time recovery): erase again."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from inbox import erasure_replay


class Command(BaseCommand):
    help = (
        "Remove again every request the erasure log (erasure-log/ in the private bucket) recorded at or after "
        "--since: run it after any restore of the database that `manage.py restore` did not do itself."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since", required=True,
            help="The time the restored database is from, ISO 8601 with a zone (2026-12-01T01:30:00+03:00); "
            "give it a little early: replaying a removal that is already done changes nothing.",
        )  # fmt: skip

    def handle(self, *args, since, **options):
        try:
            moment = datetime.datetime.fromisoformat(since)
        except ValueError:
            raise CommandError("--since must be an ISO 8601 time, e.g. 2026-12-01T01:30:00+03:00") from None
        if moment.tzinfo is None:
            raise CommandError("--since needs a time zone (e.g. +03:00 for Riyadh, or Z for UTC)")
        report = erasure_replay.replay(moment)
        self.stdout.write(
            f"{report.records} record(s) since {moment.isoformat()}: {len(report.removed)} request(s) removed again, "
            f"{report.absent} already absent, {report.other_request} left alone (the id now belongs to another request)"
        )
        for subject, counts in report.subjects.items():
            self.stdout.write(f"{subject}: " + ", ".join(f"{count} {outcome}" for outcome, count in counts.items()))
        if report.other_request:
            self.stderr.write(
                "Records whose request now has other details were left alone. Right after a restore that means "
                "DJANGO_SECRET_KEY changed: put the old key in DJANGO_SECRET_KEY_FALLBACKS and run this again."
            )
        others_failed = report.total("failed") + report.total("unknown")
        if report.failed or others_failed:
            if not report.failed:
                raise CommandError(f"{others_failed} other record(s) could not be replayed (run again)")
            ids = ", ".join(str(pk) for pk in report.failed)
            raise CommandError(f"{len(report.failed)} request(s) could not be removed (run again): {ids}")
