from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from followup import panels, receivers, reports, tokens
from followup.invitations import SurveyInvitation
from followup.models import StatusLookupPage, lookup_page_url


@hooks.register("inbox_message_placeholders")
def followup_links(case) -> dict:
    """{status_url}: the applicant's personal status link; {survey_url}: their open survey link."""
    if case.submission.anonymous:
        return {}
    base = lookup_page_url(case.submission.language, case.submission.site_id)
    if base is None:
        return {}
    routes = StatusLookupPage.get_resolver()  # the page's own routes (reverse_subpage), without the page
    values = {"status_url": ""}
    if not tokens.status_link_expired(case):  # no link that would not open
        values["status_url"] = base + routes.reverse("personal_view", tokens.status_token(case))
    invitation = SurveyInvitation.objects.filter(case_id=case.pk, used_at__isnull=True).first()
    if invitation is not None:
        invitation.case = case  # signed with the request's current link secret
    values["survey_url"] = base + routes.reverse("survey_view", tokens.survey_token(invitation)) if invitation else ""
    return values


# The survey's panel on a request's page in the inbox, before the other apps' panels (apps are read in order).
hooks.register("inbox_case_panels", panels.survey_panel)

# A delivery on a family's file that answers a request (beneficiaries, a peer: a hook name, not an import).
hooks.register("delivery_recorded", receivers.invite_after_delivery)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("followup/", include((reports.urlpatterns, "followup"), namespace="followup"))]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return reports.may_read_reports(request.user)


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return ReportMenuItem(_("Requests and satisfaction"), reverse("followup:report"), icon_name="table", order=50)


@hooks.register("register_log_actions")
def register_followup_log_actions(actions):
    actions.register_action("inbox.withdraw", _("Withdraw a request"), _("The applicant withdrew the request"))
    actions.register_action(
        "inbox.applicant_documents", _("Documents from the applicant"), _("The applicant sent missing documents")
    )
