"""The HTTP gateway SMS backend, against a fake gateway on loopback."""

import json
import re
import socket
import ssl
import subprocess
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured

from forms.models import Notification, Submission
from forms.sms import HttpGatewayBackend, SmsDeliveryError, tls_context
from scripts.servers.production_env import PYTHON, ROOT, production_env
from tests.support.forms import help_request_data

TOKEN = "gateway-token-for-tests"
ARABIC_LETTERS = re.compile("[\u0621-\u064a]")
ARABIC = "وصلنا طلبك رقم HR-2026-000001، وسنجيبك في موعد أقصاه ١٤٤٨/٠٣/١٥"


class FakeGateway:
    """An HTTP server on 127.0.0.1 that records every request and answers `status`.

    With `hold` set, it keeps the client waiting (until released) to provoke a timeout.
    """

    def __init__(self):
        self.requests = []
        self.status = 200
        self.hold = False
        self.release = threading.Event()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                gateway.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                if gateway.hold:  # the client gives up meanwhile: nothing to answer
                    gateway.release.wait(timeout=30)
                    return
                answer = json.dumps({"ok": 200 <= gateway.status < 300}).encode()
                self.send_response(gateway.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format, *args):  # keep the test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1/messages"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway():
    server = FakeGateway().start()
    yield server
    server.stop()


@pytest.fixture
def gateway_settings(settings, gateway):
    settings.FORMS_SMS_BACKEND = "forms.sms.HttpGatewayBackend"
    settings.FORMS_SMS_GATEWAY_URL = gateway.url
    settings.FORMS_SMS_GATEWAY_TOKEN = TOKEN
    settings.FORMS_SMS_SENDER = "Jamiya"
    return settings


