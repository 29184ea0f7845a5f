"""Form pages kept ready, in each worker, for taking submissions.

Every submission to a form needs the same things: the page, its fields built
into a form class, the view restrictions over it, the sites it is on, its page
in the site's main language, the organisation's default reply period and, for
complaints, the list of services. Looked up for each submission, that was half
of its time (bench/submissions.py). A worker now works them out once per page
and keeps them under the site's content version (core/content_version.py):
until anything they come from changes, at most a minute.

The form page (forms.pages) serves itself through the intake, which finds pages
here: so pages are found as Wagtail's routing finds them, by id and made
specific, among the page types that can be prepared (`PreparedForSubmissions`),
never by naming the page class.
"""

from django.http.request import split_domain_port
from wagtail.models import Page, Site

from core import content_version, routing


class PreparedForSubmissions:
    """A page that takes submissions and can keep, once prepared, what each of them needs.

    `prepare_for_submissions` works it out into `_prepared`; the page's own getters
    (`get_form_class`, `reply_rules`, ...) answer from `_kept(name)` when it is there.
    """

    def prepare_for_submissions(self):
        self._prepared = {
            "form_class": self.get_form_class(),
            "view_restrictions": list(self.get_view_restrictions()),
            "source_page": self.get_source_page(),
            "default_reply_period": self.default_reply_period(),
            "reply_rules": self.reply_rules(),
            "service_choices": self.service_choices(),
            "site_ids": self.site_ids(),
        }

    def _kept(self, name):
        return self.__dict__.get("_prepared", {}).get(name)


def live_form_page(page_id: int, request, routed=None, site_id=None):
    """The live form page with this id, prepared for submissions, if the
    requesting host's site (or the site `site_id`, when given) has it in its page
    tree (where Wagtail's routing would find it); else None. A form of another
    association is not found through this host.

    `routed`: the page with this id that Wagtail's routing found for this request, when it
    did (the form's own URL): its type and the view restrictions over it are then known."""
    version = content_version.current()
    page = content_version.recall(("form-page", page_id), version)
    if page is content_version.MISSING:
        page = find_live_form_page(page_id, type(routed) if routed is not None else None)
        if page is None:
            return None  # not kept: trying ids must not push real pages out
        if routed is not None:
            routing.carry_view_restrictions(routed, page)  # the rows Wagtail's check would find
        page.prepare_for_submissions()
        content_version.keep(("form-page", page_id), version, page)
    if site_id is None:
        # The site as Site.find_for_request finds it: a query, kept per host.
        host = ("site", split_domain_port(request.get_host())[0], request.get_port())
        site_id = content_version.recall(host, version)
        if site_id is content_version.MISSING:
            site = Site.find_for_request(request)
            site_id = site.pk if site else None
            content_version.keep(host, version, site_id)
    return page if site_id in page.site_ids() else None


def find_live_form_page(page_id: int, model=None):
    """The live page with this id, as its own page type, if that type takes submissions; else None.
    `model`: its page type, when known (one query instead of two)."""
    if model is not None and issubclass(model, PreparedForSubmissions):
        return model.objects.live().filter(pk=page_id).select_related("locale").first()
    page = (
        Page.objects.live()
        .type(PreparedForSubmissions)
        .filter(pk=page_id)
        .select_related("locale", for_specific_subqueries=True)
        .specific()
        .first()
    )
    # Not the generic page Wagtail falls back on when a page's own row is missing.
    return page if isinstance(page, PreparedForSubmissions) else None
