"""For the last administrator who lost their phone and their recovery codes."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from staff_security import audit, policy


class Command(BaseCommand):
    help = (
        "Reset a staff member's two-step verification (a lost phone): their authenticator app and recovery "
        "codes stop working, their signed-in sessions end, and they set it up again at their next sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            account = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(_("There is no user named %(username)s.") % {"username": username}) from None
        removed = policy.remove_all(account)
        if removed:
            audit.record(audit.RESET, account, via="command")
            message = _(
                "Two-step verification of %(username)s was reset. At their next sign-in they set up an "
                "authenticator app again."
            )
        else:
            message = _("%(username)s had no two-step verification set up; nothing to reset.")
        self.stdout.write(message % {"username": username})
