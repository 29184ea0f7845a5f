"""The one way in for a submission, whatever door it comes through.

Every door calls `submit`: the page's own URL (Wagtail's routing, then
`FormPage.form_view`), the address forms post to (`forms.views.send`), and the
doors still to come (the headless API, staff entering a request made by phone,
letter or at a branch). It does, in this order and only here:

1. find the form page, prepared for submissions (`forms.prepared`), and refuse
   it unless it is live, in the requesting host's site, in the entry's language
   and open to this visitor (view restrictions), as Wagtail's routing would;
2. count the attempt against the public rate limit;
3. answer a repeat of an earlier submission's token with that submission;
4. validate the answers (reCAPTCHA among them);
5. store the submission (`forms.pipeline`).

Staff entering a request on the applicant's behalf say so (`Entry.staff`): the
entry then checks their permission instead of reCAPTCHA and the public rate
limit, and records the channel and who entered it.

The doors only turn the `Result` into their own kind of answer (a page, a
redirect, JSON).
"""

import dataclasses
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from wagtail.models import Page

from core import site_facts
from core.localization import default_locale_id
from forms import pipeline, prepared, spam
from forms.kinds import PUBLIC_CHANNELS, STAFF_CHANNELS, Channel
from forms.records import Submission
from organisation import suspension

# What a staff member needs to enter a request on an applicant's behalf.
STAFF_ENTRY_PERMISSION = "forms.add_submission"


@dataclasses.dataclass(frozen=True)
class Entry:
    """Who is sending, from where, and how: what a door knows about its request.

    `request` is the HTTP request the door is answering: the host's site, the
    rate limit's client address and password view restrictions (its session)
    come from it. `language` is the language of the form the door served (a
    form in another language is refused); None takes the page's own (staff,
    who choose a page by its id).
    """

    request: HttpRequest
    language: str | None
    user: Any
    client_ip: str
    channel: str = Channel.WEBSITE
    entered_by: Any = None
    # True only through `Entry.staff`: no reCAPTCHA, no public rate limit,
    # a permission check instead.
    staff_entry: bool = False
    # The door's own idempotency key (an API's Idempotency-Key header), as a
    # UUID; None: the form's hidden `submission_token`.
    idempotency_token: uuid.UUID | str | None = None

    def __post_init__(self):
        if self.staff_entry:
            if self.channel not in STAFF_CHANNELS or self.entered_by is None:
                raise ValueError("A staff entry needs a channel of phone, letter or branch and who entered it.")
        elif self.channel not in PUBLIC_CHANNELS or self.entered_by is not None:
            raise ValueError("A public entry comes by the website or the API, entered by nobody.")

    @classmethod
    def public(cls, request, *, channel=Channel.WEBSITE, language=None, user=None, idempotency_token=None):
        """An applicant sending a form themselves: the site's pages, or the API (`channel=Channel.API`).

        `user` is whom view restrictions are checked for (the request's user by
        default; an API door that ignores sessions passes AnonymousUser).
        """
        return cls(
            request=request,
            language=language or get_language(),
            user=request.user if user is None else user,
            client_ip=spam.client_ip(request),
            channel=channel,
            idempotency_token=idempotency_token,
        )

    @classmethod
    def staff(cls, request, *, channel, language=None, idempotency_token=None):
        """A signed-in staff member entering a request made by phone, letter or at a branch."""
        return cls(
            request=request,
            language=language,
            user=request.user,
            client_ip=spam.client_ip(request),
            channel=channel,
            entered_by=request.user,
            staff_entry=True,
            idempotency_token=idempotency_token,
        )


@dataclasses.dataclass(frozen=True)
class Refusal:
    """Why a submission was not taken: a short code, the HTTP status, a translated message."""

    code: str
    status: int
    message: str


# Refusal codes.
NOT_FOUND = "not_found"  # not a live form page, not in this host's site, not in this language
RESTRICTED = "restricted"  # behind a view restriction this visitor does not pass
NOT_PERMITTED = "not_permitted"  # staff entry by someone without the permission
RATE_LIMITED = "rate_limited"
BAD_IDEMPOTENCY_KEY = "bad_idempotency_key"  # not a UUID
SERVICE_PAUSED = "service_paused"
SUSPENDED = "suspended"  # the association is suspended (organisation.suspension)
STORAGE_FAILED = "storage_failed"
DATABASE_FAILED = "database_failed"


@dataclasses.dataclass
class Result:
    """What became of a submission: exactly one of stored, invalid or refused.

    stored: `submission`, and `created` (False: a repeat of an earlier token,
    answered with the first submission). invalid: `form` holds the errors.
    refused: `refusal` says why; `form` is the bound form when one was built
    (for a page to show again with the answers), else None.
    """

    page: Any = None
    form: Any = None
    submission: Submission | None = None
    created: bool = False
    refusal: Refusal | None = None

    @property
    def stored(self) -> bool:
        return self.submission is not None

    @property
    def invalid(self) -> bool:
        return not self.stored and self.refusal is None

    @property
    def status(self) -> int:
        if self.stored:
            return 201 if self.created else 200
        return self.refusal.status if self.refusal else 400


