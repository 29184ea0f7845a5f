"""No personal data in logs, audit entries or error emails, whatever way it came in and whatever failed.

Requests carrying canary values (a name, a national ID, a mobile, an email, an
attachment's file name) go in through every door: the form page, the address
forms post to, the headless API (JSON and multipart), staff entering a request
in the inbox, the follow-up lookup (page and API), the personal link (documents,
withdrawal), the survey (link, API and the open form). Mail is refused and the
SMS gateway answers errors, so every error path logs; the inbox moves requests
so that messages are owed and fail; `forms_maintenance` retries them; and each
door is made to fail with a 500 so that Django's error report is written.

Everything logged is caught (a handler on the root logger and on every logger,
propagating or not, project loggers at DEBUG), with every error email: those
sent through mail_admins and what Django's AdminEmailHandler would write for
every ERROR record. Task workers' logs are covered by running the tasks in this
process (the immediate backend), as `db_worker` runs the same code.
"""

import contextlib
import json
import logging
import re
import runpy
import smtplib
import threading
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.log import AdminEmailHandler

from scripts.signin import sign_in
from tests.support.forms import help_request_data, pdf, png
from tests.support.staff import GROUPS

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

# --- the canaries ----------------------------------------------------------------------------------
NAME_AR = "نوال قناريه الشهراني"
NAME_EN = "Nawal Qanariya Alshahrani"
NATIONAL_ID = "2719463081"  # a resident's Iqama: starts with 2, Luhn check digit 1
MOBILE = "0547318296"  # stored as +966547318296
EMAIL = "nawal.qanariya.5093@example.net"
FILE_NAME = "qanariya-lease-6612.pdf"
IMAGE_NAME = "qanariya-payslip-6612.png"

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
EASTERN_ARABIC_INDIC = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# How the digits are typed at each door: Arabic-Indic with spaces, +966, 00966, Persian digits.
TYPED_ID = {
    "ar": NATIONAL_ID.translate(ARABIC_INDIC),
    "en": NATIONAL_ID,
    "api": NATIONAL_ID.translate(EASTERN_ARABIC_INDIC),
}
TYPED_MOBILE = {"ar": "٠٥٤ ٧٣١ ٨٢٩٦", "en": "+966 54 731 8296", "api": "00966547318296"}

TEXT_CANARIES = {
    "name": [NAME_AR, "قناريه", NAME_EN, "qanariya"],
    "email": [EMAIL, "nawal.qanariya.5093"],
    "attachment name": ["qanariya-lease-6612", "qanariya-payslip-6612"],
}
# Digits are looked for in every digit form, whatever separates them.
DIGIT_CANARIES = {"national ID": NATIONAL_ID, "mobile": MOBILE[1:]}  # 547318296: in 05…, +9665… and 9665…
TO_WESTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
SEPARATORS = re.compile(r"[\s\-().\u00a0\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def spellings(text):
    """A canary as it may be written down: as is, escaped for JSON or Python, URL-encoded, as UTF-8 bytes."""
    return {
        text.lower(),
        json.dumps(text)[1:-1].lower(),
        text.encode("unicode_escape").decode("ascii").lower(),
        quote(text).lower(),
        quote_plus(text).lower(),
        str(text.encode("utf-8"))[2:-1].lower(),
    }


def canaries_in(text) -> list[str]:
    text = str(text or "")
    lowered = text.lower()
    found = [
        f"{kind} ({needle!r})"
        for kind, needles in TEXT_CANARIES.items()
        for needle in needles
        if any(spelling in lowered for spelling in spellings(needle))
    ]
    digits = SEPARATORS.sub("", text.translate(TO_WESTERN))
    found += [f"{kind} ({needle})" for kind, needle in DIGIT_CANARIES.items() if needle in digits]
    return found


def test_the_canaries_are_found_in_every_spelling():
    assert canaries_in("SMS to +966547318296 failed") == ["mobile (547318296)"]
    assert canaries_in("mobile ٠٥٤ ٧٣١ ٨٢٩٦") == ["mobile (547318296)"]
    assert canaries_in("id ۲۷۱۹۴۶۳۰۸۱") == ["national ID (2719463081)"]
    assert canaries_in("q=%D9%86%D9%88%D8%A7%D9%84+%D9%82%D9%86%D8%A7%D8%B1%D9%8A%D9%87")
    assert canaries_in(json.dumps({"to": NAME_AR}))
    assert canaries_in(repr(NAME_AR.encode()))
    assert canaries_in("<NAWAL.QANARIYA.5093@EXAMPLE.NET>: recipient refused")
    assert canaries_in("Case 42 moved; notification 7 failed (attempt 2): SMTPRecipientsRefused") == []
    from forms.saudi import clean_national_id, clean_saudi_mobile

    assert clean_national_id(TYPED_ID["ar"]) == clean_national_id(TYPED_ID["api"]) == NATIONAL_ID
    assert {clean_saudi_mobile(typed) for typed in TYPED_MOBILE.values()} == {"+966547318296"}


# --- what is caught ------------------------------------------------------------------------------
PROJECT_LOGGERS = [
    "website", "home", "policies", "services", "forms", "followup", "governance", "inbox", "organisation",
    "staff_security", "backups", "django_tasks", "django_tasks_db",
]  # fmt: skip
STANDARD_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("x", logging.INFO, "x", 0, "x", (), None))) | {"message"}


