"""Choosing the association to work in, for a person who works for several (organisation.associations.choose)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from wagtail.models import Site

from organisation import associations


def association_name(site: Site) -> str:
    return site.site_name or site.hostname


def choose_association(request):
    """GET: the associations this person works for, the current one marked. POST `site`: work in that one."""
    sites = list(associations.staff_sites(request.user).order_by("site_name", "hostname"))
    if not sites:
        raise PermissionDenied
    current = associations.working_site(request)
    if request.method == "POST":
        wanted = Site.objects.filter(pk=_int(request.POST.get("site"))).first()
        if wanted is None or not associations.choose(request, wanted):
            messages.error(request, _("You do not work for that association."))
            return redirect("organisation_choose_association")
        messages.success(request, _("You now work in %(name)s.") % {"name": association_name(wanted)})
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("wagtailadmin_home")
        return redirect(target)
    rows = [{"site": site, "name": association_name(site), "current": site.pk == current.pk} for site in sites]
    context = {"rows": rows, "title": _("Choose the association to work in"), "next": request.GET.get("next", "")}
    return TemplateResponse(request, "organisation/choose_association.html", context)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
