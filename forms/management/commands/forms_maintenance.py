"""Run from cron (every few minutes): retry owed notifications, sweep orphan files."""

import datetime

from django.core.management.base import BaseCommand

from forms.maintenance import send_pending_notifications, sweep_orphan_attachments


class Command(BaseCommand):
    help = "Queue pending notifications that are due and remove attachment files no submission refers to."

    def add_arguments(self, parser):
        parser.add_argument(
            "--orphan-minutes", type=int, default=60, metavar="N",
            help="Remove only orphan files older than N minutes (default 60: a submission being saved "
            "right now is never swept). 0 only while no submission can be in progress.",
        )  # fmt: skip

    def handle(self, *args, **options):
        queued = send_pending_notifications()
        removed = sweep_orphan_attachments(older_than=datetime.timedelta(minutes=options["orphan_minutes"]))
        self.stdout.write(f"Queued {queued} notification(s); removed {len(removed)} orphan file(s).")