class AdminEmailOutput(AdminEmailHandler):
    """Django's AdminEmailHandler writing into a list instead of mail; with the HTML report too, which
    lists every frame's local variables (the answers among them) if the filter lets it."""

    def __init__(self):
        super().__init__(include_html=True)
        self.written = []

    def send_mail(self, subject, message, *args, **kwargs):
        self.written.append("\n".join([subject, message, kwargs.get("html_message") or ""]))


class Catch(logging.Handler):
    """Every record any logger emits, each once, as text; and what an error email would say of it."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = {}
        self.admin_email = AdminEmailOutput()

    def emit(self, record):
        if id(record) in self.records:  # seen by a logger nearer the source
            return
        self.records[id(record)] = (record, self.text_of(record))
        if record.levelno >= logging.ERROR:
            self.admin_email.emit(record)

    @staticmethod
    def text_of(record) -> str:
        parts = [record.name, repr(record.msg), repr(record.args)]
        with contextlib.suppress(Exception):  # a broken format string still shows its msg and args above
            parts.append(record.getMessage())
        if record.exc_info and record.exc_info[0] is not None:
            parts.append("".join(traceback.format_exception(*record.exc_info)))
        parts += [record.exc_text or "", record.stack_info or ""]
        # Extras too, but not Django's `request` object: no formatter prints it, and what the error
        # email makes of it is checked as an error email.
        parts += [
            f"{key}={value!r}"
            for key, value in vars(record).items()
            if key not in STANDARD_RECORD_ATTRIBUTES and key != "request"
        ]
        return "\n".join(parts)


class RefusingMail(BaseEmailBackend):
    """A mail server that refuses every recipient, naming them, as real servers do."""

    attempted: list = []

    def send_messages(self, email_messages):
        RefusingMail.attempted.extend(email_messages)
        if self.fail_silently:  # as Django's SMTP backend: error mail to ADMINS is sent so
            return 0
        recipients = [address for message in email_messages for address in message.recipients()]
        raise smtplib.SMTPRecipientsRefused(
            {address: (550, f"5.1.1 <{address}>: Recipient address rejected".encode()) for address in recipients}
        )


class EchoingGateway:
    """An SMS gateway on loopback that refuses every message and says back what it was sent."""

    def __init__(self):
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                answer = json.dumps({"error": "invalid destination", "request": body.decode("utf-8")}).encode()
                self.send_response(400)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1/messages"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def gateway():
    server = EchoingGateway()
    yield server
    server.stop()


class Leaks:
    """What the test looked at, and where a canary turned up."""

    def __init__(self, catch, admin_mail):
        self.catch = catch
        self.admin_mail = admin_mail
        from wagtail.log_actions import registry

        # Every log model in use (Wagtail's two, and the inbox's own for requests).
        self.log_models = sorted(registry.get_log_entry_models(), key=lambda model: model._meta.label)
        self.first_entry = {model: (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
                            for model in self.log_models}  # fmt: skip

    def audit_entries(self):
        for model in self.log_models:
            yield from model.objects.filter(pk__gt=self.first_entry[model]).order_by("pk")

    def found(self) -> list[str]:
        found = []
        for record, text in self.catch.records.values():
            found += [f"log record {record.name} {record.levelname}: {hit}" for hit in canaries_in(text)]
        for entry in self.audit_entries():
            text = "\n".join([entry.label, json.dumps(entry.data, ensure_ascii=False), str(entry.message)])
            found += [f"audit entry {entry.action} (#{entry.pk}): {hit}" for hit in canaries_in(text)]
        for number, text in enumerate(self.catch.admin_email.written + self.admin_mail):
            found += [f"error email {number}: {hit}" for hit in canaries_in(text)]
        return found

    def assert_none(self, *, least_records=1):
        assert len(self.catch.records) >= least_records, "the failures logged nothing: the test proves nothing"
        found = self.found()
        if found:  # pytest.fail: an assert's message would be cut to a few lines
            pytest.fail("personal data written down:\n" + "\n".join(sorted(set(found))), pytrace=False)

    def records(self, name_prefix="", level=logging.DEBUG):
        return [r for r, _text in self.catch.records.values() if r.name.startswith(name_prefix) and r.levelno >= level]


@pytest.fixture
def leaks(settings, monkeypatch, gateway, demo):
    from django.core.cache import cache

    from followup import status

    settings.EMAIL_BACKEND = f"{__name__}.RefusingMail"
    RefusingMail.attempted = []
    settings.ADMINS = [("Administrators", "admins@example.org")]
    settings.MANAGERS = settings.ADMINS
    settings.FORMS_SMS_BACKEND = "forms.sms.HttpGatewayBackend"
    settings.FORMS_SMS_GATEWAY_URL = gateway.url
    settings.FORMS_SMS_GATEWAY_TOKEN = "token-for-tests"  # noqa: S105
    settings.FORMS_SMS_GATEWAY_TIMEOUT = 5
    cache.clear()
    status._local_counts.clear()

    # mail_admins and mail_managers, whoever calls them (AdminEmailHandler, BrokenLinkEmailsMiddleware, the app).
    admin_mail = []
    for name in ("mail_admins", "mail_managers"):
        original = getattr(mail, name)

        def recording(subject, message, *args, _original=original, **kwargs):
            admin_mail.append("\n".join([subject, message, kwargs.get("html_message") or ""]))
            return _original(subject, message, *args, **kwargs)

        monkeypatch.setattr(mail, name, recording)

    catch = Catch()
    loggers = [logging.getLogger()] + [
        logger for logger in logging.root.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    levels = {}
    for name in PROJECT_LOGGERS:
        levels[name] = logging.getLogger(name).level
        logging.getLogger(name).setLevel(logging.DEBUG)
    for logger in loggers:
        if logger.name.split(".")[0] in PROJECT_LOGGERS and logger.level > logging.DEBUG:
            levels[logger.name] = logger.level
            logger.setLevel(logging.DEBUG)
        logger.addHandler(catch)
    yield Leaks(catch, admin_mail)
    for logger in {*loggers, logging.getLogger(), *[logging.getLogger(name) for name in PROJECT_LOGGERS]}:
        logger.removeHandler(catch)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


@pytest.fixture
def staff(db, django_user_model):
    """Staff of the inbox roles these doors need (as the `staff` fixture of tests/conftest.py makes them)."""
    from django.contrib.auth.models import Group

    users = {}
    for name in ("relations", "committee", "admin"):
        user = django_user_model.objects.create_user(name, email=f"{name}@example.org", password="x")
        user.groups.add(Group.objects.get(name=GROUPS[name]))
        users[name] = user
    return users


# --- how the doors are used ---------------------------------------------------------------------------
def form_page(slug, language="ar"):
    from forms.models import FormPage

    return FormPage.objects.get(slug=slug, locale__language_code=language)


def help_answers(door="ar", **overrides):
    name = NAME_AR if door == "ar" else NAME_EN
    answers = {
        "full_name": name, "national_id": TYPED_ID[door], "mobile": TYPED_MOBILE[door], "email": EMAIL,
        "needs": f"إيجار — {name}, {EMAIL}, {MOBILE}", "documents": [pdf(FILE_NAME), png(IMAGE_NAME)],
    }  # fmt: skip
    return help_request_data(**{**answers, **overrides})


def volunteer_answers(door="ar"):
    return {
        "full_name": NAME_AR if door == "ar" else NAME_EN, "national_id": TYPED_ID[door],
        "mobile": TYPED_MOBILE[door], "email": EMAIL, "interests": ["إداري"], "availability": "صباحًا",
        "cv": pdf(FILE_NAME), "privacy_consent": "on", "website": "", "submission_token": str(uuid.uuid4()),
    }  # fmt: skip


def complaint_answers(door="ar"):
    return {
        "full_name": NAME_AR if door == "ar" else NAME_EN, "mobile": TYPED_MOBILE[door],
        "details": f"{NAME_AR} {NATIONAL_ID} {EMAIL}", "attachment": png(IMAGE_NAME), "complaint_type": "complaint",
        "privacy_consent": "on", "website": "", "submission_token": str(uuid.uuid4()),
    }  # fmt: skip


def api_answers(language="en"):
    return {
        "full_name": NAME_EN if language == "en" else NAME_AR, "national_id": TYPED_ID["api"],
        "mobile": TYPED_MOBILE["api"], "email": EMAIL, "city": "الرياض", "marital_status": "أرمل",
        "family_size": 5, "monthly_income": "3000", "birth_date": {"calendar": "hijri", "date": "15/03/1405"},
        "needs": f"Rent for {NAME_EN}, {EMAIL}", "declaration": True, "privacy_consent": True,
    }  # fmt: skip


def volunteer_json(language="en"):
    return {
        "full_name": NAME_EN if language == "en" else NAME_AR, "national_id": TYPED_ID["api"],
        "mobile": TYPED_MOBILE["api"], "email": EMAIL, "interests": ["إداري"], "availability": "صباحًا",
        "privacy_consent": True,
    }  # fmt: skip


def multipart(answers):
    fields = {}
    for key, value in answers.items():
        if isinstance(value, dict):
            fields[f"{key}_0"], fields[f"{key}_1"] = value["calendar"], value["date"]
        elif isinstance(value, bool):
            fields[key] = "true" if value else "false"
        else:
            fields[key] = value
    return {**fields, "documents": [pdf(FILE_NAME), png(IMAGE_NAME)]}


def latest_case():
    from forms.models import Submission

    return Submission.objects.order_by("-pk").first().case


def post(client, path, data, capture, **extra):
    with capture(execute=True):  # the notification tasks run after commit, in this process
        return client.post(path, data, **extra)


def post_json(client, path, body, capture, **extra):
    with capture(execute=True):
        return client.post(path, json.dumps(body), content_type="application/json", **extra)


def assert_every_message_failed():
    from forms.models import Notification

    owed = Notification.objects.all()
    assert owed.exists()
    assert not owed.filter(status=Notification.Status.SENT).exists()
    assert all(notification.last_error for notification in owed), "every attempt failed and said why"


# --- the doors ---------------------------------------------------------------------------------
def test_the_form_pages(client, leaks, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    for path, answers in [
        ("/ar/help-request/", help_answers("ar")),
        ("/en/help-request/", help_answers("en")),
        ("/ar/volunteer/", volunteer_answers("ar")),
        ("/en/complaints/", complaint_answers("en")),
    ]:
        response = post(client, path, answers, capture)
        assert response.status_code == 302, (path, response.content.decode()[:1500])
        assert client.get(response["Location"]).status_code == 200  # the thank-you page
    # Sent back with errors (no privacy consent, a bad ID), and a repeat of a token.
    response = post(
        client, "/ar/help-request/", help_answers("ar", privacy_consent=None, national_id="2719463082"), capture
    )
    assert response.status_code == 400
    token = str(uuid.uuid4())
    for _ in range(2):
        post(client, "/ar/help-request/", help_answers("ar", submission_token=token), capture)
    assert_every_message_failed()
    assert RefusingMail.attempted and leaks.records("forms", logging.WARNING)
    leaks.assert_none()


def test_the_address_forms_post_to(client, leaks, django_capture_on_commit_callbacks):
    for language in ("ar", "en"):
        path = f"/{language}/forms/{form_page('help-request', language).pk}/send/"
        response = post(client, path, help_answers(language), django_capture_on_commit_callbacks)
        assert response.status_code == 302, response.content.decode()[:1500]
    assert_every_message_failed()
    leaks.assert_none()


def test_the_headless_api(client, leaks, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    for language in ("en", "ar"):
        volunteer = f"/api/v3/forms/{form_page('volunteer', language).pk}/submissions/"
        response = post_json(
            client, volunteer, volunteer_json(language), capture, HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())
        )
        assert response.status_code == 201, response.content
    page = form_page("help-request", "en")
    url = f"/api/v3/forms/{page.pk}/submissions/"
    response = post(client, url, multipart(api_answers()), capture, HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))
    assert response.status_code == 201, response.content
    arabic = form_page("help-request", "ar")
    response = post(client, f"/api/v3/forms/{arabic.pk}/submissions/", multipart(api_answers("ar")), capture)
    assert response.status_code == 201, response.content
    # Refused answers: a bad ID, then a body that is not JSON at all.
    response = post_json(client, url, {**api_answers(), "national_id": "2719463082"}, capture)
    assert response.status_code == 422
    broken = f'{{"full_name": "{NAME_EN}", "mobile": "{MOBILE}",'
    response = client.post(url, broken, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert_every_message_failed()
    leaks.assert_none()


def test_staff_entering_a_request_and_working_on_it(client, leaks, staff, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    sign_in(client, staff["relations"])
    for language in ("ar", "en"):
        page = form_page("help-request", language)
        path = reverse("inbox:enter", args=[page.pk]) + "?channel=phone"
        response = post(client, path, {**help_answers(language), "channel": "phone"}, capture)
        assert response.status_code == 302, response.content.decode()[:1500]
    case = latest_case()
    # The inbox searched by name, and the request read and moved through its page.
    assert client.get(reverse("inbox:index"), {"q": NAME_AR}).status_code == 200
    assert client.get(reverse("inbox:index"), {"q": MOBILE}).status_code == 200
    assert client.get(reverse("inbox:detail", args=[case.pk])).status_code == 200
    case.refresh_from_db()
    move = {"to": "verification", "reason": f"اتصلنا بـ {NAME_AR}", "version": case.version}
    response = post(client, reverse("inbox:move", args=[case.pk]), move, capture)
    assert response.status_code == 302
    # An administrator looks the applicant up by ID and corrects the name (PDPL).
    sign_in(client, staff["admin"])
    response = client.post(reverse("inbox:personal_data"), {"identifier": TYPED_ID["ar"]})
    assert response.status_code == 302, response.content.decode()[:1500]
    response = client.post(
        reverse("inbox:personal_data_correct"),
        {"request": "", "field": "role:name", "value": NAME_AR + " الثانية", "reason": f"طلب {NAME_AR}"},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    assert_every_message_failed()
    leaks.assert_none()


def test_moves_owe_messages_that_fail_and_are_retried(client, leaks, staff, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from forms.models import Notification
    from inbox import services
    from tests.support.inbox import deliver

    capture = django_capture_on_commit_callbacks
    post(client, "/ar/help-request/", help_answers("ar"), capture)
    case = latest_case()
    with capture(execute=True):
        services.make_move(case.pk, "verification", user=staff["relations"])
        services.make_move(case.pk, "waiting", user=staff["relations"], reason=f"صورة هوية {NAME_AR} {NATIONAL_ID}")
    post(client, "/en/help-request/", help_answers("en"), capture)
    other = latest_case()
    with capture(execute=True):
        deliver(other, staff)
        services.make_move(other.pk, "closed", user=staff["relations"], reason=f"Closed for {NAME_EN}")
    assert Notification.objects.filter(channel=Notification.Channel.APPLICANT_SMS).exists()
    # The maintenance run (cron) retries whatever is due, as often as it is run.
    for _ in range(2):
        Notification.objects.filter(status=Notification.Status.PENDING).update(next_attempt_at=timezone.now())
        with capture(execute=True):
            call_command("forms_maintenance", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Notification.objects.filter(attempts__gte=3).exists()
    assert_every_message_failed()
    leaks.assert_none()


def test_following_a_request_up(client, leaks, staff, django_capture_on_commit_callbacks):
    from followup import tokens
    from inbox import services
    from tests.support.inbox import deliver

    capture = django_capture_on_commit_callbacks
    post(client, "/ar/help-request/", help_answers("ar"), capture)
    case = latest_case()
    reference = case.submission.reference
    # The lookup page and API: found, not found, invalid.
    for mobile in (TYPED_MOBILE["ar"], "0500000000", NAME_AR):
        assert (
            post(client, "/ar/track-request/", {"reference": reference, "mobile": mobile}, capture).status_code == 200
        )
    assert post(client, "/en/track-request/", {"reference": NAME_EN, "mobile": MOBILE}, capture).status_code == 200
    for body in ({"reference": reference, "mobile": TYPED_MOBILE["api"]}, {"reference": EMAIL, "mobile": MOBILE}):
        assert post_json(client, "/api/v3/followup/lookup/?locale=en", body, capture).status_code in (200, 404, 422)
    # The personal link: documents sent (named by the applicant), then withdrawn with a reason.
    with capture(execute=True):
        services.make_move(case.pk, "verification", user=staff["relations"])
        services.make_move(case.pk, "waiting", user=staff["relations"], reason="صورة الهوية")
    link = f"/ar/track-request/link/{tokens.status_token(case)}/"
    assert client.get(link).status_code == 200
    case.refresh_from_db()
    documents = {
        "documents": [pdf(FILE_NAME), png(IMAGE_NAME)],
        "text": f"من {NAME_AR} {MOBILE}",
        "version": case.version,
    }
    assert post(client, link + "documents/", documents, capture).status_code == 302
    bad = {"documents": [pdf("qanariya-lease-6612.exe")], "text": NAME_AR, "version": case.version}
    assert post(client, link + "documents/", bad, capture).status_code == 400
    case.refresh_from_db()
    withdrawal = {"confirm": "yes", "reason": f"{NAME_AR} {EMAIL}", "version": case.version}
    assert post(client, link + "withdraw/", withdrawal, capture).status_code == 302
    # Surveys: through a personal link (page and API) and the open form.
    survey_links = []
    for _ in range(2):
        post(client, "/ar/help-request/", help_answers("ar"), capture)
        delivered = latest_case()
        with capture(execute=True):
            deliver(delivered, staff)
        survey_links.append(tokens.survey_token(delivered.survey_invitation))
    answers = {"overall": "٥", "speed": "4", "staff": "5", "comments": f"شكرًا — {NAME_AR} {MOBILE} {EMAIL}",
               "website": "", "submission_token": str(uuid.uuid4())}  # fmt: skip
    assert post(client, f"/ar/track-request/survey/{survey_links[0]}/", answers, capture).status_code == 302
    api_answers_ = {"overall": 5, "speed": 4, "staff": 5, "comments": f"Thanks, {NAME_EN} {NATIONAL_ID}"}
    response = post_json(client, f"/api/v3/followup/surveys/{survey_links[1]}/?locale=en", api_answers_, capture)
    assert response.status_code == 201, response.content
    open_survey = {**answers, "submission_token": str(uuid.uuid4()), "request_reference": reference}
    assert post(client, "/en/satisfaction-survey/", open_survey, capture).status_code == 302
    leaks.assert_none()


def test_the_console_sms_backend_outside_development(
    client, leaks, settings, capsys, django_capture_on_commit_callbacks
):
    """Production without a gateway configured falls back to the console backend: it says so, naming no one."""
    settings.FORMS_SMS_BACKEND = "forms.sms.ConsoleBackend"
    post(client, "/ar/help-request/", help_answers("ar"), django_capture_on_commit_callbacks)
    assert any("no SMS gateway" in record.getMessage() for record in leaks.records("forms.sms", logging.WARNING))
    assert canaries_in(capsys.readouterr().out) == []
    leaks.assert_none()


# --- a door that breaks: Django's error report ------------------------------------------------------------
class Exploded(RuntimeError):
    pass


def explode(*args, **kwargs):
    raise Exploded("something broke inside")


def test_errors_inside_every_door_report_no_personal_data(
    leaks, staff, monkeypatch, django_capture_on_commit_callbacks
):
    from followup import status
    from forms import pipeline
    from inbox import services
    from website import views

    capture = django_capture_on_commit_callbacks
    applicant = Client(raise_request_exception=False)
    post(applicant, "/ar/help-request/", help_answers("ar"), capture)
    case = latest_case()
    from followup import tokens

    link = f"/ar/track-request/link/{tokens.status_token(case)}/"
    with capture(execute=True):
        services.make_move(case.pk, "verification", user=staff["relations"])
        services.make_move(case.pk, "waiting", user=staff["relations"], reason="صورة الهوية")

    monkeypatch.setattr(pipeline, "next_reference", explode)
    monkeypatch.setattr(status, "_matching_case", explode)
    monkeypatch.setattr(services, "applicant_send_documents", explode)
    monkeypatch.setattr(views, "search_terms", explode)
    page_en = form_page("help-request", "en")
    api = f"/api/v3/forms/{page_en.pk}/submissions/"
    staff_client = sign_in(Client(raise_request_exception=False), staff["relations"])
    attempts = [
        (applicant, "/ar/help-request/", help_answers("ar")),
        (applicant, f"/en/forms/{page_en.pk}/send/", help_answers("en")),
        (applicant, api, multipart(api_answers())),
        (applicant, "/ar/track-request/", {"reference": case.submission.reference, "mobile": TYPED_MOBILE["ar"]}),
        (applicant, link + "documents/", {"documents": [pdf(FILE_NAME)], "text": NAME_AR, "version": case.version}),
        (staff_client, reverse("inbox:enter", args=[page_en.pk]) + "?channel=letter",
         {**help_answers("en"), "channel": "letter"}),
    ]  # fmt: skip
    # The site's own error emails to ADMINS (settings.LOGGING), into the locmem outbox for the test.
    (emails,) = [h for h in logging.getLogger("django.request").handlers if isinstance(h, AdminEmailHandler)]
    emails.email_backend = "django.core.mail.backends.locmem.EmailBackend"
    try:
        for client, path, data in attempts:
            assert post(client, path, data, capture).status_code == 500, path
        volunteer = f"/api/v3/forms/{form_page('volunteer', 'en').pk}/submissions/"
        assert post_json(applicant, volunteer, volunteer_json(), capture).status_code == 500
        body = {"reference": case.submission.reference, "mobile": TYPED_MOBILE["api"]}
        assert post_json(applicant, "/api/v3/followup/lookup/", body, capture).status_code == 500
        assert applicant.get("/ar/search/", {"q": f"{NAME_AR} {NATIONAL_ID}"}).status_code == 500
    finally:
        emails.email_backend = None
    errors = leaks.records("django.request", logging.ERROR)
    assert len(errors) == len(attempts) + 3 and all(r.exc_info for r in errors)
    assert len(leaks.catch.admin_email.written) >= len(errors)
    outbox = [message for message in mail.outbox if message.to == ["admins@example.org"]]
    assert len(outbox) == len(errors) == len(leaks.admin_mail)  # each through mail_admins, recorded there
    # The reports still say where it broke, and which fields were sent.
    report = leaks.catch.admin_email.written[0]
    assert "Exploded" in report and "full_name" in report and "documents" in report
    leaks.assert_none()


# --- gunicorn's own logs --------------------------------------------------------------------------------
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"


@pytest.mark.skipif(not GUNICORN_CONF.exists(), reason="deploy/gunicorn.conf.py is not there yet")
def test_gunicorn_access_log_leaves_out_query_strings_and_referrers(monkeypatch):
    """%(r)s (the request line) and %(q)s carry the query string, %(f)s the referring page's (a search for a
    name); the log is rendered by gunicorn itself to be sure."""
    import datetime
    import types

    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    namespace = runpy.run_path(str(GUNICORN_CONF))
    config = Config()
    for key, value in namespace.items():
        if key in config.settings and not key.startswith("_"):
            config.set(key, value)
    log_format = config.access_log_format
    for atom in ("%(r)s", "%(q)s", "%(f)s", "%({referer}i)s", "%({referrer}i)s"):
        assert atom.lower() not in log_format.lower(), f"{atom} writes query strings into the access log"

    config.set("accesslog", None)
    config.set("errorlog", "-")
    logger = Logger(config)
    query = f"q={quote_plus(NAME_AR)}&mobile={MOBILE}"
    environ = {
        "REQUEST_METHOD": "GET", "RAW_URI": f"/ar/search/?{query}", "PATH_INFO": "/ar/search/",
        "QUERY_STRING": query, "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://example.org/ar/track-request/?{query}", "HTTP_USER_AGENT": "test",
    }  # fmt: skip
    request = types.SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"]), ("USER-AGENT", "test")])
    response = types.SimpleNamespace(status="200 OK", headers=[("Content-Type", "text/html")], sent=123)
    atoms = logger.atoms(response, request, environ, datetime.timedelta(milliseconds=12))
    line = log_format % logger.atoms_wrapper_class(atoms)
    assert "/ar/search/" in line or "%(U)s" not in log_format
    assert canaries_in(line) == [], line
