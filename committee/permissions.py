"""Who may do what with the committee's sessions, read from permissions (never group names): the committee's
members see sessions; the secretary prepares the agenda and records attendance and decisions; administrators
hold every permission."""

from django.core.exceptions import PermissionDenied
from wagtail.models import Site

from organisation.associations import working_site

SEE = "committee.view_committeesession"
PREPARE = "committee.prepare_session"
RECORD = "committee.record_decisions"


def require(user, permission):
    if not user.has_perm(permission):
        raise PermissionDenied


def site_of(request) -> Site:
    """The association the staff member works in (organisation.associations.working_site)."""
    return working_site(request)
