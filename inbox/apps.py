from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    """Staff work every request through the policy's procedure to an answer, on time."""

    name = "inbox"
    label = "inbox"
    verbose_name = _("Inbox")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from forms import prepared
        from forms.models import Submission
        from inbox import services
        from inbox.models import MessageTemplate

        post_save.connect(services.open_case_for, sender=Submission, dispatch_uid="inbox.open_case")
        # Workers keep templates (inbox.messages): a saved one changes the shared version.
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(prepared.something_changed, sender=MessageTemplate, dispatch_uid=f"inbox.templates.{name}")
