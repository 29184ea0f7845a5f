from django.core.management.base import BaseCommand

from beneficiaries.reminders import send_verification_reminders


class Command(BaseCommand):
    help = "Remind beneficiary relations of family files coming due for verification, and tell the families (daily)."

    def handle(self, *args, **options):
        counts = send_verification_reminders()
        self.stdout.write(
            f"{counts['files']} file(s) coming due; {counts['families_told']} message(s) to families; "
            f"{counts['staff_emails']} email(s) to staff"
        )
