"""Run from cron daily: tell administrators what in the disclosure list became due or out of date."""

from django.core.management.base import BaseCommand

from governance.notifications import check_and_notify


class Command(BaseCommand):
    help = "Check the disclosure list and email administrators about items newly due, out of date or missing."

    def handle(self, *args, **options):
        count = check_and_notify()
        self.stdout.write(f"{count} disclosure item(s) announced")
