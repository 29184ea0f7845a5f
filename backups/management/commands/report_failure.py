"""Called by systemd (website-failure@.service) when a scheduled command fails: tell the administrators."""

import socket

from django.core.mail import mail_admins
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Email DJANGO_ADMINS that a systemd unit failed (its name and how to read its log, not the log)."

    def add_arguments(self, parser):
        parser.add_argument("unit", help="The unit that failed, e.g. website-backup.service")

    def handle(self, *args, unit, **options):
        host = socket.gethostname()
        mail_admins(
            f"{unit} failed on {host}",
            f"The scheduled job {unit} failed on {host}.\n\n"
            f"Read why on the server:  journalctl -u {unit} --since today\n"
            f"Run it again:            systemctl start {unit}\n\n"
            "docs/deploy.md (What to watch) says what each job does.",
            fail_silently=False,
        )
        self.stdout.write(f"Reported the failure of {unit}")
