"""Request forms in Wagtail's API v3: a form's schema, and filing a submission.

    GET  /api/v3/forms/{page_id}/?locale=en              everything a front end needs to show and check the form
    POST /api/v3/forms/{page_id}/submissions/?locale=en  file it: JSON, or multipart/form-data with files

Submissions go through `forms.intake.submit`, the one way in every door uses:
the same checks (live, this host's site, this language, view restrictions,
rate limit, reCAPTCHA), validation, reference number and private storage as
the site's own form. The API reads no session: a view-restricted form is as
closed to it as to an anonymous visitor, cross-site requests cannot borrow a
staff member's cookie, and no CSRF token is needed.

Choice values are the form's stored values (the Arabic texts), the same in
both languages; the labels are in the language asked for. The page API's
`form_fields` are the editor's rows, for display only: send what this schema
gives.

The routes are here; what they answer and take, as the OpenAPI document shows
it, is in forms/api_schemas.py, and reading bodies and answering problems (which
followup's API shares) in forms/api_http.py.
"""

import datetime
import json
import logging
import uuid
from typing import Literal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status
from wagtail.rich_text import expand_db_html

from core import calendars, content_version
from forms import intake, prepared, spam, uploads
from forms.api_http import (
    RECAPTCHA_FIELD,
    BadBody,
    api_entry_request,
    field_errors,
    fingerprint_of,
    problem,
    read_body,
)
from forms.api_schemas import SCHEMA_PROBLEMS, SUBMIT_OPENAPI, FormSchemaOut, SubmissionOut
from forms.kinds import FILE_TYPES, Channel, FieldType
from forms.pages import FormPage
from forms.records import Submission
from organisation.models import OrganisationSettings

logger = logging.getLogger(__name__)
router = Router(tags=["forms"])

MAX_PAGE_ID = 2**31 - 1  # page ids are 32-bit integers in every database
DIGIT_SETS = ["0123456789", "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹"]
# Fields the page adds itself, and the type each is shown as.
PAGE_FIELD_TYPES = {
    "complaint_type": "radio",
    "related_service": "dropdown",
    "anonymous": "checkbox",
    "declaration": "checkbox",
    "privacy_consent": "checkbox",
    "service": "service",
}
# Never part of a schema: the honeypot, the site's token (the API's is the
# Idempotency-Key header) and reCAPTCHA (described on its own).
NOT_SHOWN = {"website", "submission_token", "captcha"}


# --- finding the page -------------------------------------------------------------------
def open_form(request, page_id: int, locale: str | None):
    """(page, language, entry request, refusal) for the form `page_id` in `locale` (default: its own)."""
    entry_request = api_entry_request(request)
    found = prepared.live_form_page(page_id, entry_request)
    if found is None:
        return None, None, entry_request, intake.Refusal(intake.NOT_FOUND, 404, _("This form could not be found."))
    language = locale or found.locale.language_code
    if language != found.locale.language_code:
        translated = translation_id(found, language)
        if translated is None:
            refusal = intake.Refusal(intake.NOT_FOUND, 404, _("This form has no version in that language."))
            return None, None, entry_request, refusal
        page_id = translated
    entry = intake.Entry.public(entry_request, channel=Channel.API, language=language, user=AnonymousUser())
    page, refusal = intake.open_page(page_id, entry)
    return page, language, entry_request, refusal


def translation_id(page, language) -> int | None:
    return (
        FormPage.objects.live()
        .filter(translation_key=page.translation_key, locale__language_code=language)
        .values_list("pk", flat=True)
        .first()
    )


# --- the schema -----------------------------------------------------------------------------
def kept_schema(page, language, request) -> bytes:
    """The schema's JSON, built once per page, language and host and kept until the content
    version changes (core/content_version.py), at most a minute."""
    version = content_version.current()
    key = ("form-schema", page.pk, language, request.get_host())
    body = content_version.recall(key, version)
    if body is content_version.MISSING:
        with translation.override(language):
            body = json.dumps(build_schema(page, language, request), ensure_ascii=False, default=str).encode()
        content_version.keep(key, version, body)
    return body


