from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache

from organisation.models import OrganisationSettings


@never_cache
def healthz(request):
    """For load balancers: the process is up and can answer (no database hit)."""
    return HttpResponse("ok", content_type="text/plain")


def privacy_notice(request):
    organisation = OrganisationSettings.for_request(request)
    return render(request, "website/privacy_notice.html", {"profile": organisation.localized_profile})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors, database or settings here: whatever broke may be
    # one of them. The page carries both languages itself.
    return HttpResponseServerError(loader.get_template("500.html").render())
