"""The site's doors into a form: the page's own URL and the address forms post to.

Both hand a POST to `forms.intake.submit`, the one way in for a submission,
and turn its result into a page: POST/redirect/GET to the thank-you page, or
the form again with its errors.
"""

import logging
import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.crypto import constant_time_compare, salted_hmac
from django.views.decorators.http import require_http_methods
from wagtail import hooks

from core import site_facts
from core.middleware import allow_inline_styles
from forms import intake, prepared, spam
from forms.records import Submission

logger = logging.getLogger(__name__)
THANKS_SALT = "forms.thanks"


def serve_form(page, request):
    """The form page's own URL, which Wagtail's routing found: show the form, or take it."""
    if request.method == "POST":
        return answer(request, intake.submit(page, request.POST, request.FILES, intake.Entry.public(request)))
    # The form class of its fields, as this worker keeps it ready for submissions (not for a
    # preview, whose draft fields may differ from the live page's).
    ready = None if getattr(request, "is_preview", False) else prepared.live_form_page(page.pk, request, page)
    if ready is not None:
        page._prepared = {"form_class": ready.get_form_class(), "service_choices": ready.service_choices()}
    initial = {"submission_token": uuid.uuid4(), "service": request.GET.get("service") or None}
    form = page.get_form(
        page=page, user=request.user, remote_ip=spam.client_ip(request), initial=initial,
        recaptcha_keys=spam.recaptcha_keys(request),
    )  # fmt: skip
    return render_form(page, request, form)


@require_http_methods(["GET", "HEAD", "POST"])
def send(request, page_id):
    """Where a form page's <form> posts to (`FormPage.send_url`).

    Wagtail's routing finds a page by walking the site's tree from the host
    name: the site, the locale and three pages, each a query. The form already
    knows its page, so it posts to the page's id; `forms.intake` finds that
    page kept ready by `forms.prepared` and refuses what routing would have
    refused (a page that is not live, not in this site's tree, not in this
    language, or behind a view restriction). A POST to the page's own URL is
    still served, for a form left open in a tab across a release.
    """
    entry = intake.Entry.public(request)
    if request.method == "POST":
        return answer(request, intake.submit(page_id, request.POST, request.FILES, entry))
    # Someone opened the address the form posts to: show them the form, if they may see it.
    page, refusal = intake.open_page(page_id, entry)
    if refusal:
        return refused(request, page, refusal)
    return HttpResponseRedirect(page.url)


def answer(request, result):
    """An entry's result as the site's pages answer it: POST/redirect/GET to the thank-you page,
    or the form again with what went wrong."""
    if result.stored:
        page = result.page
        token = thanks_token(result.submission.reference)
        return HttpResponseRedirect(page.url + page.reverse_subpage("thanks_view", args=[token]))
    if result.refusal and result.form is None:
        return refused(request, result.page, result.refusal)
    return render_form(
        result.page,
        request,
        result.form,
        form_error=result.refusal.message if result.refusal else None,
        status=result.status,
    )


def refused(request, page, refusal):
    """A refusal before any form was built: what Wagtail's own serving would answer."""
    if refusal.code == intake.RESTRICTED:
        # Wagtail's view-restriction hook makes its password form or login
        # redirect; the view it wraps is not reached for a visitor it refuses.
        return serve_through_wagtail_hooks(page, request, lambda page, request: HttpResponseForbidden())
    if refusal.code == intake.NOT_PERMITTED:
        raise PermissionDenied(refusal.message)
    if refusal.code == intake.NOT_FOUND:
        raise Http404(refusal.message)
    return HttpResponse(refusal.message, status=refusal.status, content_type="text/plain; charset=utf-8")


def render_form(page, request, form, *, form_error=None, status=200):
    # The service the form was opened from, named above it (a complaint has its own choice instead).
    service = intake.service_in_main_language(form["service"].value()) if "service" in form.fields else None
    context = page.get_context(request)
    context.update(
        {
            "form": form,
            "form_error": form_error,
            "service": service.localized if service else None,
            "recaptcha_enabled": spam.recaptcha_enabled(request),
        }
    )
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    # Each visitor gets their own CSRF and submission tokens: never cache a form.
    patch_cache_control(response, no_store=True, private=True)
    if context["recaptcha_enabled"]:
        allow_inline_styles(response)  # the widget writes style attributes
    return response


def serve_through_wagtail_hooks(page, request, view):
    """Serve `page` with `view` as `wagtail.views.serve` would once it has routed to it."""

    def chain(page, request, args, kwargs):
        return view(page, request)

    for wrap in reversed(hooks.get_hooks("on_serve_page")):
        chain = wrap(chain)
    for before in hooks.get_hooks("before_serve_page"):
        result = before(page, request, (), {})
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, (), {})


def thanks_token(reference: str) -> str:
    """The reference and a signature: only who submitted knows the thank-you URL.
    (Wagtail's page URLs allow only letters, digits, _ and -, so no Django signing.dumps.)"""
    return f"{reference}-{salted_hmac(THANKS_SALT, reference).hexdigest()[:24]}"


def serve_thanks(page, request, token):
    reference = token[:-25]
    if not constant_time_compare(token, thanks_token(reference)):
        raise Http404
    # Only a request of this host's association.
    submission = Submission.objects.for_site(site_facts.site_id(request)).filter(reference=reference).first()
    if submission is None:
        raise Http404
    return render_thanks(page, request, submission)


def render_thanks(page, request, submission):
    context = page.get_context(request)
    due = submission.reply_due if submission else page.reply_due_date()
    context.update({"submission": submission, "reply_due": due})
    response = TemplateResponse(request, page.get_landing_page_template(request), context)
    patch_cache_control(response, no_store=True, private=True)
    return response
