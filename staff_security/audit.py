"""Second-factor events in Wagtail's audit log (Reports → Site history).

Entries are logged on the staff member's user row, titled by its id only, and
their data holds no code, secret or name: only how a reset was made.
"""

from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log

ENROL = "staff_security.enrol"
RECOVERY_CODES = "staff_security.recovery_codes"
RECOVERY_CODE_USED = "staff_security.recovery_code_used"
TURNED_OFF = "staff_security.turned_off"
RESET = "staff_security.reset"


class EnrolFormatter(LogFormatter):
    label = _("Two-step verification: app set up")
    message = _("Set up an authenticator app for two-step verification")


class RecoveryCodesFormatter(LogFormatter):
    label = _("Two-step verification: new recovery codes")
    message = _("Made new recovery codes (the earlier ones no longer work)")


class RecoveryCodeUsedFormatter(LogFormatter):
    label = _("Two-step verification: recovery code used")
    message = _("Signed in with a recovery code")


class TurnedOffFormatter(LogFormatter):
    label = _("Two-step verification: turned off")
    message = _("Turned off two-step verification")


class ResetFormatter(LogFormatter):
    label = _("Two-step verification: reset")

    def format_message(self, log_entry):
        if (log_entry.data or {}).get("via") == "command":
            return _("Two-step verification reset with the reset_second_factor command")
        return _("Two-step verification reset by an administrator")


ACTIONS = {
    ENROL: EnrolFormatter,
    RECOVERY_CODES: RecoveryCodesFormatter,
    RECOVERY_CODE_USED: RecoveryCodeUsedFormatter,
    TURNED_OFF: TurnedOffFormatter,
    RESET: ResetFormatter,
}


def register_actions(actions):
    """For the `register_log_actions` hook."""
    for action, formatter in ACTIONS.items():
        actions.register_action(action)(formatter)


def _unwrapped(obj):
    # request.user is a lazy object (twice, with django-otp's): Wagtail finds no log model for that type.
    while isinstance(obj, LazyObject):
        if obj._wrapped is empty:
            obj._setup()
        obj = obj._wrapped
    return obj


def record(action, account, *, by=None, **data):
    """Log `action` on the staff member `account`, done by `by` (None for a command)."""
    account = _unwrapped(account)
    return log(account, action, user=_unwrapped(by), title=f"#{account.pk}", data=data)
