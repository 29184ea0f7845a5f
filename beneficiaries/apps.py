from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from core import content_version
from inbox.signals import case_moved


class BeneficiariesConfig(AppConfig):
    """The family's file across its requests: household, income, documents, deliveries, verification."""

    name = "beneficiaries"
    label = "beneficiaries"
    verbose_name = _("Beneficiary files")

    def ready(self):
        from beneficiaries import documents, linking  # noqa: PLC0415 -- import models: registry not ready yet
        from beneficiaries.models import (  # noqa: PLC0415 -- models: the app registry is not ready at module level
            FileDocument,
            FileRetentionSettings,
            Fund,
            VerificationSettings,
        )
        from inbox.models import Case  # noqa: PLC0415 -- a model: app registry not ready at module level

        post_save.connect(linking.link_on_arrival, sender=Case, dispatch_uid="beneficiaries.link_on_arrival")
        post_delete.connect(
            documents.remove_stored_file, sender=FileDocument, dispatch_uid="beneficiaries.remove_stored_file"
        )
        case_moved.connect(linking.follow_the_move, dispatch_uid="beneficiaries.follow_the_move")
        # A site setting and a snippet, kept per worker like every other (rarely saved: one new version a change).
        content_version.watch(VerificationSettings, FileRetentionSettings, Fund)