def open_page(page, entry: Entry) -> tuple[Any, Refusal | None]:
    """The form page (an instance or an id) prepared for submissions, if this entry may send it.

    Returns (page, None), or (None or the page, a refusal): every door's page
    lookup and checks are these.
    """
    page_id = page.pk if isinstance(page, Page) else page
    try:
        page_id = int(page_id)
    except (TypeError, ValueError):
        page_id = None
    # Live, a form page, in the site of the association it is sent to: the one lookup, kept ready per worker.
    found = prepared.live_form_page(page_id, entry.request, site_id=site_id_of(entry)) if page_id else None
    if found is None or (entry.language and found.locale.language_code != entry.language):
        return None, Refusal(NOT_FOUND, 404, _("This form could not be found."))
    if blocking_restriction(found, entry) is not None:
        return found, Refusal(RESTRICTED, 403, _("This form is open only to signed-in or authorised visitors."))
    if entry.staff_entry and not may_enter_for_applicants(entry.entered_by):
        return found, Refusal(NOT_PERMITTED, 403, _("You may not enter requests on an applicant's behalf."))
    return found, None


def site_id_of(entry: Entry) -> int | None:
    """The association a submission through this entry goes to: the site of the requesting host; for
    staff entering a request, the association they work in (`working_site_id`, else the host's)."""
    if entry.staff_entry and getattr(entry.entered_by, "working_site_id", None) is not None:
        return entry.entered_by.working_site_id
    return site_facts.site_id(entry.request)


def blocking_restriction(page, entry: Entry):
    """The first view restriction over the page that this entry's visitor does not pass, or None."""
    restrictions = page.get_view_restrictions()  # kept with the prepared page
    if not restrictions:
        return None
    visitor = _Visitor(entry.user, getattr(entry.request, "session", None) or {})
    return next((restriction for restriction in restrictions if not restriction.accept_request(visitor)), None)


@dataclasses.dataclass(frozen=True)
class _Visitor:
    """What a view restriction asks of a request (`BaseViewRestriction.accept_request`): its user and
    session. The entry's user, which a door may set apart from the session's."""

    user: Any
    session: Any


def may_enter_for_applicants(user) -> bool:
    return bool(user and user.is_active and user.is_authenticated and user.has_perm(STAFF_ENTRY_PERMISSION))


@sensitive_variables("data")
def submit(page, data, files, entry: Entry) -> Result:
    """Take one submission of the form page `page` (an instance or an id): check, validate, store.

    `data` and `files` are what was sent, keyed by field name as the form has
    them (a QueryDict or a dict). Never raises for anything the sender did.
    """
    found, refusal = open_page(page, entry)
    if refusal:
        return Result(page=found, refusal=refusal)
    if entry.language is None:  # staff: the page's own language, in the staff member's admin
        return _take(found, data, files, entry, found.locale.language_code)
    # Refusals are worded in the entry's language (a form's errors are
    # translated when shown, in the language active then).
    with translation.override(entry.language):
        return _take(found, data, files, entry, entry.language)


@sensitive_variables("data")
def _take(page, data, files, entry, language) -> Result:
    if entry.idempotency_token is not None:
        token = _as_uuid(entry.idempotency_token)
        if token is None:
            message = _("The idempotency key must be a UUID.")
            return Result(page=page, refusal=Refusal(BAD_IDEMPOTENCY_KEY, 422, message))
        data = _with(data, "submission_token", str(token))
    else:
        token = _as_uuid(data.get("submission_token"))

    form = page.get_form(
        data, files, page=page, user=entry.user, remote_ip=entry.client_ip, captcha=not entry.staff_entry,
        recaptcha_keys=spam.recaptcha_keys(entry.request),  # the host's association's: the page is in its site
    )  # fmt: skip
    if suspension.host_suspended(entry.request):  # the host's association: the page is in its site
        message = suspension.form_refusal_message()
        return Result(page=page, form=form, refusal=Refusal(SUSPENDED, 403, message))
    if not entry.staff_entry and spam.over_rate_limit(entry.request):
        message = _("You have sent many forms in a short time. Please try again in a few minutes.")
        return Result(page=page, form=form, refusal=Refusal(RATE_LIMITED, 429, message))

    # A repeat (a double click, a retried request) is answered before anything
    # is checked again: a reCAPTCHA token, for one, cannot be verified twice.
    if token is not None and (earlier := Submission.objects.filter(idempotency_token=token).first()):
        return Result(page=page, form=form, submission=earlier, created=False)

    if not form.is_valid():
        return Result(page=page, form=form)

    cleaned = form.cleaned_data
    carried = service_in_main_language(cleaned.get("service"))
    if paused(carried):
        return Result(
            page=page,
            form=form,
            refusal=Refusal(SERVICE_PAUSED, 400, _("This service is not taking requests at the moment.")),
        )
    # A complaint's "related service" is the applicant's own choice: it wins over the page they came from.
    service = service_in_main_language(cleaned.get("related_service")) or carried

    try:
        submission, created = pipeline.create_submission(
            page, form, site_id=site_id_of(entry), language=language, service=service, channel=entry.channel,
            entered_by=entry.entered_by,
        )  # fmt: skip
    except pipeline.StorageFailed:
        message = _("We could not save your attached files just now. Nothing was sent: please try again.")
        return Result(page=page, form=form, refusal=Refusal(STORAGE_FAILED, 503, message))
    except pipeline.DatabaseFailed:
        message = _("We could not save your request just now. Nothing was sent: please try again.")
        return Result(page=page, form=form, refusal=Refusal(DATABASE_FAILED, 503, message))
    return Result(page=page, form=form, submission=submission, created=created)


def _as_uuid(value):
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def _with(data, key, value):
    """A copy of `data` (a QueryDict or a dict) with `key` set to `value`."""
    data = data.copy()
    data[key] = value
    return data


def service_in_main_language(value):
    """A live service page (by id, in any language) as its page in the site's main language, or None.

    Submissions of every language are filed under the Arabic service, as under the Arabic form.
    """
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
