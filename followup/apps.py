from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from inbox.signals import case_moved, personal_link_renewed


class FollowupConfig(AppConfig):
    """Applicants follow their requests and rate the service; staff see the numbers."""

    name = "followup"
    label = "followup"
    verbose_name = _("Follow-up and satisfaction")

    def ready(self):
        from followup import receivers  # noqa: PLC0415 -- it loads models: only once the app registry is ready

        case_moved.connect(receivers.invite_to_survey, dispatch_uid="followup.invite_to_survey")
        personal_link_renewed.connect(receivers.send_survey_link_again, dispatch_uid="followup.survey_link_again")
