from wagtail import hooks

from beneficiaries.panels import family_summary
from beneficiaries.views import BeneficiaryFileViewSet


@hooks.register("register_admin_viewset")
def register_beneficiary_files():
    return BeneficiaryFileViewSet("beneficiaries")


hooks.register("inbox_case_panels", family_summary)
