from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from wagtail.models import Locale, Page

from organisation.models import OrganisationSettings
from website.arabic import normalise_for_search
from website.search import highlight, page_text, search_terms


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


def search(request):
    """Pages in the reader's language, found whatever the Arabic spelling variant."""
    query = request.GET.get("q", "").strip()[:200]
    results = []
    page_obj = None
    if query and search_terms(query):
        pages = (
            Page.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .specific()
            .search(normalise_for_search(query), operator="and")
        )
        page_obj = Paginator(pages, 10).get_page(request.GET.get("page"))
        results = [{"page": page, "excerpt": highlight(page_text(page), query)} for page in page_obj]
    return render(request, "website/search.html", {"query": query, "results": results, "page_obj": page_obj})
