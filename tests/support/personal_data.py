"""Canaries and a log-catching harness for the no-personal-data tests (tests/core/test_no_personal_data_in_*.py).

Canary values (a name, a national ID, a mobile, an email, an attachment's file name) and `canaries_in`, which
finds them in any spelling; `Catch`, which keeps every log record and what an error email would say of it;
`Leaks`, which looks for the canaries in records, audit entries and error emails; a mail server and an SMS
gateway that refuse everything; and the helpers that send the canaries in through each door.
The fixtures built on these (gateway, leaks, staff) are in tests/core/conftest.py.
"""

import contextlib
import json
import logging
import re
import smtplib
import threading
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, quote_plus

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.log import AdminEmailHandler

from tests.support.forms import help_request_data, pdf, png

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
