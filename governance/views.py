from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _

from governance.completeness import build_report, list_url
from organisation.associations import working_site_id

REPORT_PERMISSION = "governance.view_disclosure_report"


def can_see_report(user) -> bool:
    return user.is_active and user.has_perm(REPORT_PERMISSION)


def report(request):
    if not can_see_report(request.user):
        raise PermissionDenied
    result = build_report(working_site_id(request))  # the association worked in: its list, its records
    language = translation.get_language()
    rows = [(status, status.year_label(language)) for status in result.statuses]
    return TemplateResponse(
        request,
        "governance/admin/report.html",
        {
            "report": result,
            "rows": rows,
            "page_title": _("Disclosure completeness"),
            "header_icon": "tasks",
            "list_url": list_url(),
        },
    )
