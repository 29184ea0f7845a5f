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
"""

import datetime
import hashlib
import json
import logging
import uuid
from http import HTTPStatus
from typing import Any, Literal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from wagtail.rich_text import expand_db_html

from core import calendars, content_version
from core.headless import problem_responses
from forms import intake, prepared, spam, uploads
from forms.kinds import FILE_TYPES, Channel, FieldType
from forms.models import FormPage, Submission

logger = logging.getLogger(__name__)
router = Router(tags=["forms"])

PROBLEM_JSON = "application/problem+json"
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
RECAPTCHA_FIELD = "captcha"  # what the API calls django-recaptcha's g-recaptcha-response


# --- schemas (the OpenAPI document) ---------------------------------------------------
class ChoiceOut(Schema):
    value: str | int
    label: str


class FileTypeOut(Schema):
    content_type: str
    extensions: list[str]


class LimitsOut(Schema):
    max_length: int | None = None
    min_length: int | None = None
    min_value: float | None = None
    max_value: float | None = None
    max_digits: int | None = None
    pattern: str | None = None
    format: str | None = None
    digits: list[str] | None = None
    decimal_separators: list[str] | None = None
    calendars: list[str] | None = None
    parts: dict[str, str] | None = None
    file_types: list[FileTypeOut] | None = None
    max_file_bytes: int | None = None
    max_files: int | None = None


class FieldOut(Schema):
    key: str
    type: str
    source: Literal["editor", "page"]
    label: str
    help_text: str
    required: bool
    multiple: bool
    choices: list[ChoiceOut] | None
    default: Any = None
    role: str = ""
    limits: LimitsOut


class TextOut(Schema):
    label: str
    notice_html: str = ""
    notice_url: str = ""


class ReplyDueOut(Schema):
    gregorian: datetime.date
    hijri: str | None = Field(None, description="YYYY-MM-DD (Umm al-Qura); null outside the calendar's tables.")
    gregorian_display: str
    hijri_display: str


class ReplyPeriodOut(Schema):
    days: int
    working_days: bool
    due_if_sent_today: ReplyDueOut


class RecaptchaOut(Schema):
    enabled: bool
    version: Literal["v2", "v3"]
    site_key: str
    action: str
    field: str
    score_required: float | None


class SubmitOut(Schema):
    url: str
    content_types: list[str]
    idempotency_header: str
    max_submission_bytes: int


class FormSchemaOut(Schema):
    id: int
    locale: str
    title: str
    kind: str
    intro_html: str
    translations: dict[str, int]
    fields: list[FieldOut]
    declaration: TextOut | None
    privacy: TextOut | None
    reply_period: ReplyPeriodOut
    recaptcha: RecaptchaOut
    submit: SubmitOut


class SubmissionOut(Schema):
    reference: str
    created: bool
    form_id: int
    language: str
    submitted_at: datetime.datetime
    reply_due: ReplyDueOut


class ProblemOut(Schema):
    """RFC 9457 problem details; `fields` maps each field's key to its messages."""

    type: str
    title: str
    status: int
    detail: str = ""
    code: str | None = None
    errors: list[dict[str, Any]] | None = None
    fields: dict[str, list[str]] | None = None


# For `response=` dicts of other routers (followup/api.py). These document the
# errors as application/json; problem_responses() documents them as they are sent.
PROBLEMS = dict.fromkeys((400, 403, 404, 413, 415, 422, 429, 503), ProblemOut)

# Error answers, documented as application/problem+json.
SCHEMA_PROBLEMS = problem_responses(403, 404, 422)
SUBMIT_PROBLEMS = problem_responses(400, 403, 404, 413, 415, 422, 429, 503)


def problem(status, detail, *, code, fields=None, errors=None) -> HttpResponse:
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": str(detail)}
    body["code"] = code
    if fields is not None:
        body["fields"] = fields
        body["errors"] = errors or []
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_JSON)
    patch_cache_control(response, no_store=True)
    return response


# --- finding the page -------------------------------------------------------------------
def api_entry_request(request: HttpRequest) -> HttpRequest:
    """The request as the API's entry sees it: no signed-in user and no session.

    A copy, so the real request's session middleware is left as it was.
    """
    import copy

    stripped = copy.copy(request)
    stripped.user = AnonymousUser()
    stripped.session = {}
    return stripped


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
            "enabled": spam.recaptcha_enabled(),
            "version": "v3" if v3 else "v2",
            "site_key": settings.RECAPTCHA_PUBLIC_KEY if spam.recaptcha_enabled() else "",
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
    from organisation.models import OrganisationSettings

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
ANSWER_SCHEMA = {
    "type": "object",
    "description": (
        "The answers, keyed by each field's `key` from the form's schema. Texts, numbers and choice "
        "values as strings or numbers; several choices as an array; a checkbox as true or false; a "
        'Hijri-or-Gregorian date as {"calendar": "hijri", "date": "15/03/1405"} (or the parts '
        "<key>_0 and <key>_1); the reCAPTCHA token as `captcha`. Files only in multipart/form-data."
    ),
    "additionalProperties": True,
}
SUBMIT_OPENAPI = {
    **SUBMIT_PROBLEMS,
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ANSWER_SCHEMA},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "description": "The answers as form fields (as the site's own form sends them), and the files.",
                    "additionalProperties": True,
                }
            },
        },
    },
    "parameters": [
        {
            "name": "Idempotency-Key",
            "in": "header",
            "required": False,
            "description": (
                "A UUID chosen by the client for this submission. Sending it again with the same body answers "
                "the first result (200); with a different body, 422."
            ),
            "schema": {"type": "string"},
        }
    ],
}


