from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _


class StaffSecurityConfig(AppConfig):
    """A second factor (TOTP) for staff who can see requests, and their sessions' idle timeout."""

    name = "staff_security"
    label = "staff_security"
    verbose_name = _("Staff sign-in security")

    def ready(self):
        from staff_security import sessions  # noqa: PLC0415 -- imports django-otp's models: registry not ready before

        user_logged_in.connect(sessions.password_step_done, dispatch_uid="staff_security.password_step_done")
