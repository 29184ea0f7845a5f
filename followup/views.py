"""The public pages of following a request: lookup, the personal link, the survey link.

Every answer here is per visitor (CSRF tokens, a request's status): never cached.
"""

import uuid

from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from core import site_facts
from core.middleware import allow_inline_styles
from followup import status as plain
from followup import tokens
from followup.invitations import SurveyInvitation
from forms import intake, spam
from forms.kinds import FormKind
from forms.models import FormPage
from inbox import appeals, services
from inbox.models import Appeal


def _render(request, page, template, context, status=200):
    context = {**page.get_context(request), **context}
    response = TemplateResponse(request, template, context, status=status)
    patch_cache_control(response, no_store=True, private=True)
    # A personal link never leaves in a Referer to another site ("no-referrer" would also make
    # browsers send "Origin: null" with the page's own forms, which CSRF protection refuses).
    response["Referrer-Policy"] = "same-origin"
    if context.get("recaptcha_enabled"):
        allow_inline_styles(response)  # the widget writes style attributes
    return response


# --- reference and mobile -------------------------------------------------------------------------
@sensitive_variables("mobile")
def lookup(page, request):
    context = {"values": {}, "errors": {}, "not_found": False, "limited": False, "found": None}
    if request.method != "POST":
        return _render(request, page, page.template, context)
    reference = request.POST.get("reference", "")[:60]
    mobile = request.POST.get("mobile", "")[:40]
    result = plain.find(reference, mobile, spam.client_ip(request), site_facts.site_id(request))
    context["values"] = {"reference": reference}
    if result.limited:
        context["limited"] = True
        return _render(request, page, page.template, context, status=429)
    if result.errors:
        context["errors"] = result.errors
        return _render(request, page, page.template, context)
    if not result.found:
        context["not_found"] = True
        return _render(request, page, page.template, context)
    context["found"] = plain.describe(result.case, page.locale.language_code)
    context["branches"] = plain.branches_for(page) if context["found"]["waiting_for_documents"] else []
    return _render(request, page, page.template, context)


# --- the personal link ------------------------------------------------------------------------------
def _invalid_link(request, page):
    return _render(request, page, "followup/link_invalid.html", {}, status=404)


def _personal_context(page, case, token):
    described = plain.describe(case, page.locale.language_code)
    requested = ""
    if described["waiting_for_documents"]:
        # What was asked for: the message the applicant was sent says the same.
        requested = (
            services.CaseEvent.objects.filter(
                case=case, kind=services.CaseEvent.Kind.MOVE, to_status=services.Status.WAITING
            )
            .order_by("-created_at", "-pk")
            .values_list("text", flat=True)
            .first()
            or ""
        )
    window = appeals.window(case)
    return {
        "found": described,
        "token": token,
        "version": case.version,
        "requested_documents": requested,
        "branches": plain.branches_for(page) if described["waiting_for_documents"] else [],
        "personal": True,
        # Asking for reconsideration of a rejected request (inbox.appeals), until the period's last day.
        "appeal_window": window,
        "appeal_ends": appeals.ends_on_display(window, page.locale.language_code),
        "appeal_waiting": case.committee_at is not None
        and case.status != services.Status.REJECTED
        and Appeal.objects.open_for(case).exists(),
    }


def personal(page, request, token):
    case = tokens.case_for_status_token(token, site_facts.site_id(request))
    if case is None:
        return _invalid_link(request, page)
    context = _personal_context(page, case, token)
    context["done"] = request.GET.get("done", "")
    return _render(request, page, "followup/personal_status.html", context)


def _version(request):
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def send_documents(page, request, token):
    case = tokens.case_for_status_token(token, site_facts.site_id(request))
    if case is None:
        return _invalid_link(request, page)
    if request.method != "POST":
        return HttpResponseRedirect(page.url + page.reverse_subpage("personal_view", args=[token]))
    try:
        services.applicant_send_documents(
            case.pk, request.FILES.getlist("documents"), expected_version=_version(request),
            text=request.POST.get("text", ""), link_secret=case.link_secret,
        )  # fmt: skip
    except services.LinkRevoked:
        return _invalid_link(request, page)
    except services.InboxError as error:
        case.refresh_from_db()
        context = _personal_context(page, case, token)
        context["documents_error"] = str(error)
        return _render(request, page, "followup/personal_status.html", context, status=400)
    return HttpResponseRedirect(page.url + page.reverse_subpage("personal_view", args=[token]) + "?done=documents")


def withdraw(page, request, token):
    case = tokens.case_for_status_token(token, site_facts.site_id(request))
    if case is None:
        return _invalid_link(request, page)
    if request.method != "POST":
        return HttpResponseRedirect(page.url + page.reverse_subpage("personal_view", args=[token]))
    error = None
    if request.POST.get("confirm") != "yes":
        error = _("Tick the box to confirm that you want to withdraw the request.")
    else:
        try:
            services.applicant_withdraw(
                case.pk, expected_version=_version(request), reason=request.POST.get("reason", ""),
                link_secret=case.link_secret,
            )  # fmt: skip
        except services.LinkRevoked:
            return _invalid_link(request, page)
        except services.InboxError as refused:
            error = str(refused)
    if error:
        case.refresh_from_db()
        context = _personal_context(page, case, token)
        context["withdraw_error"] = error
        return _render(request, page, "followup/personal_status.html", context, status=400)
    return HttpResponseRedirect(page.url + page.reverse_subpage("personal_view", args=[token]) + "?done=withdrawn")


