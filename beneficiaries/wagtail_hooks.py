from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from beneficiaries import audit, documents, erasure, missing_documents, personal_data, reports, retention
from beneficiaries.models import BeneficiaryFile, FileLogEntry, Fund
from beneficiaries.panels import family_summary
from beneficiaries.views import BeneficiaryFileViewSet
from beneficiaries.views_campaigns import VIEW as VIEW_CAMPAIGNS
from beneficiaries.views_deliveries import VIEW
from organisation.scoping import WorkingSiteViewSetMixin


@hooks.register("register_admin_viewset")
def register_beneficiary_files():
    return BeneficiaryFileViewSet("beneficiaries")


@hooks.register("register_log_actions")
def register_file_log_actions(actions):
    """Everything done to a family's file, on its timeline: the file's own actions, its documents' and deliveries'."""
    audit.register_actions(actions)
    for action, (label, message) in documents.LOG_ACTIONS.items():
        actions.register_action(action, label, message)
    actions.register_action("beneficiaries.delivery", _("Record a delivery"), _("A delivery was recorded"))
    actions.register_action("beneficiaries.plan", _("Schedule deliveries"), _("Deliveries were scheduled"))
    actions.register_action("beneficiaries.skip", _("Skip a due delivery"), _("A due delivery was skipped"))
    actions.register_action(retention.SUMMARY)(RetentionRunFormatter)
    # A file's entries go to their own log model, listed only to those who may read family files.
    actions.register_model(BeneficiaryFile, FileLogEntry)


hooks.register("inbox_case_panels", family_summary)
hooks.register("inbox_missing_documents", missing_documents.documents_to_ask)
# The PDPL tools, the erasure log's replay and the daily retention run of the inbox reach files through these.
hooks.register("inbox_personal_data", personal_data.FileHolder)
hooks.register("inbox_erasure_subjects", erasure.replayers)
hooks.register("inbox_retention", retention.run)


class FundViewSet(WorkingSiteViewSetMixin, SnippetViewSet):
    """The funds deliveries are paid from: an editable list per association (administrators), each association's
    own (organisation.scoping)."""

    model = Fund
    icon = "folder-open-inverse"
    menu_label = _("Funds")
    list_display = ["name", "restricted", "active"]
    list_filter = ["active"]


register_snippet(FundViewSet)


class DueMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW)


@hooks.register("register_admin_menu_item")
def register_due_deliveries_menu_item():
    return DueMenuItem(_("Due deliveries"), reverse("beneficiaries:due"), icon_name="date", order=211)


class CampaignsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_CAMPAIGNS)


@hooks.register("register_admin_menu_item")
def register_campaigns_menu_item():
    return CampaignsMenuItem(
        _("Distribution campaigns"), reverse("beneficiaries:campaigns"), icon_name="tasks", order=212
    )


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return reports.may_read_reports(request.user)


@hooks.register("register_reports_menu_item")
def register_families_report_menu_item():
    return ReportsMenuItem(
        _("Families served and deliveries"), reverse("beneficiaries:report"), icon_name="table", order=51
    )


@hooks.register("register_reports_menu_item")
def register_ministry_report_menu_item():
    return ReportsMenuItem(
        _("Yearly figures for the ministry"), reverse("beneficiaries:ministry_report"), icon_name="table", order=52
    )


class RetentionRunFormatter(LogFormatter):
    label = _("Family files: retention")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        erased, kept = int(data.get("erased") or 0), int(data.get("kept") or 0)
        message = ngettext(
            "Retention erased %(count)s family file closed or suspended past its period",
            "Retention erased %(count)s family files closed or suspended past their period",
            erased,
        ) % {"count": erased}
        if kept:
            message += " " + ngettext("(%(count)s could not be erased)", "(%(count)s could not be erased)", kept) % {
                "count": kept
            }
        return message
