"""Following a request in Wagtail's API v3, beside the forms' operations (one OpenAPI document).

    POST /api/v3/followup/lookup/?locale=ar           {"reference": "...", "mobile": "..."}: the status
    GET  /api/v3/followup/status/{token}/?locale=ar   the status, by the personal link's token
    POST /api/v3/followup/surveys/{token}/?locale=ar  answer the survey through a personal survey link

The lookup is a POST so the mobile number never sits in a URL or a log. A
wrong pair and an unknown reference get the same 404; both count against the
same rate limits as the site's page. A survey answer goes through
`forms.intake.submit`, the one way in, as the site's own form does.
"""

import datetime
import uuid
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from core import site_facts
from core.headless import problem_responses
from followup import status as plain
from followup import tokens
from followup.models import lookup_page_for
from followup.views import HIDDEN_SURVEY_FIELDS, survey_page_for, take_survey_answer
from forms import intake, spam
from forms.api_http import BadBody, api_entry_request, field_errors, problem, read_body
from forms.kinds import Channel

router = Router(tags=["followup"])
TOKEN_PATTERN = r"^\d{1,12}-[0-9a-f]{32}$"  # noqa: S105 - the shape of a link token, not a secret


class LookupIn(Schema):
    reference: str
    mobile: str


class ExpectedAnswerOut(Schema):
    gregorian: datetime.date
    hijri: str | None = Field(None, description="YYYY-MM-DD (Umm al-Qura); null outside the calendar's tables.")
    gregorian_display: str
    hijri_display: str


class StatusOut(Schema):
    """The request as its applicant may see it: plain words, dates, what to do next. Nothing else."""

    reference: str
    kind: str
    stage: Literal[tuple(plain.PUBLIC_STAGES)]  # type: ignore[valid-type]
    status_text: str
    next_step: str
    last_change: datetime.datetime
    expected_answer: ExpectedAnswerOut | None
    waiting_for_documents: bool
    branches: list[dict[str, Any]]


class SurveyAnswerOut(Schema):
    reference: str
    created: bool


def status_body(case, language, page=None) -> dict:
    with translation.override(language):
        described = plain.describe(case, language)
        branches = plain.branches_for(page) if page is not None and described["waiting_for_documents"] else []
        return {
            "reference": described["reference"],
            "kind": described["kind"],
            "stage": described["stage"],
            "status_text": str(described["status_text"]),
            "next_step": str(described["next_step"]),
            "last_change": described["last_change"],
            "expected_answer": described["expected_answer"],
            "waiting_for_documents": described["waiting_for_documents"],
            "branches": [{key: str(value) for key, value in branch.items()} for branch in branches],
        }


def _not_found(language):
    with translation.override(language):
        return problem(404, _("We found no request with this reference number and mobile number."), code="not_found")


@router.post(
    "/lookup/",
    response={200: StatusOut},
    openapi_extra=problem_responses(400, 404, 422, 429),
    url_name="followup_lookup",
    summary="A request's status by its reference number and the applicant's mobile",
    operation_id="followup_lookup",
)
def lookup(
    request: HttpRequest,
    response: HttpResponse,
    body: LookupIn,
    locale: Literal["ar", "en"] = Query("ar"),  # noqa: B008
):
    response["Cache-Control"] = "private, no-store"  # one applicant's request: no cache keeps it

    with translation.override(locale):
        site_id = site_facts.site_id(request)
        result = plain.find(body.reference[:60], body.mobile[:40], spam.client_ip(request), site_id)
        if result.limited:
            message = _("There have been many attempts to look up requests in a short time. Please wait a few "
                        "minutes and try again.")  # fmt: skip
            return problem(429, message, code="rate_limited")
        if result.errors:
            fields = {key: [str(message)] for key, message in result.errors.items()}
            errors = [{"loc": ["body", key], "msg": m[0], "type": "invalid"} for key, m in fields.items()]
            return problem(422, _("Some answers need correcting."), code="invalid", fields=fields, errors=errors)
    if not result.found:
        return _not_found(locale)
    return Status(200, status_body(result.case, locale, lookup_page_for(locale, site_id)))


@router.get(
    "/status/{token}/",
    response={200: StatusOut},
    openapi_extra=problem_responses(404, 422),
    url_name="followup_status",
    summary="A request's status by the token of the applicant's personal link",
    operation_id="followup_status",
)
def status_by_token(
    request: HttpRequest,
    response: HttpResponse,
    token: str = Path(..., max_length=50, pattern=TOKEN_PATTERN),
    locale: Literal["ar", "en"] = Query("ar"),  # noqa: B008
):
    response["Cache-Control"] = "private, no-store"
    case = tokens.case_for_status_token(token, site_facts.site_id(request))
    if case is None:
        with translation.override(locale):
            return problem(404, _("This link is not valid, or it has expired."), code="not_found")
    return Status(200, status_body(case, locale, lookup_page_for(locale, case.submission.site_id)))


@router.post(
    "/surveys/{token}/",
    response={200: SurveyAnswerOut, 201: SurveyAnswerOut},
    url_name="followup_survey",
    summary="Answer the satisfaction survey through a personal survey link (JSON answers, as the form's schema)",
    operation_id="followup_survey",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object", "additionalProperties": True}}},
        },
        **problem_responses(400, 403, 404, 410, 413, 415, 422, 429, 503),
    },
)
def answer_survey(
    request: HttpRequest,
    response: HttpResponse,
    token: str = Path(..., max_length=50, pattern=TOKEN_PATTERN),
    locale: Literal["ar", "en"] = Query("ar"),  # noqa: B008
):
    response["Cache-Control"] = "private, no-store"
    with translation.override(locale):
        site_id = site_facts.site_id(request)
        invitation = tokens.invitation_for_survey_token(token, site_id)
        page = lookup_page_for(locale, site_id)
        survey_page = survey_page_for(page) if page else None
        if invitation is None or survey_page is None:
            return problem(404, _("This survey link is not valid."), code="not_found")
        if invitation.used_at is not None:
            return problem(410, _("This survey link has already been used: each link takes one answer."), code="used")
        if invitation.expired:
            return problem(410, _("This survey link has expired: links work for 30 days."), code="expired")
        try:
            data, files, _source = read_body(request, survey_page.get_form_class())
        except BadBody as bad:
            return problem(bad.status, bad.message, code=bad.code, fields=bad.fields)
    data = data.copy()
    for key in HIDDEN_SURVEY_FIELDS:
        data.pop(key, None)
    data["service"] = str(invitation.service_id or "")
    data["request_reference"] = invitation.case.submission.reference
    key = request.headers.get("Idempotency-Key", "").strip()
    entry = intake.Entry.public(
        api_entry_request(request), channel=Channel.API, language=locale, user=AnonymousUser(),
        idempotency_token=key or uuid.uuid4(),
    )  # fmt: skip
    result = take_survey_answer(invitation, survey_page, data, files, entry)
    with translation.override(locale):
        if result is None:
            return problem(410, _("This survey link has already been used: each link takes one answer."), code="used")
        if result.stored:
            return Status(result.status, {"reference": result.submission.reference, "created": result.created})
        if result.refusal:
            return problem(result.refusal.status, result.refusal.message, code=result.refusal.code)
        fields, errors = field_errors(result.form, locale)
        return problem(422, _("Some answers need correcting."), code="invalid", fields=fields, errors=errors)
