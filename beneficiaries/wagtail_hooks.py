from wagtail import hooks

from beneficiaries import audit, documents, missing_documents, reminders
from beneficiaries.models import BeneficiaryFile, FileLogEntry
from beneficiaries.panels import family_summary
from beneficiaries.views import BeneficiaryFileViewSet


@hooks.register("register_admin_viewset")
def register_beneficiary_files():
    return BeneficiaryFileViewSet("beneficiaries")


@hooks.register("register_log_actions")
def register_file_log_actions(actions):
    audit.register_actions(actions)
    # A file's entries go to their own log model, listed only to those who may read family files.
    actions.register_model(BeneficiaryFile, FileLogEntry)


hooks.register("inbox_case_panels", family_summary)
hooks.register("inbox_message_placeholders", reminders.verification_placeholders)
hooks.register("inbox_missing_documents", missing_documents.documents_to_ask)


@hooks.register("register_log_actions")
def register_document_log_actions(actions):
    for action, (label, message) in documents.LOG_ACTIONS.items():
        actions.register_action(action, label, message)