def appeal(page, request, token):
    case = tokens.case_for_status_token(token, site_facts.site_id(request))
    if case is None:
        return _invalid_link(request, page)
    if request.method != "POST":
        return HttpResponseRedirect(page.url + page.reverse_subpage("personal_view", args=[token]))
    try:
        appeals.applicant_appeal(
            case.pk, request.POST.get("reason", ""), request.FILES.getlist("documents"),
            expected_version=_version(request), link_secret=case.link_secret,
        )  # fmt: skip
    except services.LinkRevoked:
        return _invalid_link(request, page)
    except services.InboxError as error:
        case.refresh_from_db()
        context = _personal_context(page, case, token)
        context["appeal_error"] = str(error)
        context["appeal_reason"] = request.POST.get("reason", "")[: appeals.MAX_REASON_LENGTH]
        return _render(request, page, "followup/personal_status.html", context, status=400)
    return HttpResponseRedirect(page.url + page.reverse_subpage("personal_view", args=[token]) + "?done=appeal")


# --- the survey link ----------------------------------------------------------------------------------
def survey_page_for(page):
    """The survey form personal links open, in the lookup page's language; None if there is none."""
    chosen = page.survey_page
    if chosen is None:
        chosen = FormPage.objects.live().filter(kind=FormKind.SURVEY).order_by("path").first()
    if chosen is None:
        return None
    translated = chosen.get_translation_or_none(page.locale)
    return translated if translated is not None and translated.live else chosen


def anonymous_survey_url(page, request):
    survey = survey_page_for(page)
    return survey.get_url(request) if survey else ""


def _closed_link(request, page, reason, status):
    context = {"reason": reason, "anonymous_survey_url": anonymous_survey_url(page, request)}
    return _render(request, page, "followup/survey_closed.html", context, status=status)


HIDDEN_SURVEY_FIELDS = {"request_reference"}  # filled from the link, not typed


def _survey_form_context(page, request, survey, form, invitation, error=None):
    submission = invitation.case.submission
    return {
        "survey": survey,
        "form": form,
        "form_error": error,
        "hidden_keys": HIDDEN_SURVEY_FIELDS,
        "about_reference": submission.reference,
        "about_service": submission.service_title,
        "recaptcha_enabled": spam.recaptcha_enabled(request),
    }


def survey(page, request, token):
    invitation = tokens.invitation_for_survey_token(token, site_facts.site_id(request))
    if invitation is None:
        return _closed_link(request, page, "invalid", 404)
    survey_form_page = survey_page_for(page)
    if survey_form_page is None:
        return _closed_link(request, page, "invalid", 404)
    thanks = page.url + page.reverse_subpage("survey_thanks_view", args=[token])
    if invitation.used_at is not None:
        # A double click on Send: the first answer stands.
        repeat = request.POST.get("submission_token") if request.method == "POST" else None
        if repeat and invitation.response and str(invitation.response.idempotency_token) == repeat:
            return HttpResponseRedirect(thanks)
        return _closed_link(request, page, "used", 410)
    if invitation.expired:
        return _closed_link(request, page, "expired", 410)

    if request.method != "POST":
        initial = {"submission_token": uuid.uuid4()}
        form = survey_form_page.get_form(
            page=survey_form_page, user=request.user, remote_ip=spam.client_ip(request), initial=initial,
            recaptcha_keys=spam.recaptcha_keys(request),
        )  # fmt: skip
        return _render(
            request,
            page,
            "followup/survey.html",
            _survey_form_context(page, request, survey_form_page, form, invitation),
        )

    data = request.POST.copy()
    # The link says which request and service the answer is about, whatever was posted.
    data["service"] = str(invitation.service_id or "")
    data["request_reference"] = invitation.case.submission.reference
    result = take_survey_answer(invitation, survey_form_page, data, request.FILES, intake.Entry.public(request))
    if result is None:
        return _closed_link(request, page, "used", 410)
    if result.stored:
        return HttpResponseRedirect(thanks)
    if result.form is None:
        return _closed_link(request, page, "invalid", result.status)
    context = _survey_form_context(
        page, request, survey_form_page, result.form, invitation, result.refusal.message if result.refusal else None
    )
    return _render(request, page, "followup/survey.html", context, status=result.status)


def take_survey_answer(invitation, survey_form_page, data, files, entry):
    """File an answer through the link, through the one way in (forms.intake.submit).

    The link is claimed in the same transaction as the submission is stored: of two answers
    sent at once only one is kept, and an answer that is not stored leaves the link unused.
    Returns the intake's result, or None when the link was used (or expired) in the meantime."""
    with transaction.atomic():
        now = timezone.now()
        # Not if its request's links were revoked since the link was checked.
        claimed = SurveyInvitation.objects.filter(
            pk=invitation.pk, used_at__isnull=True, expires_at__gt=now, case__link_secret=invitation.case.link_secret
        ).update(used_at=now)
        if not claimed:
            return None
        result = intake.submit(survey_form_page, data, files, entry)
        if result.stored and result.created:
            SurveyInvitation.objects.filter(pk=invitation.pk).update(response=result.submission)
        else:
            transaction.set_rollback(True)
    return result


def survey_thanks(page, request, token):
    invitation = tokens.invitation_for_survey_token(token, site_facts.site_id(request))
    if invitation is None or invitation.used_at is None:
        return _closed_link(request, page, "invalid", 404)
    return _render(request, page, "followup/survey_thanks.html", {})
