from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.core import checks
from django.utils.translation import gettext_lazy as _


class StaffSecurityConfig(AppConfig):
    """A second factor (TOTP) for staff who can see requests, and their sessions' idle timeout."""

    name = "staff_security"
    label = "staff_security"
    verbose_name = _("Staff sign-in security")

    def ready(self):
        from staff_security import development, sessions  # noqa: PLC0415 -- django-otp models: registry not ready

        user_logged_in.connect(sessions.password_step_done, dispatch_uid="staff_security.password_step_done")
        # The development sign-in codes (staff_security/development.py) never leave development.
        checks.register(development.check_only_with_debug, checks.Tags.security)
        checks.register(development.check_never_deployed, checks.Tags.security, deploy=True)
