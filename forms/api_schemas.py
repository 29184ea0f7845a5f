"""The forms API's OpenAPI document: what its routes (forms/api.py) answer and take."""

import datetime
from typing import Any, Literal

from ninja import Field, Schema

from core.headless import problem_responses


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
# Every part of a multipart body is bytes: a text answer is a part without a file name, a file a part with
# one. Said as one binary type, a generated client (openapi-python-client) can send both; a union of text
# and binary is what it cannot yet generate code for.
MULTIPART_ANSWER_SCHEMA = {
    "type": "object",
    "description": (
        "The answers as form fields, as the site's own form sends them: one part per answer, named by the "
        "field's `key`. A text answer is a part without a file name (UTF-8 text); a file is a part with its "
        "file name and content type, several files under the same key several parts; a Hijri-or-Gregorian "
        "date is the parts <key>_0 (the calendar) and <key>_1 (the date)."
    ),
    "additionalProperties": {"type": "string", "format": "binary"},
}
SUBMIT_OPENAPI = {
    **SUBMIT_PROBLEMS,
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ANSWER_SCHEMA},
            "multipart/form-data": {"schema": MULTIPART_ANSWER_SCHEMA},
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
