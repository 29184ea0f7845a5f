from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from committee import reports
from committee.permissions import SEE
from committee.views import SessionViewSet


@hooks.register("register_admin_viewset")
def register_committee_sessions():
    return SessionViewSet("committee")


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return reports.may_read_reports(request.user)


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return ReportMenuItem(_("Research and the committee"), reverse("committee:report"), icon_name="table", order=53)


class CirculationsMenuItem(MenuItem):
    """The members' list of what waits for their answer; the secretary's circulations."""

    def is_shown(self, request):
        return request.user.has_perm(SEE)


@hooks.register("register_admin_menu_item")
def register_circulations_menu_item():
    return CirculationsMenuItem(_("Circulation"), reverse("committee:circulations"), icon_name="mail", order=216)
