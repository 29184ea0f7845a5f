"""forms/siteverify.py: Google's check on a kept-alive connection, against a TLS server on loopback."""

import json
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.error import HTTPError, URLError

import pytest
from django_recaptcha import client

from forms import siteverify
from scripts.scale_services import make_certificate


class Siteverify:
    """A stand-in for www.google.com's siteverify over TLS: counts connections and requests."""

    def __init__(self, cert, key, status=200):
        self.connections, self.requests, self.status = 0, [], status
        self.hang_up = False  # close each connection after its answer, without saying so (an idle timeout)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keeps the connection open, as Google does

            def setup(self):
                fake.connections += 1
                super().setup()

            def log_message(self, *args):
                pass

            def do_POST(self):
                fake.requests.append(self.rfile.read(int(self.headers["Content-Length"])).decode())
                body = json.dumps({"success": True, "hostname": "testserver"}).encode()
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                self.close_connection = fake.hang_up

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.domain = f"127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    return make_certificate(tmp_path_factory.mktemp("siteverify"))


@pytest.fixture
def google(certificate, settings, monkeypatch):
    cert, key = certificate
    server = Siteverify(cert, key)
    settings.RECAPTCHA_DOMAIN = server.domain
    trusting = ssl.create_default_context(cafile=str(cert))
    monkeypatch.setattr(siteverify, "tls_context", lambda: trusting)
    siteverify.close()
    yield server
    siteverify.close()
    server.stop()


def test_it_is_django_recaptchas_request():
    assert client.recaptcha_request is siteverify.request


def test_checks_share_one_connection(google):
    for token in ("first", "second", "third"):
        answer = client.submit(recaptcha_response=token, private_key="secret", remoteip="203.0.113.9")
        assert answer.is_valid and answer.extra_data["hostname"] == "testserver"
    assert google.connections == 1
    assert [request.split("&")[1] for request in google.requests] == [
        "response=first", "response=second", "response=third"
    ]  # fmt: skip


def test_a_connection_closed_while_idle_is_made_again(google):
    google.hang_up = True
    client.submit(recaptcha_response="first", private_key="secret", remoteip="203.0.113.9")
    google.hang_up = False
    assert client.submit(recaptcha_response="second", private_key="secret", remoteip="203.0.113.9").is_valid
    assert google.connections == 2


def test_an_error_status_is_an_http_error(google):
    google.status = 500
    with pytest.raises(HTTPError):
        client.submit(recaptcha_response="token", private_key="secret", remoteip="203.0.113.9")


def test_a_server_not_trusted_is_refused(google, monkeypatch):
    monkeypatch.setattr(siteverify, "tls_context", ssl.create_default_context)  # the test certificate not trusted
    siteverify.close()
    with pytest.raises(URLError):
        client.submit(recaptcha_response="token", private_key="secret", remoteip="203.0.113.9")
    assert google.requests == []


def test_nobody_answering_is_a_url_error(settings):
    siteverify.close()
    settings.RECAPTCHA_DOMAIN = "127.0.0.1:9"  # discard: nothing listens
    with pytest.raises(URLError):
        client.submit(recaptcha_response="token", private_key="secret", remoteip="203.0.113.9")
