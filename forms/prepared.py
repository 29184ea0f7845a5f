"""Form pages kept ready, in each worker, for taking submissions.

Every submission to a form needs the same things: the page, its fields built
into a form class, the view restrictions over it, the sites it is on, its page
in the site's main language, the organisation's default reply period and, for
complaints, the list of services. Looked up for each submission, that was half
of its time (bench/submissions.py). A worker now works them out once per page
and keeps them under the site's content version (core/content_version.py):
until anything they come from changes, at most a minute.
"""

from django.http.request import split_domain_port

from core import content_version


def live_form_page(page_id: int, request):
    """The live form page with this id, prepared for submissions, if the
    requesting host's site has it in its page tree (where Wagtail's routing
    would find it); else None."""
    from wagtail.models import Site

    from forms.models import FormPage

    version = content_version.current()
    page = content_version.recall(("form-page", page_id), version)
    if page is content_version.MISSING:
        page = FormPage.objects.live().select_related("locale").filter(pk=page_id).first()
        if page is None:
            return None  # not kept: trying ids must not push real pages out
        page.prepare_for_submissions()
        content_version.keep(("form-page", page_id), version, page)
    # The site as Site.find_for_request finds it: a query, kept per host.
    host = ("site", split_domain_port(request.get_host())[0], request.get_port())
    site_id = content_version.recall(host, version)
    if site_id is content_version.MISSING:
        site = Site.find_for_request(request)
        site_id = site.pk if site else None
        content_version.keep(host, version, site_id)
    return page if site_id in page.site_ids() else None