def build_schema(page, language, request) -> dict:
    form = page.get_form(page=page, user=AnonymousUser(), captcha=False)
    fields = [
        describe_field(name, field, form.field_specs.get(name))
        for name, field in form.fields.items()
        if name not in NOT_SHOWN
    ]
    declaration = privacy = None
    if "declaration" in form.fields:
        declaration = {"label": str(form.fields["declaration"].label)}
    if "privacy_consent" in form.fields:
        privacy = {
            "label": str(form.fields["privacy_consent"].label),
            "notice_html": expand_db_html(page.privacy_notice or organisation_privacy_notice(page)),
            "notice_url": request.build_absolute_uri(reverse("privacy_notice")),
        }
    rules = page.reply_rules()
    days = page.reply_period()
    v3 = getattr(settings, "RECAPTCHA_VERSION", "v2") == "v3"
    site_key = spam.recaptcha_keys(request)[0] if spam.recaptcha_enabled(request) else ""  # the host's association's
    translations = dict(
        FormPage.objects.live().filter(translation_key=page.translation_key).values_list("locale__language_code", "pk")
    )
    return {
        "id": page.pk,
        "locale": language,
        "title": page.title,
        "kind": page.kind,
        "intro_html": expand_db_html(page.intro),
        "translations": translations,
        "fields": fields,
        "declaration": declaration,
        "privacy": privacy,
        "reply_period": {
            "days": days,
            "working_days": rules.working_days,
            "due_if_sent_today": reply_due(page.reply_due_date(), language),
        },
        "recaptcha": {
            "enabled": bool(site_key),
            "version": "v3" if v3 else "v2",
            "site_key": site_key,
            "action": page.kind if v3 else "",
            "field": RECAPTCHA_FIELD,
            "score_required": float(getattr(settings, "RECAPTCHA_REQUIRED_SCORE", 0.5)) if v3 else None,
        },
        "submit": {
            "url": reverse("wagtailapi_v3:forms_submit", args=[page.pk]),
            "content_types": ["application/json", "multipart/form-data"],
            "idempotency_header": "Idempotency-Key",
            "max_submission_bytes": uploads.max_submission_bytes(),
        },
    }


def organisation_privacy_notice(page) -> str:
    site = page.get_site()
    profile = OrganisationSettings.for_site(site).localized_profile if site else None
    return profile.privacy_notice if profile else ""


def describe_field(name, field, spec) -> dict:
    field_type = spec.field_type if spec else PAGE_FIELD_TYPES.get(name, "singleline")
    choices = None
    if hasattr(field, "choices") and field_type not in (FieldType.HIJRI_DATE,):
        choices = [{"value": value, "label": str(label)} for value, label in field.choices if value != ""]
    multiple = field_type in (FieldType.CHECKBOXES, FieldType.MULTISELECT, FieldType.FILES)
    default = field.initial
    if isinstance(default, uuid.UUID):
        default = None
    return {
        "key": name,
        "type": str(field_type),
        "source": "editor" if spec else "page",
        "label": str(field.label or (_("The service the request is about (its page id)") if name == "service" else "")),
        "help_text": str(field.help_text or ""),
        "required": bool(field.required),
        "multiple": multiple,
        "choices": choices,
        "default": default,
        "role": spec.role if spec else "",
        "limits": limits_of(name, field, field_type),
    }


def limits_of(name, field, field_type) -> dict:
    limits = {}
    for attribute in ("max_length", "min_length", "min_value", "max_value", "max_digits"):
        value = getattr(field, attribute, None)
        if value is not None:
            limits[attribute] = value
    if field_type in (FieldType.NUMBER, FieldType.NATIONAL_ID, FieldType.MOBILE, FieldType.RATING,
                      FieldType.HIJRI_DATE):  # fmt: skip
        limits["digits"] = DIGIT_SETS
    if field_type == FieldType.NUMBER:
        limits["decimal_separators"] = [".", "٫"]
    elif field_type == FieldType.NATIONAL_ID:
        # After spaces and dashes are removed; the last digit is a Luhn check digit.
        limits["pattern"] = "^[12][0-9]{9}$"
    elif field_type == FieldType.MOBILE:
        # A Saudi mobile in any usual spelling (05…, 5…, +966 5…, 00966 5…); stored as +9665…
        limits["pattern"] = r"^(\+966|00966|0)?5[0-9]{8}$"
    elif field_type == FieldType.EMAIL:
        limits["format"] = "email"
    elif field_type == FieldType.URL:
        limits["format"] = "uri"
    elif field_type == FieldType.DATE:
        limits["format"] = "date"
    elif field_type == FieldType.HIJRI_DATE:
        limits["calendars"] = [calendars.HIJRI, calendars.GREGORIAN]
        limits["format"] = "DD/MM/YYYY or YYYY-MM-DD"
        limits["parts"] = {"calendar": f"{name}_0", "date": f"{name}_1"}
    elif field_type in FILE_TYPES:
        limits["file_types"] = [
            {"content_type": content_type, "extensions": sorted(extensions)}
            for content_type, extensions in uploads.KINDS.values()
        ]
        limits["max_file_bytes"] = uploads.max_file_bytes()
        limits["max_files"] = 10 if field_type == FieldType.FILES else 1
    return limits


