"""Run from cron (every few minutes): retry owed notifications, sweep orphan files."""

from django.core.management.base import BaseCommand

from forms.maintenance import send_pending_notifications, sweep_orphan_attachments


class Command(BaseCommand):
    help = "Queue pending notifications that are due and remove attachment files no submission refers to."

    def handle(self, *args, **options):
        queued = send_pending_notifications()
        removed = sweep_orphan_attachments()
        self.stdout.write(f"Queued {queued} notification(s); removed {len(removed)} orphan file(s).")
