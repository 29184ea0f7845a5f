from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from core import content_version


class InboxConfig(AppConfig):
    """Staff work every request through the policy's procedure to an answer, on time."""

    name = "inbox"
    label = "inbox"
    verbose_name = _("Inbox")

    def ready(self):
        # apps.py is imported while the app registry fills: models can be imported only from here on.
        from forms.models import Submission  # noqa: PLC0415 -- a model: app registry not ready at module level
        from inbox import services  # noqa: PLC0415 -- imports the inbox's models
        from inbox.message_templates import templates_for_new_association  # noqa: PLC0415 -- imports models
        from inbox.models import InboxSettings, MessageTemplate  # noqa: PLC0415 -- models: registry not ready before
        from organisation.models import Association  # noqa: PLC0415 -- a model: app registry not ready before

        post_save.connect(services.open_case_for, sender=Submission, dispatch_uid="inbox.open_case")
        # A new association starts with the default message templates.
        post_save.connect(templates_for_new_association, sender=Association, dispatch_uid="inbox.default_templates")
        # Workers keep templates (inbox.messages) and settings: saving one changes the content version.
        content_version.watch(MessageTemplate, InboxSettings)
