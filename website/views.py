from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from wagtail.models import Page

from core import site_facts
from core.arabic import normalise_for_search
from core.search import highlight, page_text, search_terms


@never_cache
def healthz(request):
    """For load balancers: the process is up and can answer (no database hit)."""
    return HttpResponse("ok", content_type="text/plain")


def privacy_notice(request):
    # The notice itself is kept by each worker (website/templates/website/privacy_notice.html).
    return render(request, "website/privacy_notice.html")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors, database or settings here: whatever broke may be
    # one of them. The page carries both languages itself.
    return HttpResponseServerError(loader.get_template("500.html").render())


def page_texts(pages, request) -> dict:
    """Each page's readable text (excerpts are cut from it), by id, kept by each worker until
    content changes; the pages not kept yet are read as their own type in one query per type."""
    texts, missing = {}, []
    for page in pages:
        text = site_facts.recall(request, ("page-text", page.pk))
        if text is site_facts.MISSING:
            missing.append(page.pk)
        else:
            texts[page.pk] = text
    for page in Page.objects.filter(pk__in=missing).specific():
        texts[page.pk] = page_text(page)
        site_facts.keep(request, ("page-text", page.pk), texts[page.pk])
    return texts


def search(request):
    """Pages in the reader's language, found whatever the Arabic spelling variant."""
    query = request.GET.get("q", "").strip()[:200]
    results = []
    page_obj = None
    if query and search_terms(query):
        # Plain pages: the results show titles and addresses; the text of each comes from page_texts.
        # This host's association only: its home page in the reader's language and what is under it.
        home = site_facts.home(request)
        pages = Page.objects.live().filter(locale_id=site_facts.active_locale_id(request))
        pages = pages.filter(path__startswith=home["path"]) if home else pages.none()
        pages = site_facts.public(pages, request).search(normalise_for_search(query), operator="and")
        page_obj = Paginator(pages, 10).get_page(request.GET.get("page"))
        found = list(page_obj)
        texts = page_texts(found, request)
        results = [{"page": page, "excerpt": highlight(texts.get(page.pk, page.title), query)} for page in found]
    return render(request, "website/search.html", {"query": query, "results": results, "page_obj": page_obj})
