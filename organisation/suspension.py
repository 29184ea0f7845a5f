"""A suspended association: its public site shows a notice on every page and takes no forms, and its
staff can only read in the admin, until the operator resumes it.

Whether an association is suspended is kept by each worker with the structure of the sites (core/site_facts.py's
`lasting`): saving an `Association` changes the structure version (organisation.apps), so the notice shows on
the next request of every page, kept ones included, and publishing leaves the fact as it is (no query).
"""

from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.users.models import UserProfile

from core import site_facts
from organisation.associations import association_of, working_site_id
from organisation.models import Association

# Admin views that still take a POST from the staff of a suspended association: signing in and out
# (with the second step) and choosing another association to work in.
OPEN_WHILE_SUSPENDED = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_confirm",
    "staff_security:verify",
    "staff_security:setup",
    "organisation:choose_association",
    "organisation_choose_association",
}
READING = ("GET", "HEAD", "OPTIONS")
ADMIN_PREFIX = "/admin/"
# Whoever holds it is the operator's: they suspend and resume associations, and are not held to reading.
OPERATOR_PERMISSION = "hosting.operate_associations"  # a permission name: organisation imports no hosting


def is_suspended(site_id: int | None) -> bool:
    if site_id is None:
        return False
    return Association.objects.filter(site_id=site_id, status=Association.Status.SUSPENDED).exists()


def host_suspended(request) -> bool:
    """Whether the association of the request's host is suspended (kept per worker, no query once known)."""
    site_id = site_facts.site_id(request)
    return site_facts.lasting(request, ("association-suspended", site_id), lambda: is_suspended(site_id))


def suspend(site) -> None:
    _set_status(site, Association.Status.SUSPENDED)


def resume(site) -> None:
    """The operator's resume: the public site takes forms again and its staff may change things."""
    _set_status(site, Association.Status.ACTIVE)


def _set_status(site, status) -> None:
    # Saved (not update()): its post_save tells every worker (organisation.apps).
    association = association_of(site)
    association.status = status
    association.save(update_fields=["status"])


def public_notice() -> str:
    return _(
        "This association's website is suspended for now. Its pages can still be read, "
        "but it is not taking requests or forms."
    )


def form_refusal_message() -> str:
    return _("This association is suspended for now and is not taking requests. Nothing was sent.")


def is_operator(user) -> bool:
    return user.is_superuser or user.has_perm(OPERATOR_PERMISSION)


def _view_name(request):
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


class ReadOnlyWhileSuspendedMiddleware:
    """In the admin, staff working in a suspended association can only read: any other method is
    refused (403) with a message, except signing in and out and choosing another association.
    After the middleware that tells which association the person works in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in READING or not request.path_info.startswith(ADMIN_PREFIX):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or _view_name(request) in OPEN_WHILE_SUSPENDED:
            return self.get_response(request)
        if is_operator(user) or not is_suspended(working_site_id(request)):
            return self.get_response(request)
        # In the language the person's admin speaks, as the admin's own messages.
        with translation.override(UserProfile.get_for_user(user).get_preferred_language()):
            message = _(
                "This association is suspended: its staff can read in the admin but cannot change anything "
                "until the operator resumes it."
            )
        return HttpResponse(message, status=403, content_type="text/plain; charset=utf-8")
