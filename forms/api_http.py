"""What the forms API reads and writes over HTTP, shared with followup's API.

Answers come as JSON or as multipart/form-data (with files) and are read into
what the form reads; refusals and errors go out as RFC 9457 problem details.
The API reads no session: its entry sees the request without a user or one.
"""

import copy
import hashlib
import json
from http import HTTPStatus
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from forms.kinds import FieldType

PROBLEM_JSON = "application/problem+json"
RECAPTCHA_FIELD = "captcha"  # what the API calls django-recaptcha's g-recaptcha-response


def problem(status, detail, *, code, fields=None, errors=None) -> HttpResponse:
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": str(detail)}
    body["code"] = code
    if fields is not None:
        body["fields"] = fields
        body["errors"] = errors or []
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_JSON)
    patch_cache_control(response, no_store=True)
    return response


def api_entry_request(request: HttpRequest) -> HttpRequest:
    """The request as the API's entry sees it: no signed-in user and no session.

    A copy, so the real request's session middleware is left as it was.
    """
    stripped = copy.copy(request)
    stripped.user = AnonymousUser()
    stripped.session = {}
    return stripped


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
