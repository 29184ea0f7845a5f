from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    """Staff work every request through the policy's procedure to an answer, on time."""

    name = "inbox"
    label = "inbox"
    verbose_name = _("Inbox")

    def ready(self):
        from django.db.models.signals import post_save

        from core import content_version
        from forms.models import Submission
        from inbox import services
        from inbox.models import InboxSettings, MessageTemplate

        post_save.connect(services.open_case_for, sender=Submission, dispatch_uid="inbox.open_case")
        # Workers keep templates (inbox.messages) and settings: saving one changes the content version.
        content_version.watch(MessageTemplate, InboxSettings)
