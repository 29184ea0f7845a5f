"""Submissions per second and latency under gunicorn (2 workers) with PostgreSQL.

    .venv/bin/python bench/submissions.py [--seconds 15] [--connections 8]

Makes its own database on the PostgreSQL server named by TEST_POSTGRES_URL
(default postgresql://postgres@127.0.0.1:5432/postgres), seeds the demo,
starts gunicorn on 127.0.0.1 with production's database and cache settings
(persistent connections; Redis at BENCH_REDIS_URL when it answers), and
measures, in the same run, with wrk (Debian's `wrk`) as the load:
  - a trivial view (/healthz), as the yardstick for this machine;
  - the satisfaction survey (no attachment), posted where its form posts;
  - the same survey posted to the page's own URL (Wagtail's page routing);
  - a help request with a 200 KB PDF attachment;
then the worker CPU per request, and the number of database queries per
submission (constant means no N+1). Only loopback addresses are used; the run
stops by itself.
"""

import argparse
import os
import re
import uuid

from common import bench_database, django_script, get, gunicorn, manage, measure, require_wrk  # bench/common.py


def real_pdf(filler: bytes = b"") -> bytes:
    """A one-page PDF that opens (uploads are parsed), carrying `filler` in a stream."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /PieceInfo << /Filler 4 0 R >> >>",
        b"<< /Length %d >>\nstream\n" % len(filler) + filler + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return bytes(out + b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % start)


PDF_200K = real_pdf(b"0" * 200_000)
SURVEY = {"overall": "5", "speed": "4", "staff": "5"}
HELP_REQUEST = {
    "full_name": "مستفيد تجريبي", "national_id": "1000000008", "mobile": "0505550123", "city": "الرياض",
    "marital_status": "متزوج", "family_size": "4", "monthly_income": "2500", "needs": "اختبار أداء",
    "declaration": "on", "privacy_consent": "on",
}  # fmt: skip


def open_form(port, path):
    """The form's CSRF cookie and token and where it posts to, as a browser gets them."""
    response, html = get(port, path)
    assert response.status == 200, (path, response.status)
    cookie = next(
        value.split(";", 1)[0] for header, value in response.getheaders()
        if header.lower() == "set-cookie" and value.startswith("csrftoken=")
    )  # fmt: skip
    csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()
    action = re.search(rb'<form class="request-form" action="([^"]+)"', html).group(1).decode()
    return cookie, csrf, action


def multipart(fields, files=()):
    """A multipart body split around the submission token, which wrk fills in."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for name, filename, content in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    token_header = f'--{boundary}\r\nContent-Disposition: form-data; name="submission_token"\r\n\r\n'
    before = b"".join(parts) + token_header.encode()
    after = f"\r\n--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", before, after


QUERY_COUNT = r"""
import re
import uuid
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.core.files.uploadedfile import SimpleUploadedFile
from forms.models import FormPage
import io
from pypdf import PdfWriter
writer = PdfWriter()
writer.add_blank_page(595, 842)
buffer = io.BytesIO()
writer.write(buffer)
PDF = buffer.getvalue()  # a PDF that opens: uploads are parsed
client = Client(HTTP_HOST="127.0.0.1")
def send_url(slug):
    return FormPage.objects.get(slug=slug, locale__language_code="ar").send_url
def help_request(files):
    return {"full_name": "x", "national_id": "1000000008", "mobile": "0505550123", "city": "الرياض",
            "marital_status": "متزوج", "family_size": "4", "monthly_income": "2500", "needs": "x",
            "declaration": "on", "privacy_consent": "on", "submission_token": str(uuid.uuid4()),
            "documents": [SimpleUploadedFile(f"d{i}.pdf", PDF) for i in range(files)]}
def survey():
    return {"overall": "5", "speed": "4", "staff": "5", "submission_token": str(uuid.uuid4())}
cases = [
    ("survey", send_url("satisfaction-survey"), survey),
    ("survey, to the page's URL", "/ar/satisfaction-survey/", survey),
    ("help request, 1 file", send_url("help-request"), lambda: help_request(1)),
    ("help request, 3 files", send_url("help-request"), lambda: help_request(3)),
]
for label, path, data in cases:
    counts = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(path, data())
        errors = re.findall(r"field__error[^>]*>([^<]+)", response.content.decode())
        assert response.status_code == 302, (path, response.status_code, errors)
        counts.append(len(queries))
    print(f"  {label:27} {path:27} {', '.join(map(str, counts))}")
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15, help="measured seconds per scenario (after 3 s of warm-up)")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    require_wrk()

    with bench_database() as (env, workdir, cache):
        manage(env, "migrate", "--no-input")
        manage(env, "seed_demo")
        counted = django_script(env, QUERY_COUNT)
        with gunicorn(env, workers=2) as (port, server):
            survey_cookie, survey_csrf, survey_action = open_form(port, "/ar/satisfaction-survey/")
            help_cookie, help_csrf, help_action = open_form(port, "/ar/help-request/")
            survey_body = multipart({**SURVEY, "csrfmiddlewaretoken": survey_csrf})
            help_body = multipart(
                {**HELP_REQUEST, "csrfmiddlewaretoken": help_csrf}, files=[("documents", "proof.pdf", PDF_200K)]
            )
            scenarios = {
                "trivial view (/healthz)": {"path": "/healthz"},
                "survey, no attachment": {"method": "POST", "path": survey_action, "cookie": survey_cookie,
                                          "body": survey_body},
                "survey, to the page's URL": {"method": "POST", "path": "/ar/satisfaction-survey/",
                                              "cookie": survey_cookie, "body": survey_body},
                "help request, 200 KB PDF": {"method": "POST", "path": help_action, "cookie": help_cookie,
                                             "body": help_body},
            }  # fmt: skip
            results = measure(port, workdir, server, scenarios, seconds=args.seconds, connections=args.connections)
    yardstick = results["trivial view (/healthz)"]["per_second"]
    print(
        f"gunicorn 2 sync workers, PostgreSQL (persistent connections), cache: {cache}, "
        f"wrk with {args.connections} connections for {args.seconds} s a scenario, {os.cpu_count()} CPU cores"
    )
    print(
        f"{'scenario':28} {'ok':>6} {'bad':>4} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'vs trivial':>10}"
        f" {'worker CPU ms/req':>18}"
    )
    for label, result in results.items():
        print(
            f"{label:28} {result['ok']:>6} "
            f"{result['bad_status'] + result['socket_errors']:>4} {result['per_second']:>8.1f} "
            f"{result['p50_ms']:>8.1f} {result['p95_ms']:>8.1f} {result['per_second'] / yardstick:>10.3f}"
            f" {result['cpu_ms']:>18.1f}"
        )
    print("\nqueries per submission, three in a row (in-process, same database; a worker's first")
    print("submission to a form also prepares the page):")
    print(counted.rstrip())


if __name__ == "__main__":
    main()
