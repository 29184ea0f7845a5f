"""The load side of scripts/scale_test.py: applicants' browsers on loopback, each from an
address of its own, reading pages and sending the forms (with attachments) through nginx.
"""

import hashlib
import html
import http.client
import io
import random
import re
import ssl
import threading
import time
import uuid
from html.parser import HTMLParser
from urllib.parse import urlsplit

import requests
from PIL import Image
from requests.adapters import HTTPAdapter

CANARY = "SCALECANARY"  # in query strings: must never reach a log
STORAGE_FAILED_MSGID = "We could not save your attached files just now. Nothing was sent: please try again."


class SourceAddress(HTTPAdapter):
    """Connections from one loopback address (127.x.y.z): nginx sees each applicant apart,
    as the forms' rate limit and the reCAPTCHA check need."""

    def __init__(self, address, **kwargs):
        self.address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


class FormParser(HTMLParser):
    """The fields of the request form on a page, with the values it shows."""

    def __init__(self):
        super().__init__()
        self.action = None
        self.fields = {}  # name -> {"type", "value", "options", "multiple"}
        self._in_form = False
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "request-form" in (attrs.get("class") or ""):
            self._in_form, self.action = True, attrs.get("action")
        if not self._in_form or "name" not in attrs and tag in ("input", "select", "textarea"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            field = self.fields.setdefault(attrs["name"], {"type": kind, "value": None, "options": [],
                                                           "multiple": "multiple" in attrs})  # fmt: skip
            if kind in ("radio", "checkbox"):
                field["options"].append(attrs.get("value", "on"))
                if "checked" in attrs:
                    field["value"] = attrs.get("value", "on")
            else:
                field["value"] = attrs.get("value", "")
        elif tag == "select":
            self._select = self.fields.setdefault(attrs["name"], {"type": "select", "value": None, "options": []})
        elif tag == "option" and self._select is not None:
            self._select["options"].append(attrs.get("value", ""))
            if "selected" in attrs:
                self._select["value"] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = self.fields.setdefault(attrs["name"], {"type": "textarea", "value": "", "options": []})

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data


def parse_form(text):
    parser = FormParser()
    parser.feed(text)
    return parser


def national_id(n):
    """A valid national ID (forms/saudi.py's check digit), different for each n."""
    digits = [1] + [int(c) for c in f"{n:08d}"]
    for check in range(10):
        total = 0
        for index, digit in enumerate([*digits, check]):
            if index % 2 == 0:
                digit = digit * 2 - 9 if digit * 2 > 9 else digit * 2
            total += digit
        if total % 10 == 0:
            return "".join(map(str, digits)) + str(check)
    raise AssertionError


def pdf(tag, size=0):
    """A real one-page PDF (uploads are parsed, so it must open), large if asked: a stream of filler
    without anything forms/uploads.py refuses."""
    filler = random.Random(tag).randbytes(size).translate(None, b"<>/#%:") if size else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /PieceInfo << /Filler 4 0 R >> >>",
        b"<< /Length %d >>\nstream\n" % len(filler) + filler + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n%" + tag.encode() + b"\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return bytes(out + b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % start)


def png(tag):
    buffer = io.BytesIO()
    seed = int(hashlib.sha256(tag.encode()).hexdigest()[:6], 16)
    Image.new("RGB", (24, 16), (seed & 255, seed >> 8 & 255, seed >> 16 & 255)).save(buffer, format="PNG")
    return buffer.getvalue()


class Sent:
    """A submission as its applicant sent it."""

    def __init__(self, n, kind, language):
        self.n, self.kind, self.language = n, kind, language
        self.slug = "help-request" if kind == "help" else "complaints"
        self.name = f"متقدم الاختبار رقم {n}"
        self.answers = {
            "full_name": self.name,
            "national_id": national_id(n),
            "mobile": f"055{n:07d}",
            "email": f"applicant{n}@example.org",
            "family_size": "٥",
            "monthly_income": "٣٠٠٠",
            "birth_date_0": "hijri",
            "birth_date_1": "١٥/٠٣/١٤٠٥",
            "needs": f"سداد إيجار ثلاثة أشهر ({n})",
            "details": f"ملاحظة رقم {n} عن الخدمة",
            "declaration": "on",
            "privacy_consent": "on",
            "website": "",
        }
        if kind != "help":
            del self.answers["email"], self.answers["national_id"]
        self.files = []  # (field, name, bytes, content type)
        if kind == "help":
            tag = f"scale-{n}-{uuid.uuid4().hex[:8]}"
            big = 3_000_000 if n % 25 == 0 else 0  # past FILE_UPLOAD_MAX_MEMORY_SIZE: a temporary file
            self.files.append(("documents", f"id-{n}.pdf", pdf(tag, big), "application/pdf"))
            if n % 2:
                self.files.append(("documents", f"scan-{n}.png", png(tag), "image/png"))
        self.token = None
        self.reference = None
        self.outcomes = []  # statuses of each attempt

    def sha256s(self):
        return sorted(hashlib.sha256(content).hexdigest() for _field, _name, content, _type in self.files)


def fill(form, sent, address):
    """What a person types and ticks into this form."""
    data, files = [], []
    for name, field in form.fields.items():
        kind = field["type"]
        if kind == "file":
            mine = [(field_name, (file_name, content, ctype)) for field_name, file_name, content, ctype in sent.files
                    if field_name == name]  # fmt: skip
            files += mine or [(name, ("", b"", "application/octet-stream"))]  # an empty file input, as browsers send
        elif kind == "hidden":
            data.append((name, field["value"] or ""))
        elif kind in ("select", "radio"):
            wanted = sent.answers.get(name)
            options = [option for option in field["options"] if option]
            data.append((name, wanted if wanted in options else (field["value"] or (options[0] if options else ""))))
        elif kind == "checkbox":
            if name in sent.answers:
                data.append((name, sent.answers[name]))
        else:
            data.append((name, sent.answers.get(name, field["value"] or "اختبار")))
    data.append(("g-recaptcha-response", f"scale:{address}"))
    return data, files


class Client:
    """One person's browser: a session from an address of its own."""

    def __init__(self, run, base, cert):
        n = next(run.addresses)
        self.address = f"127.20.{n // 250}.{n % 250 + 1}"
        self.run, self.base = run, base
        self.session = requests.Session()
        self.session.verify = str(cert)
        self.session.trust_env = False  # no REQUESTS_CA_BUNDLE in place of the test's certificate, no proxies
        self.session.mount("https://", SourceAddress(self.address, pool_maxsize=1))
        self.session.headers["User-Agent"] = "scale-test"

    def request(self, phase, kind, method, path, **kwargs):
        started = time.monotonic()
        status, error, response = None, "", None
        try:
            response = self.session.request(method, self.base + path, timeout=40, allow_redirects=False, **kwargs)
            status = response.status_code
        except requests.RequestException as exception:
            error = f"{type(exception).__name__}: {exception}"[:300]
        self.last = {"phase": phase, "kind": kind, "method": method, "path": path, "t0": started,
                     "t1": time.monotonic(), "status": status, "error": error, "note": ""}  # fmt: skip
        self.run.records.append(self.last)
        return response

    def note(self, text):
        self.last["note"] = text  # on this client's own last request

    def read(self, phase, path):
        return self.request(phase, "page", "GET", path)

    def submit(self, phase, sent, expected, retry_until):
        """Open the form, send it; after a 503, send again what the page kept (files re-attached)."""
        page = f"/{sent.language}/{sent.slug}/"
        response = self.request(phase, "form", "GET", page)
        if response is None or response.status_code != 200:
            return
        form = parse_form(response.text)
        sent.token = form.fields.get("submission_token", {}).get("value")
        headers = {"Referer": self.base + page, "Origin": self.base}
        while True:
            data, files = fill(form, sent, self.address)
            response = self.request(phase, "submit", "POST", form.action, data=data, files=files, headers=headers)
            if response is None:
                return
            sent.outcomes.append(response.status_code)
            if response.status_code == 302:
                location = urlsplit(response.headers["Location"]).path
                match = re.search(r"/thanks/(([A-Z]{2,4}-\d{4}-\d{6})-[0-9a-f]{24})/$", location)
                if not match:
                    self.note("redirect without a reference")
                    return
                sent.reference = match.group(2)
                self.run.secrets.append(match.group(1))  # the thank-you page's token: never in a log
                self.run.acknowledged.append(sent)
                thanks = self.request(phase, "thanks", "GET", location)
                if thanks is not None and thanks.status_code != 200:
                    self.note("thank-you page not shown")
                return
            if response.status_code != 503:
                self.note("unexpected status")
                return
            problems = check_storage_503(response.text, sent, expected)
            self.note("storage 503: " + (", ".join(problems) if problems else "ok"))
            if problems or time.monotonic() > retry_until():
                return
            kept = parse_form(response.text)
            if kept.fields.get("submission_token", {}).get("value") != sent.token:
                self.note("storage 503: submission token not kept")
                return
            form = kept
            time.sleep(1.0)  # the applicant reads the message, attaches the files again, sends


def check_storage_503(text, sent, expected):
    """What the applicant must see when the bucket is down: the translated message, and their answers."""
    problems = []
    text = html.unescape(text)
    if expected[sent.language] not in text:
        problems.append("message missing")
    if sent.language != "en" and expected[sent.language] == STORAGE_FAILED_MSGID:
        problems.append("message not translated")
    kept = parse_form(text)
    for key in ("full_name", "mobile", "national_id", "email", "needs", "details"):
        if key in sent.answers and key in kept.fields and kept.fields[key]["value"].strip() != sent.answers[key]:
            problems.append(f"{key} not kept")
    return problems


def load(run, base, cert, phase, until, *, readers, submitters, pages, expected, kinds=("help", "complaint"),
         health_only=False, retry_until=None):  # fmt: skip
    """Clients reading and sending until `until()` is true."""
    counter = run.submission_counter

    def reader():
        client = Client(run, base, cert)
        rng = random.Random()
        while not until():
            if health_only:
                client.request(phase, "health", "GET", "/healthz")
                continue
            roll = rng.random()
            if roll < 0.05:
                client.read(phase, f"/{rng.choice(['ar', 'en'])}/search/?q={CANARY}{rng.randrange(10**6)}")
            elif roll < 0.10 and pages["static"]:
                client.read(phase, rng.choice(pages["static"]))
            else:
                client.read(phase, rng.choice(pages["pages"]))

    def submitter():
        rng = random.Random()
        client, used = Client(run, base, cert), 0
        while not until():
            if used >= 8:  # a new applicant, from another address (the rate limit is 20 per address)
                client, used = Client(run, base, cert), 0
            n = next(counter)
            sent = Sent(n, rng.choice(kinds), "ar" if rng.random() < 0.7 else "en")
            client.submit(phase, sent, expected, retry_until or until)
            used += 1

    threads = [threading.Thread(target=reader, daemon=True) for _ in range(readers)]
    threads += [threading.Thread(target=submitter, daemon=True) for _ in range(submitters)]
    for thread in threads:
        thread.start()
    return threads


def announced(base, cert, path, size, content_type="multipart/form-data; boundary=scale"):
    """A POST's headers only, announcing `size` bytes: nginx refuses one too large before any byte of it."""
    parts = urlsplit(base)
    context = ssl.create_default_context(cafile=str(cert))
    connection = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=20, context=context)
    try:
        connection.putrequest("POST", path)
        connection.putheader("Content-Type", content_type)
        connection.putheader("Content-Length", str(size))
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", "")
    except OSError as error:
        return None, str(error)
    finally:
        connection.close()


def answered_by(response):
    """Who answered: the app (Django's SecurityMiddleware marks every answer it sends) or nginx."""
    if response is None:
        return "no answer"
    who = "the app" if response.headers.get("X-Content-Type-Options") == "nosniff" else "nginx"
    return f"{who} ({response.status_code})"