def reply_due(date: datetime.date, language: str) -> dict:
    with translation.override(language):  # month names in the form's language
        return {
            "gregorian": date,
            "hijri": calendars.gregorian_to_hijri(date),
            "gregorian_display": calendars.format_gregorian(date, language),
            "hijri_display": calendars.hijri_display(date, language),
        }


@router.get(
    "/{page_id}/",
    response={200: FormSchemaOut},
    url_name="forms_schema",
    summary="A form's fields, limits and texts, in the language asked for",
    operation_id="forms_schema",
    openapi_extra=SCHEMA_PROBLEMS,
)
def form_schema(
    request: HttpRequest,
    page_id: int = Path(..., ge=1, le=MAX_PAGE_ID),
    locale: Literal["ar", "en"] | None = Query(None),  # noqa: B008
):
    page, language, entry_request, refusal = open_form(request, page_id, locale)
    if refusal:
        return problem(refusal.status, refusal.message, code=refusal.code)
    return HttpResponse(kept_schema(page, language, entry_request), content_type="application/json")


# --- submitting -------------------------------------------------------------------------------
@router.post(
    "/{page_id}/submissions/",
    response={200: SubmissionOut, 201: SubmissionOut},
    url_name="forms_submit",
    summary="File a submission of a form (JSON, or multipart/form-data with files)",
    operation_id="forms_submit",
    openapi_extra=SUBMIT_OPENAPI,
)
def submit(
    request: HttpRequest,
    response: HttpResponse,
    page_id: int = Path(..., ge=1, le=MAX_PAGE_ID),
    locale: Literal["ar", "en"] | None = Query(None),  # noqa: B008
):
    page, language, entry_request, refusal = open_form(request, page_id, locale)
    if refusal:
        return problem(refusal.status, refusal.message, code=refusal.code)
    with translation.override(language):
        try:
            data, files, source = read_body(request, page.get_form_class())
        except BadBody as bad:
            return problem(bad.status, bad.message, code=bad.code, fields=bad.fields,
                           errors=[{"loc": ["body", key], "msg": m, "type": "invalid"}
                                   for key, messages in (bad.fields or {}).items() for m in messages])  # fmt: skip
    fingerprint = fingerprint_of(page, language, source)
    key = request.headers.get("Idempotency-Key", "").strip()
    entry = intake.Entry.public(
        entry_request, channel=Channel.API, language=language, user=AnonymousUser(),
        idempotency_token=key or uuid.uuid4(),
    )  # fmt: skip
    result = intake.submit(page.pk, data, files, entry)

    if result.stored:
        submission = result.submission
        response["Cache-Control"] = "no-store"
        if result.created:
            Submission.objects.filter(pk=submission.pk).update(idempotency_fingerprint=fingerprint)
        elif submission.idempotency_fingerprint and submission.idempotency_fingerprint != fingerprint:
            with translation.override(language):
                message = _("This Idempotency-Key was already used for a different submission. Use a new key.")
            return problem(422, message, code="idempotency_key_reused")
        return Status(
            result.status,
            {
                "reference": submission.reference,
                "created": result.created,
                "form_id": page.pk,
                "language": submission.language,
                "submitted_at": submission.submitted_at,
                "reply_due": reply_due(submission.reply_due, language),
            },
        )
    if result.refusal:
        return problem(result.refusal.status, result.refusal.message, code=result.refusal.code)
    fields, errors = field_errors(result.form, language)
    with translation.override(language):
        detail = _("Some answers need correcting.")
    return problem(422, detail, code="invalid", fields=fields, errors=errors)
