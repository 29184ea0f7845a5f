"""Serving a form page: show, validate, store, redirect (POST/redirect/GET), thank."""

import datetime
import logging
import uuid

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import patch_cache_control
from wagtail import hooks
from wagtail.models import Page

from forms import pipeline, prepared, spam
from forms.models import Submission, default_locale_id

logger = logging.getLogger(__name__)
THANKS_SALT = "forms.thanks"


def carried_service(page, value):
    """The service a form was opened from (?service=<id>), as its page in the site's main language."""
    if not value:
        return None
    try:
        service = Page.objects.live().filter(pk=int(value), content_type__model="servicepage").first()
    except (TypeError, ValueError):
        return None
    if service is None:
        return None
    return service.get_translation_or_none(default_locale_id()) or service


def paused(service) -> bool:
    """A service page that says it takes no requests now (the catalogue's "paused")."""
    return bool(service) and not getattr(service.specific, "accepts_requests", True)


def serve_form(page, request):
    form_error = None
    status = 200
    remote_ip = spam.client_ip(request)
    if request.method == "POST":
        form = page.get_form(request.POST, request.FILES, page=page, user=request.user, remote_ip=remote_ip)
        if spam.over_rate_limit(request):
            form_error = _("You have sent many forms in a short time. Please try again in a few minutes.")
            status = 429
        elif not form.is_valid():
            status = 400
        elif paused(service := carried_service(page, form.cleaned_data.get("service"))):
            form_error = _("This service is not taking requests at the moment.")
            status = 400
        else:
            try:
                submission, _new = pipeline.create_submission(page, form, language=get_language(), service=service)
            except pipeline.StorageFailed:
                form_error = _("We could not save your attached files just now. Nothing was sent: please try again.")
                status = 503
            except pipeline.DatabaseFailed:
                form_error = _("We could not save your request just now. Nothing was sent: please try again.")
                status = 503
            else:
                token = thanks_token(submission.reference)
                return HttpResponseRedirect(page.url + page.reverse_subpage("thanks_view", args=[token]))
    else:
        initial = {"submission_token": uuid.uuid4(), "service": request.GET.get("service") or None}
        form = page.get_form(page=page, user=request.user, remote_ip=remote_ip, initial=initial)

    service = carried_service(page, form["service"].value())
    context = page.get_context(request)
    context.update(
        {
            "form": form,
            "form_error": form_error,
            "service": service.localized if service else None,
            "recaptcha_enabled": spam.recaptcha_enabled(),
        }
    )
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    # Each visitor gets their own CSRF and submission tokens: never cache a form.
    patch_cache_control(response, no_store=True, private=True)
    return response


def send(request, page_id):
    """Where a form page's <form> posts to (`FormPage.send_url`).

    Wagtail's routing finds a page by walking the site's tree from the host
    name: the site, the locale and three pages, each a query. The form already
    knows its page, so it posts to the page's id, and `forms.prepared` keeps
    that page ready with everything a submission needs. What routing would
    have refused is refused here too (a page that is not live, not in this
    site's tree, or not in this language), the same hooks as Wagtail's own view
    then run (request method, view restrictions), and the same `serve_form`
    handles it. A POST to the page's own URL is still served, for a form left
    open in a tab across a release.
    """
    page = prepared.live_form_page(page_id, request)
    if page is None or page.locale.language_code != get_language():
        raise Http404
    return serve_through_wagtail_hooks(page, request, serve_form if request.method == "POST" else to_the_form)


def to_the_form(page, request):
    """Someone opened the address the form posts to: show them the form."""
    return HttpResponseRedirect(page.url)


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
    submission = Submission.objects.filter(reference=reference).first()
    if submission is None:
        raise Http404
    return render_thanks(page, request, submission)


def render_thanks(page, request, submission):
    context = page.get_context(request)
    due = submission.reply_due if submission else timezone.localdate() + datetime.timedelta(days=page.reply_period())
    context.update({"submission": submission, "reply_due": due})
    response = TemplateResponse(request, page.get_landing_page_template(request), context)
    patch_cache_control(response, no_store=True, private=True)
    return response
