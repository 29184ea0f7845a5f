from django.core.management.base import BaseCommand

from inbox import escalation
from inbox.tasks import send_overdue_reminders


class Command(BaseCommand):
    help = (
        "Email each assignee the list of their overdue requests, and escalate complaints not answered on time "
        "to the supervisors, then to the executive director (run on working days from cron; running twice "
        "escalates once)."
    )

    def handle(self, *args, **options):
        sent = send_overdue_reminders()
        self.stdout.write(f"{sent} reminder(s) sent")
        report = escalation.run()
        for level, cases in report.escalated.items():
            self.stdout.write(f"{len(cases)} complaint(s) escalated to the {level} level")
        self.stdout.write(f"{report.emails} escalation email(s) sent")
