from django.core.management.base import BaseCommand

from inbox.tasks import send_overdue_reminders


class Command(BaseCommand):
    help = "Email each assignee the list of their overdue requests (run daily from cron)."

    def handle(self, *args, **options):
        sent = send_overdue_reminders()
        self.stdout.write(f"{sent} reminder(s) sent")
