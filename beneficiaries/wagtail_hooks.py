from wagtail import hooks

from beneficiaries import documents, missing_documents
from beneficiaries.panels import family_summary
from beneficiaries.views import BeneficiaryFileViewSet


@hooks.register("register_admin_viewset")
def register_beneficiary_files():
    return BeneficiaryFileViewSet("beneficiaries")


hooks.register("inbox_case_panels", family_summary)
hooks.register("inbox_missing_documents", missing_documents.documents_to_ask)


@hooks.register("register_log_actions")
def register_document_log_actions(actions):
    for action, (label, message) in documents.LOG_ACTIONS.items():
        actions.register_action(action, label, message)