def test_posts_json_with_the_bearer_token_and_the_arabic_text_intact(gateway_settings, gateway):
    HttpGatewayBackend().send("+966505550123", ARABIC)
    [request] = gateway.requests
    assert request["path"] == "/v1/messages"
    assert request["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert request["headers"]["Content-Type"] == "application/json; charset=utf-8"
    # Raw UTF-8 on the wire, not \u escapes: decoded as UTF-8 it is the same text.
    assert ARABIC.encode("utf-8") in request["body"]
    assert json.loads(request["body"].decode("utf-8")) == {"to": "+966505550123", "text": ARABIC, "sender": "Jamiya"}


def test_sender_is_left_out_when_not_set(gateway_settings, gateway):
    gateway_settings.FORMS_SMS_SENDER = ""
    HttpGatewayBackend().send("+966505550123", "hello")
    assert json.loads(gateway.requests[0]["body"]) == {"to": "+966505550123", "text": "hello"}


def test_a_server_error_raises(gateway_settings, gateway):
    gateway.status = 500
    with pytest.raises(SmsDeliveryError, match="HTTP 500"):
        HttpGatewayBackend().send("+966505550123", "hello")
    assert len(gateway.requests) == 1


@pytest.mark.parametrize("status", [301, 401, 429])
def test_any_other_answer_than_2xx_raises(gateway_settings, gateway, status):
    gateway.status = status
    with pytest.raises(SmsDeliveryError, match=f"HTTP {status}"):
        HttpGatewayBackend().send("+966505550123", "hello")
    assert len(gateway.requests) == 1  # a redirect is not followed


def test_a_gateway_that_does_not_answer_in_time_raises(gateway_settings, gateway):
    gateway.hold = True
    gateway_settings.FORMS_SMS_GATEWAY_TIMEOUT = 0.5
    with pytest.raises(SmsDeliveryError, match="not reached"):
        HttpGatewayBackend().send("+966505550123", "hello")
    gateway.release.set()


def test_a_refused_connection_raises(gateway_settings):
    with socket.socket() as sock:  # a port that nothing listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    gateway_settings.FORMS_SMS_GATEWAY_URL = f"http://127.0.0.1:{port}/v1/messages"
    with pytest.raises(SmsDeliveryError, match="not reached"):
        HttpGatewayBackend().send("+966505550123", "hello")


def test_a_number_that_is_not_e164_is_refused_before_sending(gateway_settings, gateway):
    with pytest.raises(SmsDeliveryError, match="E.164"):
        HttpGatewayBackend().send("0505550123", "hello")
    assert gateway.requests == []


def test_the_backend_needs_a_url_and_a_token(settings):
    settings.FORMS_SMS_GATEWAY_URL = ""
    settings.FORMS_SMS_GATEWAY_TOKEN = TOKEN
    with pytest.raises(ImproperlyConfigured):
        HttpGatewayBackend()
    settings.FORMS_SMS_GATEWAY_URL = "file:///etc/passwd"
    with pytest.raises(ImproperlyConfigured):
        HttpGatewayBackend()


@pytest.mark.django_db
def test_filing_a_help_request_sends_the_acknowledgement_through_the_gateway(
    client, site_pages, gateway_settings, gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ar/help-request/", help_request_data())
    assert response.status_code == 302
    submission = Submission.objects.get()
    # Every SMS the submission owes went through the gateway, once.
    owed = Notification.objects.filter(submission=submission, channel="applicant_sms")
    assert owed and {(n.status, n.attempts, n.last_error) for n in owed} == {("sent", 1, "")}
    bodies = [json.loads(request["body"].decode("utf-8")) for request in gateway.requests]
    assert len(bodies) == len(owed)
    assert all(body["to"] == "+966505550123" and body["sender"] == "Jamiya" for body in bodies)
    # The acknowledgement, in Arabic, names the reference.
    assert any(submission.reference in body["text"] and ARABIC_LETTERS.search(body["text"]) for body in bodies)


@pytest.mark.django_db
def test_a_failing_gateway_leaves_the_sms_pending_with_its_error(
    client, site_pages, gateway_settings, gateway, django_capture_on_commit_callbacks
):
    gateway.status = 500
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ar/help-request/", help_request_data())
    assert response.status_code == 302  # the applicant still gets the thank-you page
    submission = Submission.objects.get()
    owed = Notification.objects.filter(submission=submission, channel="applicant_sms")
    assert owed and len(gateway.requests) == len(owed)
    for sms in owed:
        assert (sms.status, sms.attempts) == ("pending", 1)
        assert "SmsDeliveryError" in sms.last_error and "HTTP 500" in sms.last_error
        assert TOKEN not in sms.last_error
    others = Notification.objects.filter(submission=submission).exclude(channel="applicant_sms")
    assert set(others.values_list("status", flat=True)) == {"sent"}


def run_check(env):
    return subprocess.run(
        [PYTHON, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_the_gateway_backend_without_url_and_token():
    result = run_check(production_env(FORMS_SMS_BACKEND="forms.sms.HttpGatewayBackend"))
    assert result.returncode != 0
    assert "FORMS_SMS_GATEWAY_URL, FORMS_SMS_GATEWAY_TOKEN\n" in result.stderr


def test_production_starts_with_the_gateway_backend_configured():
    env = production_env(
        FORMS_SMS_BACKEND="forms.sms.HttpGatewayBackend",
        FORMS_SMS_GATEWAY_URL="https://sms.example.org/v1/messages",
        FORMS_SMS_GATEWAY_TOKEN=TOKEN,
    )
    result = run_check(env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_messages_share_one_tls_context_that_checks_certificates(settings):
    settings.FORMS_SMS_GATEWAY_URL = "https://sms.example.org/v1/messages"
    settings.FORMS_SMS_GATEWAY_TOKEN = TOKEN
    contexts = [
        handler._context
        for backend in (HttpGatewayBackend(), HttpGatewayBackend())
        for handler in backend.opener.handlers
        if isinstance(handler, urllib.request.HTTPSHandler)
    ]
    assert len(contexts) == 2 and contexts[0] is contexts[1] is tls_context()
    assert contexts[0].verify_mode == ssl.CERT_REQUIRED and contexts[0].check_hostname
