from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from inbox import retention


class Command(BaseCommand):
    help = (
        "Delete finished requests (every final status of their kind's lifecycle: closed, withdrawn, spam, "
        "recorded surveys) past their kind's retention period, with their files, keeping an anonymous row for "
        "statistics; then every other app's retention (family files closed or suspended past their period) "
        "(run daily from cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, help="Delete at most this many requests (and as many of each other "
                            "kind of record) in this run.")  # fmt: skip
        parser.add_argument("--dry-run", action="store_true", help="Only count the requests that are due.")

    def handle(self, *args, limit=None, dry_run=False, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be a positive number")
        now = timezone.now()
        report = retention.run(now=now, limit=limit, dry_run=dry_run)
        others = retention.run_others(now=now, limit=limit, dry_run=dry_run)
        if dry_run:
            self.stdout.write(f"{report.due} request(s) past their retention period")
            for what, other in others:
                self.stdout.write(f"{other.due} {what} past their retention period")
            return
        self.stdout.write(f"{report.deleted} request(s) deleted")
        failures = []
        if report.failed:
            ids = ", ".join(str(pk) for pk in report.failed)
            failures.append(f"{len(report.failed)} request(s) could not be deleted and were kept: {ids}")
        for what, other in others:
            self.stdout.write(f"{other.deleted} {what} erased")
            if other.failed:
                ids = ", ".join(str(pk) for pk in other.failed)
                failures.append(f"{len(other.failed)} {what} could not be erased and were kept: {ids}")
        if failures:
            # Left in place: the next run tries them again. A non-zero exit makes cron report it.
            raise CommandError("; ".join(failures))