class BadBody(Exception):
    def __init__(self, status, message, code, fields=None):
        super().__init__(message)
        self.status, self.message, self.code, self.fields = status, message, code, fields


def read_body(request, form_class) -> tuple[Any, Any, str]:
    """(data, files, fingerprint source) from a JSON or multipart body, or BadBody."""
    content_type = request.content_type or ""
    if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        try:
            data, files = request.POST, request.FILES
        except RequestDataTooBig:
            raise BadBody(413, _("The request is too large."), "too_large") from None
        except (MultiPartParserError, TooManyFieldsSent, SuspiciousOperation, ValueError):
            raise BadBody(400, _("The request body could not be read."), "bad_body") from None
        if data.get(RECAPTCHA_FIELD) and not data.get("g-recaptcha-response"):
            data = data.copy()
            data["g-recaptcha-response"] = data[RECAPTCHA_FIELD]
        return data, files, multipart_fingerprint(data, files)
    if content_type != "application/json":
        raise BadBody(415, _("Send the answers as application/json, or multipart/form-data with files."), "bad_type")
    try:
        raw = request.body
    except RequestDataTooBig:
        raise BadBody(413, _("The request is too large."), "too_large") from None
    try:
        answers = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadBody(400, _("The request body is not valid JSON."), "bad_json") from None
    if not isinstance(answers, dict):
        raise BadBody(400, _("The answers must be a JSON object."), "bad_json")
    data, errors = json_to_form_data(answers, form_class)
    if errors:
        raise BadBody(422, _("Some answers need correcting."), "invalid", fields=errors)
    return data, {}, json.dumps(answers, sort_keys=True, ensure_ascii=False, default=str)


def json_to_form_data(answers: dict, form_class) -> tuple[dict, dict]:
    """JSON answers as the form reads its data; errors for values of the wrong shape."""
    date_fields = {key for key, spec in form_class.field_specs.items() if spec.field_type == FieldType.HIJRI_DATE}
    data: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    wrong = _("This answer is not of an accepted kind.")
    for key, value in answers.items():
        if not isinstance(key, str) or value is None:
            continue
        target = key
        if key == RECAPTCHA_FIELD and isinstance(value, str):
            # reCAPTCHA v2's widget reads g-recaptcha-response, v3's its own field.
            data["g-recaptcha-response"] = value
        if key in date_fields and isinstance(value, dict):
            calendar, date = value.get("calendar", ""), value.get("date", "")
            if not isinstance(calendar, str) or not isinstance(date, str):
                errors[key] = [wrong]
                continue
            data[f"{key}_0"], data[f"{key}_1"] = calendar, date
        elif key in date_fields and isinstance(value, str):
            data[f"{key}_0"], data[f"{key}_1"] = "", value
        elif isinstance(value, bool):
            data[target] = value
        elif isinstance(value, str | int | float):
            data[target] = str(value)
        elif isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
            data[target] = [str(item) for item in value]
        else:
            errors[key] = [wrong]
    return data, errors


def multipart_fingerprint(data, files) -> str:
    parts = [[key, data.getlist(key)] for key in sorted(data)]
    for key in sorted(files):
        for upload in files.getlist(key):
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
            parts.append([key, upload.name, upload.size, digest.hexdigest()])
    return json.dumps(parts, ensure_ascii=False)


def fingerprint_of(page, language, source: str) -> str:
    return hashlib.sha256(f"{page.translation_key}|{language}|{source}".encode()).hexdigest()


def field_errors(form, language) -> tuple[dict, list]:
    """A form's errors as {key: [messages]} and problem+json's `errors` list, in `language`."""
    fields, errors = {}, []
    with translation.override(language):
        for name, error_list in form.errors.as_data().items():
            key = name if name != "__all__" else "non_field_errors"
            for error in error_list:
                for message in error.messages:
                    fields.setdefault(key, []).append(str(message))
                    errors.append({"loc": ["body", key], "msg": str(message), "type": error.code or "invalid"})
    return fields, errors


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
