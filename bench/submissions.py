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
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
PDF_200K = b"%PDF-1.4\n" + b"1 0 obj\n<< /Length 0 >>\nstream\n" + b"0" * 200_000 + b"\nendstream\nendobj\n%%EOF\n"
SURVEY = {"overall": "5", "speed": "4", "staff": "5"}
HELP_REQUEST = {
    "full_name": "مستفيد تجريبي", "national_id": "1000000008", "mobile": "0505550123", "city": "الرياض",
    "marital_status": "متزوج", "family_size": "4", "monthly_income": "2500", "needs": "اختبار أداء",
    "declaration": "on", "privacy_consent": "on",
}  # fmt: skip

# wrk runs this for every request: the body is fixed but for a fresh submission
# token, so each request is a new submission (a repeated token is answered
# without creating one).
WRK_SCRIPT = r"""
local counter, thread_number = 0, 0
function setup(thread)
  thread_number = thread_number + 1
  thread:set("thread_number", thread_number)
end
local function slurp(name)
  local file = assert(io.open(name, "rb"))
  local text = file:read("*a")
  file:close()
  return text
end
function init(args)
  method, path, run = os.getenv("BENCH_METHOD"), os.getenv("BENCH_PATH"), os.getenv("BENCH_RUN")
  headers = {["Cookie"] = os.getenv("BENCH_COOKIE"), ["Referer"] = "http://127.0.0.1/"}
  if method == "POST" then
    headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE")
    before, after = slurp(os.getenv("BENCH_BODY_BEFORE")), slurp(os.getenv("BENCH_BODY_AFTER"))
  end
end
function request()
  if method ~= "POST" then return wrk.format(method, path, headers) end
  counter = counter + 1
  local token = string.format("%s-%04x-4000-8000-%012x", run, thread_number, counter)
  return wrk.format(method, path, headers, before .. token .. after)
end
function done(summary, latency, requests)
  local errors = summary.errors
  local file = assert(io.open(os.getenv("BENCH_RESULT"), "w"))
  file:write(string.format(
    '{"requests": %d, "bad_status": %d, "socket_errors": %d, "seconds": %f, "p50_ms": %f, "p95_ms": %f}',
    summary.requests, errors.status, errors.connect + errors.read + errors.write + errors.timeout,
    summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3))
  file:close()
end
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, path, cookie=""):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    return response, response.read()


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


def worker_cpu_seconds(master_pid: int) -> float:
    """CPU time used so far by gunicorn's workers (children of the master), from /proc."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:  # ppid
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return total


def wrk(port, workdir, *, seconds, connections, method="GET", path, cookie="", body=None):
    env = {**os.environ, "BENCH_METHOD": method, "BENCH_PATH": path, "BENCH_COOKIE": cookie,
           "BENCH_RUN": uuid.uuid4().hex[:8], "BENCH_RESULT": str(workdir / "result.json")}  # fmt: skip
    if body:
        content_type, before, after = body
        (workdir / "before").write_bytes(before)
        (workdir / "after").write_bytes(after)
        env.update(BENCH_CONTENT_TYPE=content_type, BENCH_BODY_BEFORE=str(workdir / "before"),
                   BENCH_BODY_AFTER=str(workdir / "after"))  # fmt: skip
    command = ["wrk", "--threads", "1", "--connections", str(connections), "--duration", f"{seconds}s",
               "--script", str(workdir / "bench.lua"), f"http://127.0.0.1:{port}/"]  # fmt: skip
    subprocess.run(command, env=env, check=True, capture_output=True)
    return json.loads((workdir / "result.json").read_text())


QUERY_COUNT = r"""
import re
import uuid
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.core.files.uploadedfile import SimpleUploadedFile
from forms.models import FormPage
PDF = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n%%EOF\n"
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


def redis_answers(url) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
    except Exception:
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15, help="measured seconds per scenario (after 3 s of warm-up)")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed for the load: apt-get install wrk")

    name = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    workdir = Path(tempfile.mkdtemp(prefix=f"{name}-"))
    (workdir / "bench.lua").write_text(WRK_SCRIPT)
    cache = "Redis" if redis_answers(REDIS_URL) else "local memory (no Redis answered)"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.bench",
        "DATABASE_URL": ADMIN_URL.rsplit("/", 1)[0] + "/" + name,
        "DJANGO_TEST_MEDIA_DIR": str(workdir / "media"),
        "BENCH_REDIS_URL": REDIS_URL if cache == "Redis" else "",
    }
    server = None
    try:
        for command in (["migrate", "--no-input"], ["seed_demo"]):
            subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
        counted = subprocess.run(
            [PYTHON, "manage.py", "shell", "--no-imports", "-c", QUERY_COUNT],
            cwd=ROOT, env=env, capture_output=True, text=True,
        )  # fmt: skip
        if counted.returncode:
            raise RuntimeError(counted.stderr[-3000:])
        port = free_port()
        gunicorn = str(Path(PYTHON).parent / "gunicorn")
        server = subprocess.Popen(
            [gunicorn, "website.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "error"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while True:
            try:
                if get(port, "/healthz")[0].status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.3)

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
        results = {}
        for label, scenario in scenarios.items():
            wrk(port, workdir, seconds=3, connections=args.connections, **scenario)  # warm-up
            cpu_before = worker_cpu_seconds(server.pid)
            result = wrk(port, workdir, seconds=args.seconds, connections=args.connections, **scenario)
            ok = result["requests"] - result["bad_status"]
            result["per_second"] = ok / result["seconds"]
            result["cpu_ms"] = 1000 * (worker_cpu_seconds(server.pid) - cpu_before) / max(ok, 1)
            results[label] = result
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
                f"{label:28} {result['requests'] - result['bad_status']:>6} "
                f"{result['bad_status'] + result['socket_errors']:>4} {result['per_second']:>8.1f} "
                f"{result['p50_ms']:>8.1f} {result['p95_ms']:>8.1f} {result['per_second'] / yardstick:>10.3f}"
                f" {result['cpu_ms']:>18.1f}"
            )
        print("\nqueries per submission, three in a row (in-process, same database; a worker's first")
        print("submission to a form also prepares the page):")
        print(counted.stdout.rstrip())
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)
        with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
